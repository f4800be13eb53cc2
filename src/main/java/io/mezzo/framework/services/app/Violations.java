package io.mezzo.framework.services.app;

import io.mezzo.framework.services.ServicesException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems found in one request, collected rather than stopping at the first, keyed by
 * Marathon's JSON paths: {@code /cpus}, {@code /container/docker/image}, {@code
 * /healthChecks(0)/portIndex}, and {@code /} for the object as a whole. Not thread-safe: one
 * request's parse owns it.
 */
public final class Violations {
  /** Marathon's message for a request body that parsed as JSON but is not a valid definition. */
  public static final String NOT_VALID = "Object is not valid";

  private final Map<String, List<String>> byPath = new LinkedHashMap<>();

  /** The path of {@code field} under {@code parent} ({@code ""} is the request's top level). */
  public static String at(String parent, String field) {
    return parent + "/" + field;
  }

  /** The path of element {@code index} of the array at {@code array}. */
  public static String index(String array, int index) {
    return array + "(" + index + ")";
  }

  /** Records {@code message} at {@code path} ({@code ""} or {@code "/"} for the whole object). */
  public void add(String path, String message) {
    String p = path == null || path.isEmpty() ? "/" : path;
    List<String> list = byPath.computeIfAbsent(p, k -> new ArrayList<>());
    if (!list.contains(message)) {
      list.add(message);
    }
  }

  /** Adds every problem of {@code other}, each under {@code prefix} + its path. */
  public void addAll(String prefix, Violations other) {
    other.byPath.forEach(
        (p, messages) -> messages.forEach(m -> add(p.equals("/") ? prefix : prefix + p, m)));
  }

  public boolean isEmpty() {
    return byPath.isEmpty();
  }

  /** True if a problem was recorded at {@code path} or under it. */
  public boolean has(String path) {
    return byPath.keySet().stream().anyMatch(p -> p.equals(path) || p.startsWith(path + "/"));
  }

  public List<ServicesException.Detail> details() {
    List<ServicesException.Detail> out = new ArrayList<>();
    byPath.forEach((p, m) -> out.add(new ServicesException.Detail(p, m)));
    return out;
  }

  /** A 422 with every problem, as Marathon answers an invalid app or group. */
  public ServicesException toException() {
    return new ServicesException(422, NOT_VALID, details(), List.of());
  }

  /** Throws {@link #toException()} if any problem was recorded. */
  public void throwIfAny() {
    if (!isEmpty()) {
      throw toException();
    }
  }

  @Override
  public String toString() {
    return byPath.toString();
  }
}
