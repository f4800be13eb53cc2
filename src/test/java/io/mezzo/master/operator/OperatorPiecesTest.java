package io.mezzo.master.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.MesosJson;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small pure pieces of the operator API: Mesos durations, drain grace periods. */
class OperatorPiecesTest {
  @Test
  void durationsArePrintedAsMesosPrintsThem() {
    assertThat(MasterFlags.duration(Duration.ofSeconds(15))).isEqualTo("15secs");
    assertThat(MasterFlags.duration(Duration.ofMinutes(1))).isEqualTo("1mins");
    assertThat(MasterFlags.duration(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(MasterFlags.duration(Duration.ofMillis(1500))).isEqualTo("1.5secs");
    assertThat(MasterFlags.duration(Duration.ofDays(7))).isEqualTo("1weeks");
  }

  @Test
  void gracePeriodsAreProtobufDurations() {
    assertThat(DrainAgentHandler.graceNanos(null)).isNull();
    assertThat(DrainAgentHandler.graceNanos(MesosJson.tree(Map.of("seconds", 10))))
        .isEqualTo(10_000_000_000L);
    assertThat(DrainAgentHandler.graceNanos(MesosJson.tree(Map.of("seconds", 1, "nanos", 5))))
        .isEqualTo(1_000_000_005L);
    assertThat(DrainAgentHandler.graceNanos(MesosJson.tree("2.5s"))).isEqualTo(2_500_000_000L);
    assertThatThrownBy(() -> DrainAgentHandler.graceNanos(MesosJson.tree(Map.of("seconds", -1))))
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> DrainAgentHandler.graceNanos(MesosJson.tree(Map.of("seconds", "x"))))
        .hasMessageContaining("max_grace_period");
  }
}
