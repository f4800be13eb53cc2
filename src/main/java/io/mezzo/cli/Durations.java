package io.mezzo.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people type them ({@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 30}).
 */
final class Durations {
  private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  private Durations() {}

  /**
   * Parses a positive duration; a bare number is seconds.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  static Duration parse(String text) {
    Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: expected a number with ms, s, m or h (e.g. 30s)");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis =
        switch (unit) {
          case "ms" -> n;
          case "s" -> n * 1000;
          case "m" -> n * 60_000;
          default -> n * 3_600_000;
        };
    if (millis < 1) {
      throw new IllegalArgumentException("'" + text + "' must be longer than 0");
    }
    return Duration.ofMillis((long) millis);
  }

  /** {@code 1m30s}, {@code 10s}, {@code 500ms}. */
  static String format(Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    StringBuilder b = new StringBuilder();
    if (s >= 3600) {
      b.append(s / 3600).append('h');
    }
    if (s % 3600 >= 60) {
      b.append(s % 3600 / 60).append('m');
    }
    if (s % 60 > 0 || b.length() == 0) {
      b.append(s % 60).append('s');
    }
    return b.toString();
  }

  /** How long ago {@code then} was, coarsely: {@code 42s}, {@code 5m}, {@code 3h}, {@code 2d}. */
  static String age(Instant then, Instant now) {
    if (then == null) {
      return null;
    }
    long s = Math.max(0, Duration.between(then, now).toSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return s / 60 + "m";
    }
    if (s < 172_800) {
      return s / 3600 + "h";
    }
    return s / 86_400 + "d";
  }

  /** The picocli converter for duration options. */
  static final class Converter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
