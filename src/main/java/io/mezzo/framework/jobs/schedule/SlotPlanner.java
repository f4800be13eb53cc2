package io.mezzo.framework.jobs.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, from a job's cursor (its next unclaimed slot), which slot to claim now. A slot is
 * claimed once at most: the cursor only moves forward. Slots missed by more than {@code epsilon}
 * are skipped and counted; several missed inside it collapse into one run of the newest; a slot due
 * while a non-concurrent run is active waits until that run ends, then runs if still within
 * epsilon.
 *
 * <p>A slot is on time while {@code now - slot <= epsilon} (so {@code epsilon = 0} still runs a
 * slot decided exactly at its time). Each slot is counted once over a job's life: as claimed, as
 * skipped, or (while it waits) not yet; a waiting slot stays the cursor and is counted when it is
 * finally claimed or skipped. The decision at {@code now} looks at the slots in {@code [cursor,
 * now]}:
 *
 * <pre>
 *   none due            -> wait for the cursor (or the schedule's next slot after it)
 *   newest late > eps   -> skip them all, cursor = first slot after now
 *   newest on time      -> older ones skipped; the newest is claimed, cursor = the slot after it,
 *                          or, when a non-concurrent run is active, it waits as the cursor until
 *                          its epsilon ends (wake-up 1 ms past it, when it is skipped)
 * </pre>
 */
public final class SlotPlanner {
  /** Past a waiting slot's epsilon by this much, the next decision sees it as missed. */
  private static final Duration PAST_EPSILON = Duration.ofMillis(1);

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

  /**
   * Decides at {@code now}; pure. Call it when a wake-up fires and when a run of the job ends.
   *
   * @param cursor the job's next unclaimed slot ({@code schedule.first(created)} for a new job)
   * @throws IllegalArgumentException if {@code epsilon} is negative
   */
  public static Decision decide(
      Schedule schedule,
      Optional<Instant> cursor,
      Duration epsilon,
      Instant now,
      boolean runActive,
      boolean concurrent) {
    if (epsilon.isNegative()) {
      throw new IllegalArgumentException("epsilon: must not be negative, got " + epsilon);
    }
    if (cursor.isEmpty()) {
      return new Decision(
          Optional.empty(), 0, Optional.empty(), Optional.empty(), "no slot left: schedule ended");
    }
    Instant from = cursor.get();
    Due slots = due(schedule, from, now);
    long due = slots.count();
    if (due == 0) {
      Optional<Instant> next = from.isAfter(now) ? cursor : schedule.first(from);
      return new Decision(
          Optional.empty(),
          0,
          next,
          next,
          next.map(n -> "next slot " + n + " is not due yet")
              .orElse("no slot left: schedule ended"));
    }
    Instant newest = slots.newest().orElseThrow();
    Duration late = Duration.between(newest, now);
    long older = due - 1;
    if (late.compareTo(epsilon) > 0) {
      Optional<Instant> next = schedule.after(newest);
      String what =
          due == 1
              ? "slot " + newest + " missed by " + late
              : due + " slots up to " + newest + " missed, the newest by " + late;
      return new Decision(
          Optional.empty(), due, next, next, what + " > epsilon " + epsilon + ": skipped");
    }
    String olderSkipped =
        older == 0 ? "" : "; " + older + " older slot" + (older == 1 ? "" : "s") + " skipped";
    if (runActive && !concurrent) {
      Instant deadline = saturatedPlus(newest, epsilon);
      return new Decision(
          Optional.empty(),
          older,
          Optional.of(newest),
          Optional.of(saturatedPlus(deadline, PAST_EPSILON)),
          "slot "
              + newest
              + " waits for the active run to end (runs if it ends by "
              + deadline
              + ", epsilon "
              + epsilon
              + ")"
              + olderSkipped);
    }
    Optional<Instant> next = schedule.after(newest);
    return new Decision(
        Optional.of(newest),
        older,
        next,
        next,
        "slot "
            + newest
            + " claimed, late by "
            + late
            + " (within epsilon "
            + epsilon
            + ")"
            + olderSkipped);
  }

  /** The slots in {@code [from, to]}: how many, and the newest of them (when there is one). */
  private record Due(long count, Optional<Instant> newest) {}

  private static Due due(Schedule schedule, Instant from, Instant to) {
    if (from.isAfter(to)) {
      return new Due(0, Optional.empty());
    }
    if (schedule instanceof IndexedSchedule indexed) {
      long count = indexed.count(from, to);
      return new Due(count, count == 0 ? Optional.empty() : indexed.last(to));
    }
    // Another Schedule implementation (a test's): walk it, which is fine for the few slots such
    // schedules have.
    long count = 0;
    Optional<Instant> newest = Optional.empty();
    for (Optional<Instant> s = schedule.first(from);
        s.isPresent() && !s.get().isAfter(to);
        s = schedule.after(s.get())) {
      count++;
      newest = s;
    }
    return new Due(count, newest);
  }

  private static Instant saturatedPlus(Instant t, Duration d) {
    try {
      return t.plus(d);
    } catch (DateTimeException | ArithmeticException beyond) {
      return Instant.MAX;
    }
  }
}
