package io.mezzo.framework.jobs.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A standard 5-field cron expression ({@code minute hour day-of-month month day-of-week}) or one of
 * its {@code @} shorthands, evaluated in a zone as Vixie cron does.
 *
 * <p>Days: when both day-of-month and day-of-week are restricted (neither begins with {@code *}) a
 * day matching either runs; otherwise both must match. DST, following Vixie cron's split between
 * fixed-time and wildcard jobs: a job with a fixed hour runs a wall time skipped by the spring gap
 * once, at the gap's end, and a wall time repeated by the fall overlap once, at its first
 * occurrence; a job whose hour field begins with {@code *} runs by the clock as it goes, so the
 * skipped hour does not run and the repeated hour runs twice, once per offset.
 */
final class CronSchedule implements IndexedSchedule {
  /** A Gregorian calendar repeats its weekdays every 28 years between century exceptions. */
  private static final int SEARCH_DAYS = 366 * 29;

  private static final Map<String, String> SHORTHANDS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private final String text;
  private final ZoneId zone;
  private final ZoneRules rules;
  private final CronField minute;
  private final CronField hour;
  private final CronField dayOfMonth;
  private final CronField month;
  private final CronField dayOfWeek;

  private CronSchedule(String text, ZoneId zone, CronField[] fields) {
    this.text = text;
    this.zone = zone;
    this.rules = zone.getRules();
    this.minute = fields[0];
    this.hour = fields[1];
    this.dayOfMonth = fields[2];
    this.month = fields[3];
    this.dayOfWeek = fields[4];
  }

  /**
   * Parses {@code text} in {@code zone} (UTC when empty).
   *
   * @throws IllegalArgumentException naming the field and what is wrong, or saying the expression
   *     never matches (e.g. {@code 0 0 30 2 *})
   */
  static CronSchedule parse(String text, Optional<ZoneId> zone, Instant now) {
    String expanded = text.trim();
    if (expanded.startsWith("@")) {
      expanded = SHORTHANDS.get(expanded.toLowerCase(java.util.Locale.ROOT));
      if (expanded == null) {
        throw new IllegalArgumentException(
            "schedule: cron shorthand '"
                + text.trim()
                + "' is not supported; use one of @yearly, @annually, @monthly, @weekly, @daily,"
                + " @midnight, @hourly");
      }
    }
    String[] parts = expanded.split("\\s+");
    if (parts.length != 5) {
      throw new IllegalArgumentException(
          "schedule: cron '"
              + text
              + "' has "
              + parts.length
              + " fields, expected 5 (minute hour day-of-month month day-of-week)");
    }
    CronField dow = CronField.parse("day-of-week", parts[4], 0, 7, CronField.DAYS);
    if (dow.has(7)) {
      dow.values().set(0);
    }
    CronField[] fields = {
      CronField.parse("minute", parts[0], 0, 59, List.of()),
      CronField.parse("hour", parts[1], 0, 23, List.of()),
      CronField.parse("day-of-month", parts[2], 1, 31, List.of()),
      CronField.parse("month", parts[3], 1, 12, CronField.MONTHS),
      dow
    };
    CronSchedule schedule = new CronSchedule(text, zone.orElse(ZoneOffset.UTC), fields);
    if (schedule.first(now).isEmpty()) {
      throw new IllegalArgumentException("schedule: cron '" + text + "' never matches a date");
    }
    return schedule;
  }

