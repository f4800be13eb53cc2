package io.mezzo.agent.health;

import io.mezzo.api.v1.HealthCheck;
import io.mezzo.core.time.Timers;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Runs one task's {@code health_check} as Mesos's health checker does, and says when the task's
 * health changes and when it must be killed.
 *
 * <pre>
 *   start ──delay──▶ probe ──pass──▶ HEALTHY (report on change) ──interval──▶ probe …
 *                      │
 *                      └─fail─▶ within grace and never passed? ignored ──interval──▶ probe …
 *                               else failures+1, UNHEALTHY (report on change);
 *                               failures ≥ consecutive_failures ──▶ KILL (checker stops)
 *   stop (task ended, agent stopping) ──▶ STOPPED from any state; later results are dropped
 * </pre>
 *
 * The next probe is scheduled {@code interval_seconds} after the previous one completed, so probes
 * never overlap. A probe that does not complete within {@code timeout_seconds} (on the injected
 * timers) counts as a failure; its late result is ignored.
 *
 * <p>Confined to {@code ctx}: timers and probe completions hop onto it.
 */
public final class HealthChecker {
  private static final Logger LOG = Logger.getLogger(HealthChecker.class);

  /** What the checker tells its owner; called on {@code ctx}. */
  public interface Listener {
    /** Health changed (the first result counts as a change). */
    void healthChanged(boolean healthy, String detail);

    /** {@code consecutive_failures} failures in a row: the task must be killed. */
    void unhealthy(String detail);
  }

  private final String task;
  private final HealthCheck check;
  private final Probe probe;
  private final Timers timers;
  private final Executor ctx;
  private final Listener listener;
  private Instant startedAt;
  private Timers.Cancellable next;
  private Timers.Cancellable timeout;
  private long round;
  private boolean stopped;
  private boolean passedOnce;
  private Boolean healthy;
  private int failures;

  public HealthChecker(
      String task, HealthCheck check, Probe probe, Timers timers, Executor ctx, Listener listener) {
    this.task = task;
    this.check = check;
    this.probe = probe;
    this.timers = timers;
    this.ctx = ctx;
    this.listener = listener;
  }

  /** Starts checking: the first probe runs after {@code delay_seconds}. Call once. */
  public void start() {
    if (startedAt != null) {
      throw new IllegalStateException("cannot start the health checker of " + task + " twice");
    }
    startedAt = timers.clock().instant();
    schedule(seconds(check.delaySeconds()));
  }

  /** Stops for good; idempotent. A probe in flight finishes but its result is dropped. */
  public void stop() {
    stopped = true;
    cancel(next);
    cancel(timeout);
  }

  public boolean stopped() {
    return stopped;
  }

  private void schedule(Duration after) {
    if (!stopped) {
      next = timers.schedule(after, () -> ctx.execute(this::probeOnce));
    }
  }

  private void probeOnce() {
    if (stopped) {
      return;
    }
    long mine = ++round;
    Duration limit = seconds(check.timeoutSeconds());
    timeout =
        timers.schedule(
            limit,
            () ->
                ctx.execute(
                    () ->
                        result(
                            mine,
                            ProbeResult.failed(
                                probe.describe()
                                    + " timed out after "
                                    + limit.toMillis()
                                    + " ms"))));
    probe
        .run(limit)
        .whenComplete(
            (r, e) ->
                ctx.execute(
                    () ->
                        result(
                            mine,
                            e != null
                                ? ProbeResult.failed(probe.describe() + " failed: " + e)
                                : r)));
  }

  private void result(long of, ProbeResult r) {
    if (stopped || of != round) {
      return;
    }
    round++;
    cancel(timeout);
    if (r.healthy()) {
      passedOnce = true;
      failures = 0;
      if (!Boolean.TRUE.equals(healthy)) {
        healthy = true;
        listener.healthChanged(true, r.detail());
      }
    } else if (!passedOnce
        && Duration.between(startedAt, timers.clock().instant())
                .compareTo(seconds(check.gracePeriodSeconds()))
            < 0) {
      LOG.infof(
          "Ignoring failed health check of task %s in its grace period: %s", task, r.detail());
    } else {
      failures++;
      LOG.infof(
          "Health check of task %s failed (%d of %d): %s",
          task, failures, check.consecutiveFailures(), r.detail());
      if (!Boolean.FALSE.equals(healthy)) {
        healthy = false;
        listener.healthChanged(false, r.detail());
      }
      if (failures >= check.consecutiveFailures()) {
        stop();
        listener.unhealthy(
            failures + " consecutive health check failure(s), the last: " + r.detail());
        return;
      }
    }
    schedule(seconds(check.intervalSeconds()));
  }

  private static void cancel(Timers.Cancellable c) {
    if (c != null) {
      c.cancel();
    }
  }

  /**
   * Seconds as a duration; an infinite or huge value (a delay of "Infinity" is valid) becomes about
   * 146 years, which every timer can still schedule without overflowing nanoseconds.
   */
  static Duration seconds(double s) {
    double nanos = s * 1e9;
    return Duration.ofNanos(nanos >= Long.MAX_VALUE / 2.0 ? Long.MAX_VALUE / 2 : (long) nanos);
  }
}
