package io.mezzo.agent.fetcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The instant by which a whole fetch must be done; every wait of the fetcher is bounded by it. */
record Deadline(Clock clock, Instant at) {

  static Deadline in(Clock clock, Duration timeout) {
    return new Deadline(clock, clock.instant().plus(timeout));
  }

  /** What is left, never negative. */
  Duration remaining() {
    Duration d = Duration.between(clock.instant(), at);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /**
   * Throws once the deadline has passed (or the fetching thread was interrupted by a timeout), so
   * long copies stop between chunks.
   */
  void check(String what) throws FetchException {
    if (Thread.currentThread().isInterrupted() || remaining().isZero()) {
      throw new FetchException(what + ": the fetch timed out");
    }
  }
}
