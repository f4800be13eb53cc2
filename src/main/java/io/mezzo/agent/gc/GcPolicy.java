package io.mezzo.agent.gc;

import java.time.Duration;

/**
 * When completed sandboxes are removed, as Mesos's agent flags say.
 *
 * @param delay {@code --gc_delay}: how long a completed run's directories are kept at most; 1 week
 * @param diskWatchInterval {@code --disk_watch_interval}: how often disk usage is checked (and due
 *     directories removed); 1 min
 * @param diskHeadroom {@code --gc_disk_headroom}, in [0, 1]: the delay shrinks to {@code delay ×
 *     max(0, 1 - headroom - usage)} as the work dir's disk fills; 0.1
 */
public record GcPolicy(Duration delay, Duration diskWatchInterval, double diskHeadroom) {

  public GcPolicy {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("mezzo.agent.gc-delay must not be negative, got " + delay);
    }
    if (diskWatchInterval == null || diskWatchInterval.isNegative() || diskWatchInterval.isZero()) {
      throw new IllegalArgumentException(
          "mezzo.agent.disk-watch-interval must be positive, got " + diskWatchInterval);
    }
    if (!(diskHeadroom >= 0.0 && diskHeadroom <= 1.0)) {
      throw new IllegalArgumentException(
          "mezzo.agent.gc-disk-headroom must be between 0 and 1, got " + diskHeadroom);
    }
  }

  /** Mesos's defaults: 1 week, every minute, 10 % headroom. */
  public static GcPolicy defaults() {
    return new GcPolicy(Duration.ofDays(7), Duration.ofMinutes(1), 0.1);
  }

  /**
   * How long a completed run may still be kept when the work dir's disk is {@code usage} full (0 to
   * 1), as Mesos computes it: {@code delay × max(0, 1 - headroom - usage)}.
   */
  public Duration maxAllowedAge(double usage) {
    double factor = Math.max(0.0, 1.0 - diskHeadroom - usage);
    return Duration.ofMillis((long) (delay.toMillis() * Math.min(1.0, factor)));
  }
}
