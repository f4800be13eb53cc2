package io.mezzo.framework.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.framework.jobs.JobsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the fields of one JSON object of a Chronos job, throwing a 400 {@link JobsException} that
 * names the field at the first wrong value, and remembering which fields were asked for so that
 * {@link #finish} refuses every other one: nothing a client sent is silently dropped. A JSON {@code
 * null} counts as absent, as in Chronos.
 *
 * <p>Chronos reads numbers with Jackson's lenient {@code asDouble}/{@code asInt}, so its clients
 * post {@code "cpus": "0.5"}; numeric strings are accepted for numbers, anything else is refused
 * rather than read as 0 the way Chronos would.
 */
final class JobFields {
  private final JsonNode node;
  private final String path;
  private final Set<String> read = new HashSet<>();

  private JobFields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The fields of {@code node}; refused naming {@code path} unless it is an object. */
  static JobFields of(JsonNode node, String path, String what) {
    if (node == null || !node.isObject()) {
      throw refusal(
          path.isEmpty() ? "the job" : path,
          "must be a JSON object (" + what + "), got " + kind(node));
    }
    return new JobFields(node, path);
  }

  static JobsException refusal(String path, String why) {
    return new JobsException(400, path + ": " + why);
  }

  String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** The raw value, marking the field known; null if absent or JSON null. */
  JsonNode raw(String field) {
    read.add(field);
    JsonNode n = node.get(field);
    return n == null || n.isNull() ? null : n;
  }

  boolean has(String field) {
    return raw(field) != null;
  }

  String string(String field, String dflt) {
    JsonNode n = raw(field);
    if (n == null) {
      return dflt;
    }
    if (!n.isTextual()) {
      throw refusal(path(field), "must be a string, got " + kind(n));
    }
    return n.asText();
  }

  /**
   * An optional string; Chronos writes {@code ""} for "none" ({@code scheduleTimeZone}, {@code
   * runAsUser}, {@code taskInfoData} …), so the empty string is absent too.
   */
  Optional<String> optionalString(String field) {
    return Optional.of(string(field, "")).filter(s -> !s.isEmpty());
  }

  /**
   * A boolean; Chronos's own export of {@code forcePullImage} is a string, so "true"/"false" too.
   */
  boolean bool(String field, boolean dflt) {
    JsonNode n = raw(field);
    if (n == null) {
      return dflt;
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    if (n.isTextual() && (n.asText().equals("true") || n.asText().equals("false"))) {
      return Boolean.parseBoolean(n.asText());
    }
    throw refusal(path(field), "must be true or false, got " + kind(n));
  }

  double number(String field, double dflt) {
    JsonNode n = raw(field);
    if (n == null) {
      return dflt;
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    if (n.isTextual()) {
      try {
        double d = Double.parseDouble(n.asText().trim());
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // refused below with the value the client sent
      }
    }
    throw refusal(path(field), "must be a number, got " + kind(n));
  }

  long integer(String field, long dflt) {
    JsonNode n = raw(field);
    if (n == null) {
      return dflt;
    }
    if (n.isNumber() && n.canConvertToExactIntegral() && n.canConvertToLong()) {
      return n.asLong();
    }
    if (n.isTextual()) {
      try {
        return Long.parseLong(n.asText().trim());
      } catch (NumberFormatException e) {
        // refused below with the value the client sent
      }
    }
    throw refusal(path(field), "must be a whole number, got " + kind(n));
  }

  /** The elements of an array field, empty if absent; refused if not an array. */
  List<JsonNode> array(String field) {
    JsonNode n = raw(field);
    if (n == null) {
      return List.of();
    }
    if (!n.isArray()) {
      throw refusal(path(field), "must be an array, got " + kind(n));
    }
    List<JsonNode> out = new ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  List<String> strings(String field) {
    List<JsonNode> a = array(field);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      out.add(text(a.get(i), path(field) + "[" + i + "]"));
    }
    return out;
  }

  /** Accepts fields without using them: read-only output that clients post back. */
  void ignore(String... fields) {
    read.addAll(List.of(fields));
  }

  /** Refuses the first field nobody asked for. */
  void finish() {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!read.contains(f)) {
                throw new JobsException(
                    400,
                    path.isEmpty()
                        ? "unknown field '" + f + "'"
                        : "unknown field '" + f + "' in " + path);
              }
            });
  }

  static String text(JsonNode n, String path) {
    if (n == null || !n.isTextual()) {
      throw refusal(path, "must be a string, got " + kind(n));
    }
    return n.asText();
  }

  static String kind(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "nothing";
    }
    if (n.isTextual()) {
      return n.toString();
    }
    if (n.isNumber() || n.isBoolean()) {
      return n.toString();
    }
    return n.isArray() ? "an array" : n.isObject() ? "an object" : n.getNodeType().toString();
  }
}
