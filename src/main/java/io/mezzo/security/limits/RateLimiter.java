package io.mezzo.security.limits;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Decides whether a principal's next scheduler call fits its rate, with one token bucket per
 * principal listed with a {@code qps} in {@link RateLimits} and one bucket shared by every
 * principal that is not listed (and by callers without a principal), as Mesos's aggregate default.
 *
 * <p>A bucket holds up to its burst size in tokens, starts full, refills at {@code qps} tokens a
 * second and each allowed call takes one token. An empty bucket refuses the call: Mezzo answers 429
 * with Retry-After instead of queueing the call as Mesos does (see {@link RateLimits}).
 *
 * <p>Memory is bounded by the configuration: all buckets are made here, and a principal nobody
 * listed never gets one of its own, so a client inventing principals cannot grow this object.
 *
 * <p>Time comes from an injected monotonic nanosecond clock ({@code System::nanoTime} in
 * production, a fake in tests). A clock that steps back is treated as standing still.
 *
 * <p>Thread-safe: HTTP calls arrive on several event loops, so each bucket is guarded by its own
 * monitor, held only for the arithmetic of one call; no two monitors are ever held together.
 */
public final class RateLimiter {
  private static final double NANOS_PER_SECOND = 1e9;
  // Refills are computed in floating point; a bucket that is a rounding error short of a token
  // has, by the configured rate, earned it.
  private static final double EPSILON = 1e-9;

  private final RateLimits limits;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> perPrincipal;
  private final Bucket aggregate;

  /**
   * @param limits the parsed {@code --rate_limits}
   * @param nanoClock monotonic time in nanoseconds
   */
  public RateLimiter(RateLimits limits, LongSupplier nanoClock) {
    Objects.requireNonNull(limits, "limits");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    long now = nanoClock.getAsLong();
    Map<String, Bucket> buckets = new HashMap<>();
    for (RateLimits.Limit limit : limits.limits()) {
      if (limit.qps().isPresent()) {
        double qps = limit.qps().getAsDouble();
        buckets.put(
            limit.principal(), new Bucket(qps, RateLimits.burst(qps, limit.capacity()), now));
      }
    }
    this.perPrincipal = Map.copyOf(buckets);
    if (limits.aggregateDefaultQps().isPresent()) {
      double qps = limits.aggregateDefaultQps().getAsDouble();
      this.aggregate =
          new Bucket(qps, RateLimits.burst(qps, limits.aggregateDefaultCapacity()), now);
    } else {
      this.aggregate = null;
    }
    this.limits = limits;
  }

  /**
   * Takes one call from the principal's budget if it has one left.
   *
   * @param principal the authenticated principal (or {@code FrameworkInfo.principal}); {@code null}
   *     for a caller without one, who is counted against the aggregate default
   * @return {@link LimitDecision#ALLOWED} (a token was taken), or a refusal naming the principal
   *     and the rate it exceeds with the whole seconds until the next token; a refusal takes
   *     nothing, so retrying too early does not push the next allowed call further away
   */
  public LimitDecision tryAcquire(String principal) {
    Bucket own = principal == null ? null : perPrincipal.get(principal);
    if (own != null) {
      long wait = own.take(nanoClock.getAsLong());
      return wait == 0
          ? LimitDecision.ALLOWED
          : LimitDecision.refused(ownReason(principal, own), wait);
    }
    if (limits.limitFor(principal).isPresent() || aggregate == null) {
      // Listed without a qps: Mesos's explicit way of saying "never throttle this principal".
      // Not listed with no aggregate default: Mesos's implicit way.
      return LimitDecision.ALLOWED;
    }
    long wait = aggregate.take(nanoClock.getAsLong());
    return wait == 0
        ? LimitDecision.ALLOWED
        : LimitDecision.refused(aggregateReason(principal), wait);
  }

  private static String ownReason(String principal, Bucket bucket) {
    return "principal '"
        + principal
        + "' exceeds "
        + RateLimits.format(bucket.qps)
        + " qps (burst "
        + bucket.burst
        + ")";
  }

  private String aggregateReason(String principal) {
    String who =
        principal == null
            ? "callers without a principal"
            : "principal '" + principal + "', which has no rate limit of its own,";
    return who
        + " and the other principals without one together exceed the aggregate default of "
        + RateLimits.format(aggregate.qps)
        + " qps (burst "
        + aggregate.burst
        + ")";
  }

  /** A token bucket; its fields are guarded by its own monitor. */
  private static final class Bucket {
    final double qps;
    final long burst;
    private double tokens;
    private long lastRefillNanos;

    Bucket(double qps, long burst, long now) {
      this.qps = qps;
      this.burst = burst;
      this.tokens = burst;
      this.lastRefillNanos = now;
    }

    /** Takes a token: 0 when one was there, else the whole seconds (>= 1) until there is one. */
    synchronized long take(long now) {
      long elapsed = now - lastRefillNanos;
      if (elapsed > 0) {
        tokens = Math.min(burst, tokens + elapsed * qps / NANOS_PER_SECOND);
        lastRefillNanos = now;
      }
      if (tokens >= 1 - EPSILON) {
        tokens = Math.max(0, tokens - 1);
        return 0;
      }
      double secondsToNextToken = (1 - tokens) / qps;
      return Math.max(1, (long) Math.ceil(secondsToNextToken - EPSILON));
    }
  }
}
