package io.mezzo.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Time that moves only when a test calls {@link #advance}. Due tasks run on the calling thread, in
 * due-time order (ties in scheduling order). Thread-safe.
 */
public final class ManualTimers implements Timers {
  private final MutableClock clock;
  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(Comparator.comparing(Entry::due).thenComparingLong(Entry::seq));
  private long seq;

  public ManualTimers(Instant start) {
    this.clock = new MutableClock(start);
  }

  public ManualTimers() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Entry e =
        new Entry(clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task);
    queue.add(e);
    return () -> {
      synchronized (ManualTimers.this) {
        queue.remove(e);
      }
    };
  }

  /** Moves time forward, running every task that falls due on the way, at its due time. */
  public void advance(Duration by) {
    Instant target = clock.instant().plus(by);
    while (true) {
      Entry next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due().isAfter(target)) {
          clock.set(target);
          return;
        }
        queue.poll();
        if (next.due().isAfter(clock.instant())) {
          clock.set(next.due());
        }
      }
      next.task().run();
    }
  }

  /**
   * As {@link #advance(Duration)}, but runs {@code settle} after each due task and waits on it
   * before time moves on: for code that hands a due task to another thread (an owner thread) which
   * arms the next timer from there, so that timer is armed, and run if due, before the target.
   */
  public void advance(Duration by, Runnable settle) {
    Instant target = clock.instant().plus(by);
    while (true) {
      Entry next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due().isAfter(target)) {
          clock.set(target);
          next = null;
        } else {
          queue.poll();
          if (next.due().isAfter(clock.instant())) {
            clock.set(next.due());
          }
        }
      }
      if (next == null) {
        settle.run();
        synchronized (this) {
          Entry armed = queue.peek();
          if (armed == null || armed.due().isAfter(target)) {
            return;
          }
        }
        continue;
      }
      next.task().run();
      settle.run();
    }
  }

  public synchronized int pending() {
    return queue.size();
  }

  public synchronized List<Instant> dueTimes() {
    List<Instant> out = new ArrayList<>();
    queue.forEach(e -> out.add(e.due()));
    out.sort(Comparator.naturalOrder());
    return out;
  }

  private record Entry(Instant due, long seq, Runnable task) {}

  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void set(Instant t) {
      now = t;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
