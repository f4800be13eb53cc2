package io.mezzo.framework.jobs.schedule;

import java.time.Instant;
import java.util.Optional;

/** Parses Chronos schedules (ISO repeating intervals and cron). */
public final class Schedules {
  private Schedules() {}

  /**
   * Parses {@code schedule} in {@code timeZone} (a tz database id or a short id like {@code PST};
   * empty: the start's offset for ISO, UTC for cron). An ISO schedule with an empty start starts at
   * {@code now}.
   *
   * @throws IllegalArgumentException naming what is wrong, e.g. {@code "schedule: period 'P' has no
   *     length"}
   */
  public static Schedule parse(String schedule, Optional<String> timeZone, Instant now) {
    throw new UnsupportedOperationException("not built yet");
  }
}
