package io.mezzo.http.jobs;

import io.mezzo.framework.jobs.JobsException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One request to Chronos's API, without HTTP.
 *
 * @param method the HTTP method, upper case
 * @param path the path after the prefix ({@code /v1/scheduler} or {@code /scheduler}), e.g. {@code
 *     /jobs}; the prefix the client used is in {@code prefix}, for messages
 * @param query every query parameter with its values in order (names may repeat)
 * @param body the body's bytes, empty when none
 */
public record ChronosRequest(
    String method, String prefix, String path, Map<String, List<String>> query, byte[] body) {
  public ChronosRequest {
    query = new TreeMap<>(query);
    query.replaceAll((k, v) -> List.copyOf(v));
    query = Map.copyOf(query);
    body = body == null ? new byte[0] : body;
  }

  /** A request without query or body, for tests and internal callers. */
  public static ChronosRequest of(String method, String path) {
    return new ChronosRequest(method, "/v1/scheduler", path, Map.of(), null);
  }

  /** The path as the client wrote it, for messages. */
  public String fullPath() {
    return prefix + path;
  }

  /**
   * Refuses any parameter not in {@code known} (400 naming it and the known ones). Chronos ignores
   * parameters it does not know; Mezzo refuses them, so a misspelt {@code argumnets=} never
   * silently runs the job without its arguments. {@code _}, the cache-buster browsers add, is
   * allowed everywhere.
   */
  public ChronosRequest allow(String... known) {
    Set<String> allowed = new TreeSet<>(List.of(known));
    for (String name : query.keySet()) {
      if (!allowed.contains(name) && !name.equals("_")) {
        throw new JobsException(
            400,
            "Unknown query parameter '"
                + name
                + "' on "
                + method
                + " "
                + fullPath()
                + (allowed.isEmpty()
                    ? "; this endpoint takes none"
                    : "; this endpoint takes " + String.join(", ", allowed)));
      }
    }
    return this;
  }

  /** The single value of {@code name}; 400 if it is given more than once. */
  public Optional<String> one(String name) {
    List<String> v = query.getOrDefault(name, List.of());
    if (v.size() > 1) {
      throw new JobsException(
          400, "Query parameter '" + name + "' is given " + v.size() + " times; give it once");
    }
    return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** A non-negative integer parameter, {@code defaultValue} when absent or empty. */
  public int count(String name, int defaultValue) {
    Optional<String> v = one(name).filter(s -> !s.isBlank());
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.get().trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal, which says what is expected
    }
    throw new JobsException(
        400, "Query parameter '" + name + "' must be a whole number >= 0, not '" + v.get() + "'");
  }
}
