package io.mezzo.agent.health;

import io.mezzo.api.v1.CheckInfo;
import io.mezzo.api.v1.CheckStatusInfo;
import io.mezzo.core.time.Timers;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs one task's general {@code check} as Mesos's checker does: after {@code delay_seconds}, then
 * {@code interval_seconds} after each result, each probe bounded by {@code timeout_seconds}. Every
 * result that differs from the previous one (at first: from "no result yet") goes to the listener
 * as a {@link CheckStatusInfo}; a probe without an answer (timed out, could not start) reports the
 * type with an empty body. Checks never kill the task.
 *
 * <pre>
 *   start ──delay──▶ probe ──result──▶ (report if changed) ──interval──▶ probe …
 *   stop ──▶ STOPPED from any state; later results are dropped
 * </pre>
 *
 * <p>Confined to {@code ctx}: timers and probe completions hop onto it.
 */
public final class CheckRunner {
  private final CheckInfo check;
  private final Probe probe;
  private final Timers timers;
  private final Executor ctx;
  private final Consumer<CheckStatusInfo> listener;
  private Timers.Cancellable next;
  private Timers.Cancellable timeout;
  private long round;
  private boolean started;
  private boolean stopped;
  private CheckStatusInfo last;

  public CheckRunner(
      CheckInfo check,
      Probe probe,
      Timers timers,
      Executor ctx,
      Consumer<CheckStatusInfo> listener) {
    this.check = check;
    this.probe = probe;
    this.timers = timers;
    this.ctx = ctx;
    this.listener = listener;
    // The task's first TASK_RUNNING already said "no result yet"; repeating it is no change.
    this.last = status(check.type(), ProbeResult.failed("no result yet"));
  }

  /** Starts checking: the first probe runs after {@code delay_seconds}. Call once. */
  public void start() {
    if (started) {
      throw new IllegalStateException("cannot start a checker twice: " + probe.describe());
    }
    started = true;
    schedule(HealthChecker.seconds(check.delaySeconds()));
  }

  /** Stops for good; idempotent. */
  public void stop() {
    stopped = true;
    if (next != null) {
      next.cancel();
    }
    if (timeout != null) {
      timeout.cancel();
    }
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
    Duration limit = HealthChecker.seconds(check.timeoutSeconds());
    timeout =
        timers.schedule(
            limit, () -> ctx.execute(() -> result(mine, ProbeResult.failed("timed out"))));
    probe
        .run(limit)
        .whenComplete(
            (r, e) ->
                ctx.execute(() -> result(mine, e != null ? ProbeResult.failed(e.toString()) : r)));
  }

  private void result(long of, ProbeResult r) {
    if (stopped || of != round) {
      return;
    }
    round++;
    timeout.cancel();
    CheckStatusInfo status = status(check.type(), r);
    if (!Objects.equals(status, last)) {
      last = status;
      listener.accept(status);
    }
    schedule(HealthChecker.seconds(check.intervalSeconds()));
  }

  /** The wire form of one result: only the body of the check's own type. */
  static CheckStatusInfo status(CheckInfo.Type type, ProbeResult r) {
    return switch (type) {
      case COMMAND ->
          new CheckStatusInfo(type, new CheckStatusInfo.Command(r.exitCode()), null, null);
      case HTTP -> new CheckStatusInfo(type, null, new CheckStatusInfo.Http(r.statusCode()), null);
      case TCP -> new CheckStatusInfo(type, null, null, new CheckStatusInfo.Tcp(r.connected()));
      case UNKNOWN -> new CheckStatusInfo(type, null, null, null);
    };
  }
}
