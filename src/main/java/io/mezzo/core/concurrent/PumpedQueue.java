package io.mezzo.core.concurrent;

import java.util.ArrayDeque;

/**
 * One FIFO of work shared by any number of {@link SerialContext}s built with {@link
 * SerialContext#pumped}, run only when a test calls {@link #runNext} or {@link #runUntilIdle}, on
 * the test's own thread. With time hand-moved too ({@code ManualTimers}), a whole cluster runs as
 * one deterministic sequence of steps: the seeded simulations depend on it.
 *
 * <p>Not thread-safe by design: everything that queues work here must itself run on the pumping
 * thread (the contexts' own work, the manual timers, the test).
 */
public final class PumpedQueue {
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private SerialContext running;
  private long ran;

  void add(SerialContext owner, Runnable task) {
    queue.add(new Entry(owner, task));
  }

  /** Runs the oldest queued task; false if there was none. */
  public boolean runNext() {
    Entry next = queue.poll();
    if (next == null) {
      return false;
    }
    SerialContext previous = running;
    running = next.owner();
    try {
      next.task().run();
    } finally {
      running = previous;
      ran++;
    }
    return true;
  }

  /**
   * Runs tasks (including those they queue) until none is left.
   *
   * @return how many ran
   * @throws IllegalStateException if more than {@code limit} ran: work that keeps queueing work
   *     without end is a livelock, which a test must report rather than hang on
   */
  public int runUntilIdle(int limit) {
    int count = 0;
    while (runNext()) {
      if (++count > limit) {
        throw new IllegalStateException(
            "still busy after " + limit + " tasks; next is for " + peekOwner());
      }
    }
    return count;
  }

  /** How many tasks are queued. */
  public int size() {
    return queue.size();
  }

  /** How many tasks have run since this queue was made. */
  public long ran() {
    return ran;
  }

  boolean isRunning(SerialContext context) {
    return running == context;
  }

  private String peekOwner() {
    Entry e = queue.peek();
    return e == null ? "nothing" : e.owner().name();
  }

  private record Entry(SerialContext owner, Runnable task) {}
}
