package io.mezzo.framework.jobs.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, from a job's cursor (its next unclaimed slot), which slot to claim now. A slot is
 * claimed once at most: the cursor only moves forward. Slots missed by more than {@code epsilon}
 * are skipped and counted; several missed inside it collapse into one run of the newest; a slot due
 * while a non-concurrent run is active waits until that run ends, then runs if still within
 * epsilon.
 */
public final class SlotPlanner {
  private SlotPlanner() {}

  /**
   * @param claim the slot to run now, if any
   * @param skipped how many slots this decision skipped (never run)
   * @param cursor the job's next unclaimed slot after this decision, empty when none is left
   * @param wakeUp when to decide again (the cursor's time, or when a waiting slot's epsilon ends)
   * @param reason what was decided and why, for logs and the UI
   */
  public record Decision(
      Optional<Instant> claim,
      long skipped,
      Optional<Instant> cursor,
      Optional<Instant> wakeUp,
      String reason) {}

  /** Decides at {@code now}; pure. */
  public static Decision decide(
      Schedule schedule,
      Optional<Instant> cursor,
      Duration epsilon,
      Instant now,
      boolean runActive,
      boolean concurrent) {
    throw new UnsupportedOperationException("not built yet");
  }
}
