package io.mezzo.http.common;

import io.mezzo.core.time.Timers;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;

/**
 * {@link Timers} on Vert.x's timer wheel, for the HTTP edge: a request's own deadline (such as
 * {@code /metrics/snapshot?timeout=}) needs no thread of its own. Tasks run on a Vert.x event loop
 * and must not block.
 */
public final class VertxTimers implements Timers {
  private final Vertx vertx;
  private final Clock clock;

  public VertxTimers(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    // Vert.x timers take at least one millisecond; a shorter delay still runs after it has passed.
    long ms = Math.max(1, (delay.toNanos() + 999_999) / 1_000_000);
    long id = vertx.setTimer(ms, t -> task.run());
    return () -> vertx.cancelTimer(id);
  }
}
