package io.mezzo.framework.services.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * An absolute Marathon path such as {@code /prod/web}: the id of an app or a group. The root group
 * is {@code /}. Relative ids ({@code web}, {@code ../db}) are resolved against a base with {@link
 * #resolve}.
 *
 * <p>Each segment is lowercase letters, digits, dashes and dots, starting and ending with a letter
 * or digit (Marathon's rule, so ids also make valid DNS labels and Mesos task ids).
 */
public record PathId(List<String> segments) implements Comparable<PathId> {
  public static final PathId ROOT = new PathId(List.of());

  public PathId {
    segments = List.copyOf(segments);
  }

  /**
   * Parses an absolute or root-relative id; throws {@link IllegalArgumentException} naming it. Also
   * the JSON form (a string, also as a map key), so stored documents and the API agree.
   */
  @JsonCreator
  public static PathId parse(String id) {
    return ROOT.resolve(id);
  }

  /**
   * Resolves {@code id} (absolute, or relative with {@code .} and {@code ..}) against this path.
   */
  public PathId resolve(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("an id must not be empty");
    }
    List<String> out = id.startsWith("/") ? new ArrayList<>() : new ArrayList<>(segments);
    for (String s : id.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (out.isEmpty()) {
          throw new IllegalArgumentException("id '" + id + "' goes above the root group");
        }
        out.remove(out.size() - 1);
        continue;
      }
      if (!validSegment(s)) {
        throw new IllegalArgumentException(
            "id '"
                + id
                + "': segment '"
                + s
                + "' must be lowercase letters, digits, '-' and '.', starting and ending with a"
                + " letter or digit");
      }
      out.add(s);
    }
    return new PathId(out);
  }

  public static boolean validSegment(String s) {
    return s.matches(
        "^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])$");
  }

  public boolean isRoot() {
    return segments.isEmpty();
  }

  public PathId parent() {
    return isRoot() ? ROOT : new PathId(segments.subList(0, segments.size() - 1));
  }

  public PathId child(String name) {
    List<String> out = new ArrayList<>(segments);
    out.add(name);
    return new PathId(out);
  }

  /** The last segment ("" for the root). */
  public String name() {
    return isRoot() ? "" : segments.get(segments.size() - 1);
  }

  /** True if this path is {@code other} or lies under it. */
  public boolean isUnder(PathId other) {
    return segments.size() >= other.segments.size()
        && segments.subList(0, other.segments.size()).equals(other.segments);
  }

  /**
   * The id as Marathon puts it into Mesos task ids: segments joined with '_' ({@code prod_web}),
   * reversible because segments never contain '_'.
   */
  public String safeName() {
    return String.join("_", segments);
  }

  @Override
  public int compareTo(PathId o) {
    return toString().compareTo(o.toString());
  }

  @JsonValue
  @Override
  public String toString() {
    return "/" + String.join("/", segments);
  }
}
