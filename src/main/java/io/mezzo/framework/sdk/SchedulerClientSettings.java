package io.mezzo.framework.sdk;

import java.time.Duration;

/**
 * How a {@link SchedulerClient} keeps its subscription alive.
 *
 * @param initialBackoff wait before the first resubscription after a drop (then doubled per
 *     consecutive failure); each wait is jittered down to half of it, so restarted frameworks do
 *     not resubscribe in lockstep
 * @param maxBackoff cap on the wait between resubscriptions
 * @param missedHeartbeats how many heartbeat intervals without any event mean the stream is dead
 * @param subscribeTimeout bound from sending SUBSCRIBE to receiving SUBSCRIBED
 * @param stopTimeout bound on {@link SchedulerClient#stop}
 */
public record SchedulerClientSettings(
    Duration initialBackoff,
    Duration maxBackoff,
    int missedHeartbeats,
    Duration subscribeTimeout,
    Duration stopTimeout) {

  public SchedulerClientSettings {
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive, got " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
    }
    if (missedHeartbeats < 1) {
      throw new IllegalArgumentException("missedHeartbeats must be at least 1");
    }
    if (subscribeTimeout.isNegative() || subscribeTimeout.isZero()) {
      throw new IllegalArgumentException("subscribeTimeout must be positive");
    }
  }

  /** 1 s doubling to 30 s, 5 missed heartbeats, 30 s to subscribe, 10 s to stop. */
  public static SchedulerClientSettings defaults() {
    return new SchedulerClientSettings(
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        5,
        Duration.ofSeconds(30),
        Duration.ofSeconds(10));
  }

  /**
   * The wait before resubscription attempt {@code failures} (1 for the first): {@code
   * initialBackoff × 2^(failures-1)} capped at {@code maxBackoff}, then a uniformly random point in
   * its upper half.
   */
  public Duration backoff(int failures, double random) {
    long cap = maxBackoff.toMillis();
    long base = initialBackoff.toMillis();
    for (int i = 1; i < failures && base < cap; i++) {
      base *= 2;
    }
    base = Math.min(base, cap);
    return Duration.ofMillis(base / 2 + Math.round((base - base / 2) * random));
  }
}
