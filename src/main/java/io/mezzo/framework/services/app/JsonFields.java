package io.mezzo.framework.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the fields of one JSON object of a Marathon definition, recording a type error at the
 * field's path instead of throwing, and remembering which fields were read so that {@link #finish}
 * can refuse every field nobody asked for: a definition is never accepted with a part of it
 * silently dropped. A JSON {@code null} counts as absent, as in Marathon.
 */
final class JsonFields {
  private final JsonNode node;
  private final String path;
  private final Violations violations;
  private final String what;
  private final Set<String> read = new HashSet<>();

  /**
   * @param path the object's JSON path ({@code ""} for the top level)
   * @param what what the object is, for the unknown-field message ("an app", "a health check")
   */
  JsonFields(JsonNode node, String path, Violations violations, String what) {
    this.node = node;
    this.path = path;
    this.violations = violations;
    this.what = what;
  }

  /** The fields of {@code node}, or null (with a violation) if it is not an object. */
  static JsonFields of(JsonNode node, String path, Violations v, String what) {
    if (node == null || !node.isObject()) {
      v.add(path, "must be a JSON object (" + what + ")");
      return null;
    }
    return new JsonFields(node, path, v, what);
  }

  String path(String field) {
    return Violations.at(path, field);
  }

  String path() {
    return path;
  }

  Violations violations() {
    return violations;
  }

  /** True if {@code field} is present and not JSON null; asking marks it as a known field. */
  boolean has(String field) {
    read.add(field);
    JsonNode n = node.get(field);
    return n != null && !n.isNull();
  }

  /** The raw value, marking it read; null if absent or JSON null. */
  JsonNode raw(String field) {
    read.add(field);
    JsonNode n = node.get(field);
    return n == null || n.isNull() ? null : n;
  }

  String string(String field) {
    JsonNode n = raw(field);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      violations.add(path(field), "must be a string, got " + kind(n));
      return null;
    }
    return n.asText();
  }

  String string(String field, String dflt) {
    String s = string(field);
    return s == null ? dflt : s;
  }

  Boolean bool(String field) {
    JsonNode n = raw(field);
    if (n == null) {
      return null;
    }
    if (!n.isBoolean()) {
      violations.add(path(field), "must be true or false, got " + kind(n));
      return null;
    }
    return n.asBoolean();
  }

  boolean bool(String field, boolean dflt) {
    Boolean b = bool(field);
    return b == null ? dflt : b;
  }

  Double number(String field) {
    JsonNode n = raw(field);
    if (n == null) {
      return null;
    }
    if (!n.isNumber()) {
      violations.add(path(field), "must be a number, got " + kind(n));
      return null;
    }
    return n.asDouble();
  }

  double number(String field, double dflt) {
    Double d = number(field);
    return d == null ? dflt : d;
  }

  Long integer(String field) {
    JsonNode n = raw(field);
    if (n == null) {
      return null;
    }
    if (!n.isNumber() || !n.canConvertToExactIntegral() || !n.canConvertToLong()) {
      violations.add(path(field), "must be a whole number, got " + kind(n));
      return null;
    }
    return n.asLong();
  }

  /** An int field, with a violation if outside {@code [min, max]}; {@code dflt} when absent. */
  Integer integer(String field, Integer dflt, long min, long max) {
    Long l = integer(field);
    if (l == null) {
      return dflt;
    }
    if (l < min || l > max) {
      violations.add(
          path(field),
          max == Integer.MAX_VALUE
              ? "must be at least " + min + ", got " + l
              : "must be between " + min + " and " + max + ", got " + l);
      return dflt;
    }
    return (int) (long) l;
  }

  Instant instant(String field) {
    String s = string(field);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      violations.add(path(field), "must be an ISO-8601 time such as 2026-01-31T12:00:00.000Z");
      return null;
    }
  }

  /** The elements of an array field (empty if absent); null and a violation if not an array. */
  List<JsonNode> array(String field) {
    JsonNode n = raw(field);
    if (n == null) {
      return List.of();
    }
    if (!n.isArray()) {
      violations.add(path(field), "must be an array, got " + kind(n));
      return null;
    }
    List<JsonNode> out = new ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  /** An array of strings; wrong elements are reported at their index and left out. */
  List<String> strings(String field) {
    List<JsonNode> a = array(field);
    if (a == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      JsonNode e = a.get(i);
      if (e.isTextual()) {
        out.add(e.asText());
      } else {
        violations.add(Violations.index(path(field), i), "must be a string, got " + kind(e));
      }
    }
    return out;
  }

  /** An object of string values ({@code labels}); empty if absent. */
  Map<String, String> stringMap(String field) {
    JsonNode n = raw(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null) {
      return out;
    }
    if (!n.isObject()) {
      violations.add(path(field), "must be an object of strings, got " + kind(n));
      return out;
    }
    n.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isTextual()) {
                out.put(e.getKey(), e.getValue().asText());
              } else {
                violations.add(
                    Violations.at(path(field), e.getKey()),
                    "must be a string, got " + kind(e.getValue()));
              }
            });
    return out;
  }

  /** The fields of an object field, or null if absent (a violation if not an object). */
  JsonFields object(String field, String what) {
    JsonNode n = raw(field);
    return n == null ? null : of(n, path(field), violations, what);
  }

  /** Refuses {@code field} if present (and not JSON null), saying why. */
  void refuse(String field, String why) {
    if (raw(field) != null) {
      violations.add(path(field), why);
    }
  }

  /** Accepts {@code field} without using it: read-only output that clients post back. */
  void ignore(String... fields) {
    read.addAll(List.of(fields));
  }

  /** Refuses every field that was not read: nothing is accepted and then dropped. */
  void finish() {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!read.contains(f)) {
                violations.add(path(f), "unknown field '" + f + "' of " + what);
              }
            });
  }

  static String kind(JsonNode n) {
    if (n.isTextual()) {
      return "the string \"" + n.asText() + "\"";
    }
    if (n.isNumber() || n.isBoolean()) {
      return n.toString();
    }
    return n.isArray() ? "an array" : n.isObject() ? "an object" : n.getNodeType().toString();
  }

  ObjectNode objectNode() {
    return (ObjectNode) node;
  }
}
