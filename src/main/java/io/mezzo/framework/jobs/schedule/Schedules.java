package io.mezzo.framework.jobs.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Parses Chronos schedules: an ISO 8601 repeating interval when the text begins with {@code R},
 * otherwise a 5-field cron expression or an {@code @} shorthand.
 *
 * <p>ISO ({@link IsoSchedule}): {@code R} is unbounded, {@code Rn} runs n slots in total ({@code
 * R0} never runs); the period's years, months, weeks and days step the start's wall time in the
 * zone, its hours, minutes and seconds step absolute time, and slot k is always the start plus k
 * periods. Cron ({@link CronSchedule}) follows Vixie cron, including its DST behaviour: a
 * fixed-hour job runs a wall time lost in the spring gap once at the gap's end and a repeated one
 * once; a job whose hour field begins with {@code *} follows the clock.
 */
public final class Schedules {
  private Schedules() {}

  /**
   * Parses {@code schedule} in {@code timeZone} (a tz database id or a short id like {@code PST};
   * empty or blank: the start's offset for ISO, UTC for cron). An ISO schedule with an empty start
   * starts at {@code now}; {@code now} is also where a cron expression is checked to match at all.
   *
   * @throws IllegalArgumentException naming what is wrong, e.g. {@code "schedule: period 'P' has no
   *     length"}
   */
  public static Schedule parse(String schedule, Optional<String> timeZone, Instant now) {
    if (schedule == null || schedule.isBlank()) {
      throw new IllegalArgumentException("schedule: must not be empty");
    }
    Optional<ZoneId> zone = zone(timeZone);
    String text = schedule.trim();
    if (text.startsWith("R")) {
      return IsoSchedule.parse(text, zone, now);
    }
    if (!text.startsWith("@") && text.split("\\s+").length == 1) {
      throw new IllegalArgumentException(
          "schedule: '"
              + text
              + "' is neither an ISO 8601 repeating interval (R[n]/start/period) nor a 5-field"
              + " cron expression");
    }
    return CronSchedule.parse(text, zone, now);
  }

  private static Optional<ZoneId> zone(Optional<String> timeZone) {
    if (timeZone.isEmpty() || timeZone.get().isBlank()) {
      return Optional.empty();
    }
    String id = timeZone.get().trim();
    try {
      return Optional.of(ZoneId.of(id, ZoneId.SHORT_IDS));
    } catch (DateTimeException unknown) {
      throw new IllegalArgumentException(
          "scheduleTimeZone: unknown time zone '"
              + id
              + "' (expected a tz database id like America/New_York or a short id like PST)");
    }
  }
}
