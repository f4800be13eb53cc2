package io.mezzo.master.allocator;

import io.mezzo.api.v1.Filters;
import java.time.Duration;

/**
 * The one home of Mesos's refuse-filter rules (MESOS-API.md §2.10): what a DECLINE's or ACCEPT's
 * {@code filters.refuse_seconds} asks for, and how long the filter the allocator installs for it
 * lives. The master's ACCEPT/DECLINE decider turns the wire value into a duration here; the
 * allocator applies {@link #lifetime} to whatever duration it is given.
 */
public final class RefusePolicy {
  /** Mesos's default refuse_seconds, for absent, negative or NaN values. */
  public static final Duration DEFAULT = Duration.ofSeconds(5);

  /** Longer refusals are capped at this. */
  public static final Duration MAX = Duration.ofDays(365);

  private RefusePolicy() {}

  /**
   * The refusal a call's filters ask for: default 5 s (also for negative or NaN seconds), null for
   * 0 (no filter), capped at 365 days.
   */
  public static Duration requested(Filters filters) {
    double seconds = filters == null ? Filters.DEFAULT_REFUSE_SECONDS : filters.refuseSeconds();
    if (Double.isNaN(seconds) || seconds < 0) {
      return DEFAULT;
    }
    if (seconds == 0) {
      return null;
    }
    return Duration.ofMillis((long) (Math.min(seconds, MAX.toSeconds()) * 1000));
  }

  /**
   * How long a filter installed for {@code refuse} lives, or null for none: null or zero installs
   * none, negative means the default, beyond {@link #MAX} is capped, and a filter never lapses
   * before the next periodic allocation run (or a decline would come straight back).
   */
  public static Duration lifetime(Duration refuse, Duration allocationInterval) {
    if (refuse == null || refuse.isZero()) {
      return null;
    }
    Duration d = refuse.isNegative() ? DEFAULT : refuse;
    if (d.compareTo(MAX) > 0) {
      d = MAX;
    }
    return d.compareTo(allocationInterval) < 0 ? allocationInterval : d;
  }
}
