package io.mezzo.api.v1;

import java.time.Instant;

/** A point in time as nanoseconds since the epoch ({@code mesos.v1.TimeInfo}). */
public record TimeInfo(Long nanoseconds) {
  public static TimeInfo of(Instant t) {
    return new TimeInfo(t.getEpochSecond() * 1_000_000_000L + t.getNano());
  }
}
