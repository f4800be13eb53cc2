package io.mezzo.framework.services.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A request's query parameters, each possibly repeated ({@code embed=a&embed=b}). Marathon ignores
 * parameters it does not know; Mezzo refuses them (400 naming the parameter and the known ones), so
 * a misspelt {@code forse=true} never silently means "not forced". The lone exception is {@code _},
 * the cache-buster browsers' HTTP libraries add, which carries no meaning.
 */
public final class Query {
  private final Map<String, List<String>> params;

  public Query(Map<String, List<String>> params) {
    this.params = new TreeMap<>(params);
  }

  public static Query of(String... keyValues) {
    Map<String, List<String>> m = new TreeMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      m.computeIfAbsent(keyValues[i], k -> new java.util.ArrayList<>()).add(keyValues[i + 1]);
    }
    return new Query(m);
  }

  /** Refuses any parameter not in {@code known}. */
  public Query allow(String... known) {
    Set<String> allowed = new TreeSet<>(List.of(known));
    for (String name : params.keySet()) {
      if (!allowed.contains(name) && !name.equals("_")) {
        throw ApiReply.badRequest(
            "Unknown query parameter '"
                + name
                + "'"
                + (allowed.isEmpty()
                    ? "; this endpoint takes none"
                    : "; this endpoint takes " + String.join(", ", allowed)));
      }
    }
    return this;
  }

  /** Every value of {@code name}, comma-separated values split (Marathon accepts both forms). */
  public List<String> all(String name) {
    return params.getOrDefault(name, List.of()).stream()
        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .toList();
  }

  /** The single value of {@code name}, or null; 400 if it is given twice. */
  public String one(String name) {
    List<String> v = params.getOrDefault(name, List.of());
    if (v.size() > 1) {
      throw ApiReply.badRequest("Query parameter '" + name + "' is given " + v.size() + " times");
    }
    return v.isEmpty() ? null : v.get(0);
  }

  /** A boolean parameter: {@code true}/{@code false} (any case), or an empty value for true. */
  public boolean bool(String name, boolean defaultValue) {
    String v = one(name);
    if (v == null) {
      return defaultValue;
    }
    if (v.isEmpty() || v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw ApiReply.badRequest(
        "Query parameter '" + name + "' must be true or false, not '" + v + "'");
  }
}
