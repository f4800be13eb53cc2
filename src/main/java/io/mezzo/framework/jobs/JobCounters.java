package io.mezzo.framework.jobs;

import io.mezzo.framework.jobs.JobsSnapshot.Counters;
import java.time.Instant;
import java.util.Optional;

/** How Chronos's counters move on a success and on a final failure. Pure. */
final class JobCounters {
  private JobCounters() {}

  static Counters succeeded(Counters c, Instant at) {
    return new Counters(c.successCount() + 1, c.errorCount(), 0, Optional.of(at), c.lastError());
  }

  static Counters failed(Counters c, Instant at) {
    return new Counters(
        c.successCount(),
        c.errorCount() + 1,
        c.errorsSinceLastSuccess() + 1,
        c.lastSuccess(),
        Optional.of(at));
  }
}
