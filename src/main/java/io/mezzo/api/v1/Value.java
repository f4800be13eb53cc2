package io.mezzo.api.v1;

import java.util.List;

/** The value types of {@code mesos.v1.Value}, as they appear inside resources and attributes. */
public final class Value {
  private Value() {}

  /** Which of the value fields is set. TEXT is valid for attributes only. */
  public enum Type {
    SCALAR,
    RANGES,
    SET,
    TEXT
  }

  /** A scalar (Mesos keeps three decimal digits). */
  public record Scalar(Double value) {}

  /** An inclusive range of integers. */
  public record Range(Long begin, Long end) {}

  /** A list of ranges; the wire form is {@code {"range": [...]}}. */
  public record Ranges(List<Range> range) {}

  /** A set of strings; the wire form is {@code {"item": [...]}}. */
  public record Set(List<String> item) {}

  /** A text value. */
  public record Text(String value) {}
}
