package io.mezzo.http.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.agent.AgentConfig;
import io.mezzo.bootstrap.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the agent's legacy state finds {@code master_hostname}, and when it leaves it out. */
class MasterHostnameTest {
  private static final AgentConfig CONFIG =
      AgentConfig.defaults().withEndpoint("node-a", "http://10.0.0.5:5051");

  @Test
  void aStandaloneAgentsMasterIsItsOwnNode() {
    assertThat(MasterHostname.of(Role.STANDALONE, CONFIG, Map.of())).isEqualTo("node-a");
  }

  @Test
  void anAgentGivenOneMasterNamesItsHost() {
    assertThat(MasterHostname.of(Role.AGENT, CONFIG, Map.of("master", "http://m1.example:5050")))
        .isEqualTo("m1.example");
  }

  @Test
  void severalMastersOrNoneLeaveItOut() {
    assertThat(
            MasterHostname.of(
                Role.AGENT, CONFIG, Map.of("master", "http://m1:5050,http://m2:5050")))
        .isNull();
    assertThat(MasterHostname.of(Role.AGENT, CONFIG, Map.of("master", ""))).isNull();
    assertThat(MasterHostname.of(Role.AGENT, CONFIG, Map.of())).isNull();
    assertThat(MasterHostname.of(Role.AGENT, CONFIG, Map.of("master", "not a url"))).isNull();
  }
}
