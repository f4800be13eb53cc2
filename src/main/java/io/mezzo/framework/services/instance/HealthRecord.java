package io.mezzo.framework.services.instance;

import java.time.Instant;

/**
 * What the framework has heard of one instance's health over time, as Marathon reports it in a
 * task's {@code healthCheckResults}. The agent runs the check and tells the framework through task
 * status updates: one carrying {@code healthy=false} is one failed check (Mesos sends one per
 * failure, and its {@code message} names what failed), one carrying {@code healthy=true} is a
 * success. Immutable; {@link #next} gives the record after one more result.
 *
 * @param consecutiveFailures failed results since the last success
 * @param firstSuccess when the instance first passed, null until it has
 * @param lastSuccess when it last passed, null until it has
 * @param lastFailure when it last failed, null until it has
 * @param lastFailureCause the status message of the last failure, null if none was given
 */
public record HealthRecord(
    int consecutiveFailures,
    Instant firstSuccess,
    Instant lastSuccess,
    Instant lastFailure,
    String lastFailureCause) {

  public static final HealthRecord NONE = new HealthRecord(0, null, null, null, null);

  /** The record after a result heard at {@code at}; {@code previous} may be null (none yet). */
  public static HealthRecord next(
      HealthRecord previous, boolean healthy, Instant at, String message) {
    HealthRecord p = previous == null ? NONE : previous;
    if (healthy) {
      return new HealthRecord(
          0, p.firstSuccess == null ? at : p.firstSuccess, at, p.lastFailure, p.lastFailureCause);
    }
    return new HealthRecord(
        p.consecutiveFailures + 1,
        p.firstSuccess,
        p.lastSuccess,
        at,
        message == null || message.isBlank() ? p.lastFailureCause : message);
  }
}
