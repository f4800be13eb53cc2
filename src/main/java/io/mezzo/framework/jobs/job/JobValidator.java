package io.mezzo.framework.jobs.job;

import java.util.Optional;
import java.util.function.Function;

/** Checks a job definition; every refusal names the field and what is wrong. */
public final class JobValidator {
  private JobValidator() {}

  /** Which endpoint the job came through: {@code /iso8601} or {@code /dependency}. */
  public enum Kind {
    SCHEDULED,
    DEPENDENT
  }

  /**
   * Throws {@link io.mezzo.framework.jobs.JobsException} (400) for the first problem found.
   *
   * @param scheduleCheck the schedule's syntax check: a message naming the problem, or empty
   */
  public static void validate(
      JobDefinition job, Kind kind, Function<JobDefinition, Optional<String>> scheduleCheck) {
    throw new UnsupportedOperationException("not built yet");
  }
}
