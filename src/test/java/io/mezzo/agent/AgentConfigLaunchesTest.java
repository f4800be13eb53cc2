package io.mezzo.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentConfigLaunchesTest {
  @Test
  void concurrentLaunchesDefaultToTwicePerCoreWithinTwoAndSixtyFour() {
    int cores = Runtime.getRuntime().availableProcessors();

    assertThat(AgentConfig.defaults().maxConcurrentLaunches())
        .isEqualTo(AgentConfig.defaultMaxConcurrentLaunches())
        .isEqualTo(Math.max(2, Math.min(64, 2 * cores)));
  }

  @Test
  void aLaunchLimitBelowOneIsRefusedNamingIt() {
    assertThatThrownBy(() -> AgentConfig.defaults().withMaxConcurrentLaunches(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConcurrentLaunches must be at least 1, got 0");
    assertThat(AgentConfig.defaults().withMaxConcurrentLaunches(1).maxConcurrentLaunches())
        .isEqualTo(1);
  }
}
