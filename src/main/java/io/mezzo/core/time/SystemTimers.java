package io.mezzo.core.time;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Real time: the system clock and one daemon scheduler thread. */
public final class SystemTimers implements Timers, AutoCloseable {
  private final Clock clock;
  private final ScheduledExecutorService scheduler;

  public SystemTimers(String name) {
    this.clock = Clock.systemUTC();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name + "-timers");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    if (scheduler.isShutdown()) {
      return () -> {};
    }
    ScheduledFuture<?> f =
        scheduler.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
