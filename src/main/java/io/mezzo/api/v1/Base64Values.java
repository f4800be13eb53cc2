package io.mezzo.api.v1;

import java.util.Base64;
import java.util.Optional;

/**
 * Checks of the {@code bytes} fields Mesos JSON carries as Base64 strings. A status update's {@code
 * uuid} must be 16 bytes: a framework echoes it in ACKNOWLEDGE, and anything else would be refused
 * there, leaving the update unacknowledgeable. Pure.
 */
public final class Base64Values {
  private Base64Values() {}

  /** Why {@code value} is not standard Base64, or empty. */
  public static Optional<String> bytesProblem(String value) {
    try {
      Base64.getDecoder().decode(value);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("is not valid Base64");
    }
  }

  /** Why {@code value} is not the Base64 of a 16-byte UUID, or empty. */
  public static Optional<String> uuidProblem(String value) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return Optional.of("is not valid Base64");
    }
    return bytes.length == 16
        ? Optional.empty()
        : Optional.of("must be 16 bytes, got " + bytes.length);
  }
}