  @Override
  public Optional<Instant> first(Instant notBefore) {
    LocalDate day = LocalDate.ofInstant(notBefore, zone).minusDays(1);
    Instant best = null;
    // Slots of one local day may, in a zone that shifts around midnight, interleave with the next
    // day's, so one more day is looked at once a slot is found.
    for (int i = 0, foundAt = -1; i < SEARCH_DAYS && (foundAt < 0 || i <= foundAt + 1); i++) {
      for (Instant slot : slotsOn(day.plusDays(i))) {
        if (!slot.isBefore(notBefore) && (best == null || slot.isBefore(best))) {
          best = slot;
          foundAt = foundAt < 0 ? i : foundAt;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  @Override
  public Optional<Instant> after(Instant slot) {
    return first(slot.plusNanos(1));
  }

  @Override
  public Optional<Instant> last(Instant atOrBefore) {
    LocalDate day = LocalDate.ofInstant(atOrBefore, zone).plusDays(1);
    Instant best = null;
    for (int i = 0, foundAt = -1; i < SEARCH_DAYS && (foundAt < 0 || i <= foundAt + 1); i++) {
      for (Instant slot : slotsOn(day.minusDays(i))) {
        if (!slot.isAfter(atOrBefore) && (best == null || slot.isAfter(best))) {
          best = slot;
          foundAt = foundAt < 0 ? i : foundAt;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  @Override
  public long count(Instant fromInclusive, Instant toInclusive) {
    long count = 0;
    LocalDate last = LocalDate.ofInstant(toInclusive, zone).plusDays(1);
    for (LocalDate day = LocalDate.ofInstant(fromInclusive, zone).minusDays(1);
        !day.isAfter(last);
        day = day.plusDays(1)) {
      if (!runsOn(day)) {
        continue;
      }
      if (isPlainDayWithin(day, fromInclusive, toInclusive)) {
        count += (long) hour.values().cardinality() * minute.values().cardinality();
        continue;
      }
      for (Instant slot : slotsOn(day)) {
        if (!slot.isBefore(fromInclusive) && !slot.isAfter(toInclusive)) {
          count++;
        }
      }
    }
    return count;
  }

  /**
   * Whether {@code day} lies wholly inside the range and has no offset change, so every wall time
   * of it is one slot and its slots can be counted without listing them.
   */
  private boolean isPlainDayWithin(LocalDate day, Instant from, Instant to) {
    Instant start = day.atStartOfDay(zone).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
    if (start.isBefore(from) || end.isAfter(to)) {
      return false;
    }
    ZoneOffsetTransition next = rules.nextTransition(start);
    return next == null || !next.getInstant().isBefore(end);
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public ZoneId zone() {
    return zone;
  }

  @Override
  public String render(Optional<Instant> next) {
    return text;
  }

  private boolean runsOn(LocalDate day) {
    if (!month.has(day.getMonthValue())) {
      return false;
    }
    boolean byMonth = dayOfMonth.has(day.getDayOfMonth());
    boolean byWeek = dayOfWeek.has(day.getDayOfWeek().getValue() % 7);
    return dayOfMonth.star() || dayOfWeek.star() ? byMonth && byWeek : byMonth || byWeek;
  }

  /** The slots of one local day, in order, each once. */
  private Iterable<Instant> slotsOn(LocalDate day) {
    if (!runsOn(day)) {
      return List.of();
    }
    TreeSet<Instant> slots = new TreeSet<>();
    for (int h = hour.values().nextSetBit(0); h >= 0; h = hour.values().nextSetBit(h + 1)) {
      for (int m = minute.values().nextSetBit(0); m >= 0; m = minute.values().nextSetBit(m + 1)) {
        addSlots(day.atTime(h, m), slots);
      }
    }
    return slots;
  }

  private void addSlots(LocalDateTime wallTime, TreeSet<Instant> slots) {
    List<ZoneOffset> offsets = rules.getValidOffsets(wallTime);
    if (offsets.size() == 1) {
      slots.add(wallTime.toInstant(offsets.get(0)));
    } else if (offsets.isEmpty()) {
      if (!hour.star()) {
        slots.add(rules.getTransition(wallTime).getInstant());
      }
    } else {
      List<Instant> both = new ArrayList<>();
      for (ZoneOffset offset : offsets) {
        both.add(wallTime.toInstant(offset));
      }
      both.sort(null);
      slots.addAll(hour.star() ? both : both.subList(0, 1));
    }
  }
}
