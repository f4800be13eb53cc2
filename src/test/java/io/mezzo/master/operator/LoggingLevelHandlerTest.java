package io.mezzo.master.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.Response;
import io.mezzo.core.logging.Verbosity;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.master.CallResult;
import io.mezzo.ops.LoggingLevel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoggingLevelHandlerTest {
  private final ManualTimers timers = new ManualTimers();
  private final LoggingLevelHandler handler = new LoggingLevelHandler(new LoggingLevel(timers));

  @AfterEach
  void revertTheLogCategory() {
    // The level is the JVM's io.mezzo category: leave it as found for the tests that follow.
    timers.advance(Duration.ofDays(1));
  }

  private static Call.SetLoggingLevel body(Integer level, Long nanos) {
    return new Call.SetLoggingLevel(level, nanos == null ? null : new DurationInfo(nanos));
  }

  @Test
  void aLevelSetHoldsForItsDurationThenReverts() {
    assertThat(handler.get().getLoggingLevel().level()).isZero();

    CallResult r = handler.set(body(2, Duration.ofSeconds(10).toNanos()));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).as("Mesos answers SET_LOGGING_LEVEL with an empty 200").isNull();
    Response got = handler.get();
    assertThat(got.type()).isEqualTo(Response.Type.GET_LOGGING_LEVEL);
    assertThat(got.getLoggingLevel().level()).isEqualTo(2);
    timers.advance(Duration.ofSeconds(9));
    assertThat(handler.get().getLoggingLevel().level()).isEqualTo(2);
    timers.advance(Duration.ofSeconds(1));
    assertThat(handler.get().getLoggingLevel().level()).isZero();
  }

  @Test
  void aMissingOrBadBodyIsRefusedNamingTheField() {
    assertThat(handler.set(null).message())
        .isEqualTo("Expecting 'set_logging_level' to be present");
    assertThat(handler.set(body(null, 1L)).message()).contains("'set_logging_level.level'");
    assertThat(handler.set(body(1, null)).message()).contains("'set_logging_level.duration");
    assertThat(handler.set(new Call.SetLoggingLevel(1, new DurationInfo(null))).message())
        .contains("'set_logging_level.duration.nanoseconds'");
    CallResult negative = handler.set(body(-1, 1L));
    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.message()).contains("'set_logging_level.level'").contains("-1");
    CallResult zero = handler.set(body(1, 0L));
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.message()).contains("'set_logging_level.duration' must be positive");
    assertThat(handler.get().getLoggingLevel().level()).as("nothing was set").isZero();
  }

  @Test
  void aNodeWithoutItsLoggingLevelRefusesToSetOne() {
    LoggingLevelHandler unwired = new LoggingLevelHandler(Verbosity.UNWIRED);

    CallResult r = unwired.set(body(1, 1_000L));

    assertThat(r.status()).isEqualTo(501);
    assertThat(r.message()).contains("SET_LOGGING_LEVEL").contains("not wired");
    assertThat(unwired.get().getLoggingLevel().level()).isZero();
  }
}
