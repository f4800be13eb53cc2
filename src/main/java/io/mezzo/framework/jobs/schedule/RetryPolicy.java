package io.mezzo.framework.jobs.schedule;

import java.time.Duration;
import java.util.Optional;

/**
 * When a failed attempt of a run is retried: {@code retries} more attempts, bounded backoff.
 *
 * <p>The delay after failed attempt {@code k} is {@code 1 s * 2^k}, capped at {@link #MAX_DELAY}: 1
 * s, 2 s, 4 s, 8 s, 16 s, 32 s, then 60 s for every later attempt. It is deterministic (no jitter)
 * so a run's timeline can be replayed in tests; a job's retries are few and its attempts are not
 * synchronised with other jobs', so there is no herd to spread.
 */
public final class RetryPolicy {
  /** The first retry waits this long. */
  public static final Duration BASE_DELAY = Duration.ofSeconds(1);

  /** No retry waits longer than this, however many attempts failed. */
  public static final Duration MAX_DELAY = Duration.ofSeconds(60);

  /** 2^6 s is the first power of two past the cap; larger shifts are never computed. */
  private static final int LAST_UNCAPPED_ATTEMPT = 5;

  private RetryPolicy() {}

  /**
   * The delay before the next attempt after attempt {@code failedAttempt} (0 = the first) failed,
   * or empty when {@code retries} retries are used up ({@code retries: 2} = up to 3 attempts).
   *
   * @throws IllegalArgumentException when {@code failedAttempt} or {@code retries} is negative
   */
  public static Optional<Duration> retryAfter(int failedAttempt, int retries) {
    if (failedAttempt < 0) {
      throw new IllegalArgumentException(
          "failedAttempt: must be 0 or more (0 is the first attempt), got " + failedAttempt);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries: must be 0 or more, got " + retries);
    }
    if (failedAttempt >= retries) {
      return Optional.empty();
    }
    if (failedAttempt > LAST_UNCAPPED_ATTEMPT) {
      return Optional.of(MAX_DELAY);
    }
    Duration delay = BASE_DELAY.multipliedBy(1L << failedAttempt);
    return Optional.of(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
  }
}
