package io.mezzo.api.v1;

import java.time.Duration;

/** A duration in nanoseconds ({@code mesos.v1.DurationInfo}). */
public record DurationInfo(Long nanoseconds) {
  public static DurationInfo of(Duration d) {
    return new DurationInfo(d.toNanos());
  }

  public Duration toDuration() {
    return Duration.ofNanos(nanoseconds == null ? 0 : nanoseconds);
  }
}
