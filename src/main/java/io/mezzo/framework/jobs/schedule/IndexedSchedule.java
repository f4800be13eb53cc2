package io.mezzo.framework.jobs.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * A schedule that can count and look back without walking slot by slot, so the planner stays fast
 * when a job is far behind (a {@code PT1S} job down for a year has 31 million missed slots).
 */
interface IndexedSchedule extends Schedule {
  /** How many slots lie in {@code [fromInclusive, toInclusive]}; 0 when {@code to < from}. */
  long count(Instant fromInclusive, Instant toInclusive);

  /** The last slot at or before {@code atOrBefore}; empty when none is. */
  Optional<Instant> last(Instant atOrBefore);
}
