package io.mezzo.framework.jobs.schedule;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * One field of a 5-field cron expression: a comma list of {@code *}, {@code v}, {@code a-b}, each
 * with an optional {@code /step} ({@code v/step} means {@code v-max/step}), values as numbers or,
 * for month and day of week, English three-letter names.
 *
 * @param star whether the field began with {@code *}; Vixie cron uses it to tell an unrestricted
 *     day field from a restricted one
 */
record CronField(String name, BitSet values, boolean star) {
  static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  boolean has(int value) {
    return values.get(value);
  }

  /**
   * Parses {@code text} for a field whose values run {@code min..max}; {@code names}, if not empty,
   * are the names of {@code min, min+1, ...}.
   *
   * @throws IllegalArgumentException naming the field, the text and what is wrong
   */
  static CronField parse(String name, String text, int min, int max, List<String> names) {
    BitSet values = new BitSet(max + 1);
    for (String item : text.split(",", -1)) {
      parseItem(name, item, min, max, names, values);
    }
    return new CronField(name, values, text.startsWith("*"));
  }

  private static void parseItem(
      String name, String item, int min, int max, List<String> names, BitSet values) {
    String range = item;
    int step = 1;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      step = number(name, item.substring(slash + 1), 0, Integer.MAX_VALUE, List.of(), "step");
    }
    int from;
    int to;
    if (range.equals("*")) {
      from = min;
      to = max;
    } else if (range.indexOf('-') > 0) {
      int dash = range.indexOf('-');
      from = number(name, range.substring(0, dash), min, max, names, "value");
      to = number(name, range.substring(dash + 1), min, max, names, "value");
      if (to < from) {
        throw new IllegalArgumentException(
            "schedule: cron " + name + " range '" + range + "' goes backwards");
      }
    } else {
      from = number(name, range, min, max, names, "value");
      to = slash >= 0 ? max : from;
    }
    for (int v = from; v <= to; v += step) {
      values.set(v);
    }
  }

  private static int number(
      String name, String text, int min, int max, List<String> names, String what) {
    int named = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return min + named;
    }
    if (!text.matches("\\d{1,9}")) {
      throw new IllegalArgumentException(
          "schedule: cron "
              + name
              + " "
              + what
              + " '"
              + text
              + "' is not a number"
              + (names.isEmpty() || what.equals("step") ? "" : " or a name like " + names.get(0)));
    }
    int value = Integer.parseInt(text);
    if (what.equals("step") && value < 1) {
      throw new IllegalArgumentException(
          "schedule: cron " + name + " step '" + text + "' must be at least 1");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "schedule: cron " + name + " value '" + text + "' is out of range " + min + "-" + max);
    }
    return value;
  }
}
