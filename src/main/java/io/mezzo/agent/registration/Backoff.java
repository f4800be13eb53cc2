package io.mezzo.agent.registration;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Mesos's registration backoff: the first attempt waits a random time in [0, factor], each later
 * one a random time in [0, bound] where the bound doubles up to {@code max}. The jitter keeps a
 * fleet of agents from re-registering in lockstep after a master failover. Not thread-safe (owned
 * by the agent's context).
 */
public final class Backoff {
  private final Duration factor;
  private final Duration max;
  private final RandomGenerator random;
  private Duration bound;

  public Backoff(Duration factor, Duration max, RandomGenerator random) {
    this.factor = factor;
    this.max = max;
    this.random = random;
    this.bound = factor;
  }

  /** The delay before the next attempt; doubles the bound for the one after. */
  public Duration next() {
    long nanos = bound.toNanos();
    Duration delay = Duration.ofNanos(nanos <= 0 ? 0 : random.nextLong(nanos + 1));
    Duration doubled = bound.multipliedBy(2);
    bound = doubled.compareTo(max) > 0 ? max : doubled;
    return delay;
  }

  /** The bound the next delay is drawn under. */
  public Duration bound() {
    return bound;
  }

  /** Back to the first-attempt bound (after a successful registration). */
  public void reset() {
    bound = factor;
  }
}
