package io.mezzo.agent.isolator;

import io.mezzo.core.time.Timers;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Runs a check every interval until it says stop or is cancelled: how isolators watch limits that
 * the kernel does not announce. The check runs on {@code executor} (a blocking pool when it forks
 * {@code du}, the timer thread when it reads a few cgroup files), never two at once.
 */
public final class Poller {
  private static final Logger LOG = Logger.getLogger(Poller.class);
  private final Timers timers;
  private final Duration interval;
  private final Executor executor;

  public Poller(Timers timers, Duration interval, Executor executor) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive, got " + interval);
    }
    this.timers = timers;
    this.interval = interval;
    this.executor = executor;
  }

  public Duration interval() {
    return interval;
  }

  /** A running poll; {@link #cancel} stops it after the check in progress, if any. */
  public static final class Handle {
    private volatile boolean cancelled;
    private volatile Timers.Cancellable next;

    public void cancel() {
      cancelled = true;
      Timers.Cancellable n = next;
      if (n != null) {
        n.cancel();
      }
    }
  }

  /**
   * Runs {@code check} after each interval for as long as it returns true. A check that throws is
   * logged and polling goes on.
   */
  public Handle every(String what, BooleanSupplier check) {
    Handle h = new Handle();
    schedule(h, what, check);
    return h;
  }

  private void schedule(Handle h, String what, BooleanSupplier check) {
    if (h.cancelled) {
      return;
    }
    h.next =
        timers.schedule(
            interval,
            () -> {
              try {
                executor.execute(() -> run(h, what, check));
              } catch (RejectedExecutionException closed) {
                LOG.debugf("Stopped polling %s: executor closed", what);
              }
            });
  }

  private void run(Handle h, String what, BooleanSupplier check) {
    if (h.cancelled) {
      return;
    }
    boolean again = true;
    try {
      again = check.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.warnf("Polling %s failed: %s", what, e.toString());
    }
    if (again) {
      schedule(h, what, check);
    }
  }
}
