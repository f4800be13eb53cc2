package io.mezzo.framework.jobs.schedule;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period of an ISO 8601 repeating interval, split into the calendar part that steps local wall
 * time ({@code months}, {@code days}; years count as 12 months and weeks as 7 days) and the time
 * part that steps absolute time.
 *
 * @param text the period as written, shown back by {@link Schedule#render}
 */
record IsoPeriod(String text, long months, long days, Duration time) {
  private static final Pattern SYNTAX =
      Pattern.compile(
          "P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?"
              + "(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:[.,]\\d+)?)S)?)?");

  /**
   * Parses {@code P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]}.
   *
   * @throws IllegalArgumentException naming the period and what is wrong with it
   */
  static IsoPeriod parse(String text) {
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches() || text.endsWith("T")) {
      throw new IllegalArgumentException(
          "schedule: period '"
              + text
              + "' is not an ISO 8601 duration (e.g. P1D, PT2S, P1Y2M3DT4H5M6S)");
    }
    try {
      long months = Math.addExact(Math.multiplyExact(number(m, 1), 12), number(m, 2));
      long days = Math.addExact(Math.multiplyExact(number(m, 3), 7), number(m, 4));
      Duration time =
          Duration.ofHours(number(m, 5)).plusMinutes(number(m, 6)).plus(seconds(m.group(7)));
      if (months == 0 && days == 0 && time.isZero()) {
        throw new IllegalArgumentException("schedule: period '" + text + "' has no length");
      }
      if (months == 0 && days == 0 && time.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException(
            "schedule: period '" + text + "' is shorter than the 1 ms Chronos resolves");
      }
      return new IsoPeriod(text, months, days, time);
    } catch (ArithmeticException | NumberFormatException tooLarge) {
      throw new IllegalArgumentException("schedule: period '" + text + "' is too large");
    }
  }

  /** The period's average length in seconds: a Gregorian month is 30.436875 days on average. */
  double averageSeconds() {
    return months * 30.436875 * 86400 + days * 86400.0 + time.getSeconds() + time.getNano() / 1e9;
  }

  private static long number(Matcher m, int group) {
    String digits = m.group(group);
    return digits == null ? 0 : Long.parseLong(digits);
  }

  private static Duration seconds(String value) {
    if (value == null) {
      return Duration.ZERO;
    }
    BigDecimal seconds = new BigDecimal(value.replace(',', '.'));
    BigDecimal nanos = seconds.movePointRight(9);
    if (nanos.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          "schedule: period seconds '" + value + "' are finer than a nanosecond");
    }
    return Duration.ofSeconds(0, nanos.longValueExact());
  }
}
