package io.mezzo.http.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.core.time.ManualTimers;
import io.mezzo.http.common.LoggingToggleRoute.Answer;
import io.mezzo.ops.LoggingLevel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /logging/toggle} as libprocess answers it. */
class LoggingToggleRouteTest {
  private final ManualTimers timers = new ManualTimers();
  private final LoggingLevel logging = new LoggingLevel(timers);

  @AfterEach
  void revert() {
    timers.advance(Duration.ofDays(30));
  }

  private Answer toggle(String level, String duration) {
    return LoggingToggleRoute.toggle(logging, level, duration);
  }

  @Test
  void withoutParametersItAnswersTheCurrentLevel() {
    assertThat(toggle(null, null)).isEqualTo(new Answer(200, "0\n"));
    logging.set(2, Duration.ofSeconds(5));
    assertThat(toggle(null, null)).isEqualTo(new Answer(200, "2\n"));
  }

  @Test
  void aLevelIsRaisedForTheDurationInStoutSyntaxThenReverts() {
    assertThat(toggle("3", "10secs")).isEqualTo(new Answer(200, ""));
    assertThat(logging.level()).isEqualTo(3);
    timers.advance(Duration.ofSeconds(9));
    assertThat(logging.level()).isEqualTo(3);
    timers.advance(Duration.ofSeconds(1));
    assertThat(logging.level()).isZero();

    assertThat(toggle("1", "1mins").status()).isEqualTo(200);
    timers.advance(Duration.ofSeconds(59));
    assertThat(logging.level()).isEqualTo(1);
    timers.advance(Duration.ofSeconds(1));
    assertThat(logging.level()).isZero();
  }

  @Test
  void oneParameterWithoutTheOtherIsRefusedAsMesosWordsIt() {
    assertThat(toggle("1", null))
        .isEqualTo(new Answer(400, "Expecting 'duration=value' in query.\n"));
    assertThat(toggle(null, "10secs"))
        .isEqualTo(new Answer(400, "Expecting 'level=value' in query.\n"));
    assertThat(logging.level()).isZero();
  }

  @Test
  void badValuesAreRefusedNamingThem() {
    assertThat(toggle("x", "10secs"))
        .isEqualTo(new Answer(400, "Failed to convert 'x' to number.\n"));
    assertThat(toggle("1.5", "10secs").body()).contains("'1.5'");
    assertThat(toggle("-1", "10secs")).isEqualTo(new Answer(400, "Invalid level '-1'.\n"));
    Answer noUnit = toggle("1", "10");
    assertThat(noUnit.status()).isEqualTo(400);
    assertThat(noUnit.body()).startsWith("Invalid duration '10'").endsWith(".\n");
    Answer badUnit = toggle("1", "10seconds");
    assertThat(badUnit.status()).isEqualTo(400);
    assertThat(badUnit.body()).contains("'seconds'").contains("'secs'");
    Answer zero = toggle("1", "0secs");
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.body()).contains("'duration' must be positive");
    assertThat(logging.level()).as("nothing was set").isZero();
  }
}
