package io.mezzo.framework.jobs.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Parses Chronos schedules: an ISO 8601 repeating interval when the text begins with {@code R},
 * otherwise a 5-field cron expression or an {@code @} shorthand.
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
