package io.mezzo.core.time;

import java.time.Duration;

/**
 * Reads a duration the way Mesos's tools write one (stout's {@code Duration}): a non-negative
 * decimal number directly followed by one of the units {@code ns}, {@code us}, {@code ms}, {@code
 * secs}, {@code mins}, {@code hrs}, {@code days} or {@code weeks}, for example {@code 5secs},
 * {@code 0.5mins} or {@code 100ms}. There is no space, sign or exponent, and no unit is implied:
 * {@code 5} is refused, since guessing seconds would silently change what a caller meant.
 *
 * <p>Like stout, a value is truncated to whole nanoseconds. Pure and thread-safe.
 */
public final class StoutDuration {
  private static final String UNITS =
      "'ns', 'us', 'ms', 'secs', 'mins', 'hrs', 'days', and 'weeks'";

  private StoutDuration() {}

  /**
   * The duration {@code text} stands for.
   *
   * @throws IllegalArgumentException saying what is wrong: no unit, an unknown unit, a number that
   *     is not one, or a value beyond what 64-bit nanoseconds can hold
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("Invalid duration: none given");
    }
    int unitStart = 0;
    while (unitStart < text.length() && isNumberChar(text.charAt(unitStart))) {
      unitStart++;
    }
    if (unitStart == text.length()) {
      throw new IllegalArgumentException(
          "Invalid duration '" + text + "': a unit must follow the number, one of " + UNITS);
    }
    String number = text.substring(0, unitStart);
    String unit = text.substring(unitStart);
    long factor = factor(unit, text);
    if (number.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid duration '" + text + "': a number must come before the unit");
    }
    double value;
    try {
      value = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid duration '" + text + "': '" + number + "' is not a number");
    }
    double nanos = value * factor;
    if (nanos >= 0x1p63) {
      throw new IllegalArgumentException(
          "Invalid duration '" + text + "': beyond the largest duration (about 292 years)");
    }
    return Duration.ofNanos((long) nanos);
  }

  private static boolean isNumberChar(char c) {
    return c >= '0' && c <= '9' || c == '.';
  }

  private static long factor(String unit, String text) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "secs" -> 1_000_000_000L;
      case "mins" -> 60L * 1_000_000_000L;
      case "hrs" -> 3_600L * 1_000_000_000L;
      case "days" -> 86_400L * 1_000_000_000L;
      case "weeks" -> 7L * 86_400L * 1_000_000_000L;
      default ->
          throw new IllegalArgumentException(
              "Invalid duration '"
                  + text
                  + "': unknown unit '"
                  + unit
                  + "'; supported units are "
                  + UNITS);
    };
  }
}
