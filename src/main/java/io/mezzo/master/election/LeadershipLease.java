package io.mezzo.master.election;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A leader's lease known by time: valid until {@code t0 + length}, where {@code t0} is the
 * monotonic time taken <em>before</em> the last check that ZooKeeper still holds our election node
 * in our current session and that it is the lowest. Since ZooKeeper expires a session no earlier
 * than the session timeout after the last contact, and the length is shorter than that, a lease
 * that is still valid means no other master can have been elected yet, whatever callbacks have or
 * have not arrived. A process paused (SIGSTOP, a long GC) past its lease finds it invalid the
 * moment it runs again, because the monotonic clock kept going.
 *
 * <p>Thread-safe: the elector's thread renews it, any thread reads it. Once {@link #revoke}d (or
 * expired) it stays invalid; a later term gets a new lease.
 */
public final class LeadershipLease implements Lease {
  private final LongSupplier nanoClock;
  private final long lengthNanos;
  private volatile long validUntil;
  private volatile boolean granted;
  private volatile boolean ended;

  /**
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; a fake in tests)
   * @param length how long a confirmation holds; must be positive and shorter than the session
   *     timeout (see {@link #lengthFor})
   */
  public LeadershipLease(LongSupplier nanoClock, Duration length) {
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("a lease needs a positive length, got " + length);
    }
    this.nanoClock = nanoClock;
    this.lengthNanos = length.toNanos();
  }

  /** The lease length for a session timeout: two thirds of it, leaving a third for clock drift. */
  public static Duration lengthFor(Duration sessionTimeout) {
    return sessionTimeout.multipliedBy(2).dividedBy(3);
  }

  /**
   * How often a leader confirms its election node: a sixth of the session timeout, so a lease of
   * two thirds survives three missed confirmations.
   */
  public static Duration renewalFor(Duration sessionTimeout) {
    Duration d = sessionTimeout.dividedBy(6);
    return d.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : d;
  }

  /**
   * Extends the lease to {@code confirmedAt + length}, {@code confirmedAt} being the clock's value
   * taken before the confirming read was sent. Never shortens it; does nothing once it ended.
   */
  public synchronized void renew(long confirmedAt) {
    if (ended) {
      return;
    }
    long until = confirmedAt + lengthNanos;
    if (!granted || until - validUntil > 0) {
      validUntil = until;
    }
    granted = true;
    if (nanoClock.getAsLong() - validUntil >= 0) {
      ended = true; // confirmed too late to count: expired already, and stays so
    }
  }

  /** Ends the lease now (session lost, node gone, write fenced); idempotent. */
  public void revoke() {
    ended = true;
  }

  @Override
  public boolean isValid() {
    if (ended || !granted) {
      return false;
    }
    if (nanoClock.getAsLong() - validUntil >= 0) {
      ended = true;
      return false;
    }
    return true;
  }

  /** Time left, zero once it is not valid. */
  public Duration remaining() {
    if (!isValid()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(validUntil - nanoClock.getAsLong());
  }
}
