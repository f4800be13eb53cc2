package io.mezzo.http.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.AgentId;
import io.mezzo.master.operator.SandboxOwner;
import io.mezzo.master.registry.AgentEntry;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Why a master-only node cannot proxy a sandbox request: every refusal names what is missing. */
class SandboxProxyTest {
  private static final AgentId AGENT = new AgentId("a-1");

  private static Optional<SandboxOwner.Owner> owner(String endpoint, AgentEntry.State state) {
    return Optional.of(new SandboxOwner.Owner(AGENT, endpoint, state));
  }

  @Test
  void aReachableAgentWithAnEndpointCanBeAsked() {
    assertThat(SandboxProxy.problem(owner("http://h:5051", AgentEntry.State.CONNECTED), "/p", null))
        .isNull();
    assertThat(
            SandboxProxy.problem(owner("http://h:5051", AgentEntry.State.DISCONNECTED), "/p", null))
        .isNull();
  }

  @Test
  void anUnknownOwnerNamesThePathOrTheAgentAsked() {
    assertThat(SandboxProxy.problem(Optional.empty(), "/sandbox/x", null))
        .contains("'/sandbox/x'")
        .contains("agent_id=");
    assertThat(SandboxProxy.problem(Optional.empty(), "/sandbox/x", "a-9"))
        .isEqualTo("Agent a-9 is not known to this master");
  }

  @Test
  void anAgentThatCannotAnswerSaysWhy() {
    assertThat(
            SandboxProxy.problem(owner("http://h:5051", AgentEntry.State.UNREACHABLE), "/p", null))
        .contains("is unreachable");
    assertThat(SandboxProxy.problem(owner("http://h:5051", AgentEntry.State.GONE), "/p", null))
        .contains("is gone");
    assertThat(SandboxProxy.problem(owner(null, AgentEntry.State.CONNECTED), "/p", null))
        .contains("advertised no HTTP endpoint");
  }
}
