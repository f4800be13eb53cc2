package io.mezzo.core.time;

import java.time.Clock;
import java.time.Duration;

/**
 * The seam for time: a clock and one-shot timers. Components take a {@code Timers} so tests can use
 * {@link ManualTimers} and move time by hand.
 *
 * <p>Contract: a task runs at most once, on a thread owned by the implementation, never before its
 * delay has passed on {@link #clock()}. A task must hop onto its owner's context itself. Cancelling
 * a task that already ran or was cancelled does nothing.
 */
public interface Timers {
  Clock clock();

  Cancellable schedule(Duration delay, Runnable task);

  /** A handle to a scheduled task. */
  interface Cancellable {
    void cancel();
  }
}
