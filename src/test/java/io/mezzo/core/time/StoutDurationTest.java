package io.mezzo.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations as Mesos's tools write them ({@code timeout=5secs}), and the ones stout refuses. */
class StoutDurationTest {
  @ParameterizedTest
  @CsvSource({
    "10ns, 10",
    "10us, 10000",
    "100ms, 100000000",
    "5secs, 5000000000",
    "1mins, 60000000000",
    "2hrs, 7200000000000",
    "1days, 86400000000000",
    "1weeks, 604800000000000",
    "0.5secs, 500000000",
    ".5secs, 500000000",
    "5.secs, 5000000000",
    "1.5mins, 90000000000",
    "0secs, 0",
    "0.0000000019secs, 1",
  })
  void readsEveryStoutUnitWithFractionsTruncatedToNanoseconds(String text, long nanos) {
    assertThat(StoutDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "", "0.5"})
  void aNumberWithoutAUnitIsRefusedRatherThanGuessed(String text) {
    assertThatThrownBy(() -> StoutDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("a unit must follow the number");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5s", "5sec", "5 secs", "5SECS", "1m", "5secs ", "-5secs", "1e3ms"})
  void anUnknownUnitIsRefusedListingTheKnownOnes(String text) {
    assertThatThrownBy(() -> StoutDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid duration '" + text + "'")
        .hasMessageContaining("'secs'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3secs", ".secs", "..ms"})
  void aMalformedNumberIsRefused(String text) {
    assertThatThrownBy(() -> StoutDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a number");
  }

  @ParameterizedTest
  @ValueSource(strings = {"secs", "ms"})
  void aUnitWithoutANumberIsRefused(String text) {
    assertThatThrownBy(() -> StoutDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a number must come before the unit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"300years", "100000weeks", "99999999999999999999ns"})
  void aValueBeyondSixtyFourBitNanosecondsIsRefused(String text) {
    assertThatThrownBy(() -> StoutDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid duration");
  }
}
