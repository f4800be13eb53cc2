package io.mezzo.framework.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

  @Test
  void noRetriesMeansTheFirstFailureIsFinal() {
    assertThat(RetryPolicy.retryAfter(0, 0)).isEmpty();
  }

  @Test
  void twoRetriesAllowThreeAttemptsInTotal() {
    assertThat(RetryPolicy.retryAfter(0, 2)).isPresent();
    assertThat(RetryPolicy.retryAfter(1, 2)).isPresent();
    assertThat(RetryPolicy.retryAfter(2, 2)).isEmpty();
    assertThat(RetryPolicy.retryAfter(3, 2)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 2", "2, 4", "3, 8", "4, 16", "5, 32", "6, 60", "7, 60", "30, 60"})
  void delayDoublesFromOneSecondUpToOneMinute(int failedAttempt, long seconds) {
    assertThat(RetryPolicy.retryAfter(failedAttempt, 100)).contains(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @CsvSource({"31", "32", "63", "64", "1000", "2147483646"})
  void hugeAttemptNumbersStayAtTheCapWithoutOverflow(int failedAttempt) {
    assertThat(RetryPolicy.retryAfter(failedAttempt, Integer.MAX_VALUE))
        .contains(RetryPolicy.MAX_DELAY);
  }

  @Test
  void theSameInputAlwaysGivesTheSameDelay() {
    assertThat(RetryPolicy.retryAfter(3, 5)).isEqualTo(RetryPolicy.retryAfter(3, 5));
  }

  @Test
  void negativeAttemptIsRefusedNamingIt() {
    assertThatThrownBy(() -> RetryPolicy.retryAfter(-1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failedAttempt")
        .hasMessageContaining("-1");
  }

  @Test
  void negativeRetriesAreRefusedNamingThem() {
    assertThatThrownBy(() -> RetryPolicy.retryAfter(0, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retries")
        .hasMessageContaining("-3");
  }
}
