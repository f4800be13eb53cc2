package io.mezzo.core.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The attributes of an agent, in the order given (Mesos copies them into offers verbatim). The text
 * form is the agent {@code --attributes} syntax, {@code rack:a;dc:east;level:10;keys:[1000-1500]};
 * {@link #parse} and {@link #toString()} round-trip. Repeating a name is allowed but discouraged,
 * as in Mesos.
 */
public final class Attributes {

  private static final Attributes EMPTY = new Attributes(List.of());

  private final List<Attribute> list;

  private Attributes(List<Attribute> list) {
    this.list = list;
  }

  public static Attributes empty() {
    return EMPTY;
  }

  public static Attributes of(List<Attribute> attributes) {
    return attributes.isEmpty() ? EMPTY : new Attributes(List.copyOf(attributes));
  }

  /**
   * Parses {@code name:value;name:value}. A value is ranges ({@code [1000-1500]}), a set ({@code
   * {a,b}}), a non-negative number (scalar) or text ({@code [a-zA-Z0-9_/.-]+}).
   *
   * @throws IllegalArgumentException naming the offending entry
   */
  public static Attributes parse(String text) {
    List<Attribute> out = new ArrayList<>();
    for (String raw : text.split(";", -1)) {
      String token = raw.strip();
      if (token.isEmpty()) {
        continue;
      }
      try {
        int colon = token.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException("expected name:value");
        }
        out.add(
            new Attribute(
                token.substring(0, colon).strip(),
                AttributeValue.parse(token.substring(colon + 1))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid attribute '" + token + "': " + e.getMessage(), e);
      }
    }
    return of(out);
  }

  /** All attributes in the order given. */
  public List<Attribute> asList() {
    return list;
  }

  /** The first attribute named {@code name}. */
  public Optional<AttributeValue> get(String name) {
    for (Attribute a : list) {
      if (a.name().equals(name)) {
        return Optional.of(a.value());
      }
    }
    return Optional.empty();
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public int size() {
    return list.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attributes a && list.equals(a.list);
  }

  @Override
  public int hashCode() {
    return list.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Attribute a : list) {
      if (sb.length() > 0) {
        sb.append(';');
      }
      sb.append(a);
    }
    return sb.toString();
  }
}
