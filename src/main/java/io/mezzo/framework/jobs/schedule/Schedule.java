package io.mezzo.framework.jobs.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * When a scheduled job is due: a Chronos ISO 8601 repeating interval ({@code R[n]/start/period}) or
 * a standard 5-field cron expression, evaluated in a time zone. Pure and immutable; made by {@link
 * Schedules#parse}.
 */
public interface Schedule {
  /** The first slot at or after {@code notBefore}; empty when no slot is left. */
  Optional<Instant> first(Instant notBefore);

  /** The next slot strictly after {@code slot}; empty after a bounded schedule's last slot. */
  Optional<Instant> after(Instant slot);

  /** The schedule as the user wrote it. */
  String text();

  /** The zone calendar steps and cron fields are evaluated in. */
  ZoneId zone();

  /**
   * Chronos's display form with {@code next} as the next slot: for ISO {@code
   * R<left>/<next>/<period>} (the repeats still to run counted from {@code next}), for cron the
   * expression as given.
   */
  String render(Optional<Instant> next);
}
