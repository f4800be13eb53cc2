package io.mezzo.framework.jobs.schedule;

import java.time.Duration;
import java.util.Optional;

/** When a failed attempt of a run is retried: {@code retries} more attempts, bounded backoff. */
public final class RetryPolicy {
  private RetryPolicy() {}

  /**
   * The delay before the next attempt after attempt {@code failedAttempt} (0 = the first) failed,
   * or empty when {@code retries} retries are used up ({@code retries: 2} = up to 3 attempts).
   */
  public static Optional<Duration> retryAfter(int failedAttempt, int retries) {
    throw new UnsupportedOperationException("not built yet");
  }
}
