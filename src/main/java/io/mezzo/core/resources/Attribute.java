package io.mezzo.core.resources;

import java.util.Objects;

/**
 * One agent attribute, {@code name:value}.
 *
 * @param name attribute name, non-empty, without {@code ;} or {@code :}
 * @param value its value
 */
public record Attribute(String name, AttributeValue value) {

  public Attribute {
    Objects.requireNonNull(value, "value");
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("attribute name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c) || c == ';' || c == ':') {
        throw new IllegalArgumentException("attribute name '" + name + "' contains '" + c + "'");
      }
    }
  }

  @Override
  public String toString() {
    return name + ":" + value;
  }
}
