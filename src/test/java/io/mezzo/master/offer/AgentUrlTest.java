package io.mezzo.master.offer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.Address;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.Url;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.registry.AgentEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Offers' {@code url} as Mesos fills it: hostname from the agent's info, ip from its PID. */
class AgentUrlTest {

  private static AgentEntry agent(String hostname, String endpoint, String reportedIp) {
    AgentId id = new AgentId("m-S0");
    AgentEntry a =
        new AgentEntry(
            id,
            new AgentInfo(hostname, 5051, List.of(), List.of(), id),
            Resources.empty(),
            endpoint,
            Instant.EPOCH);
    a.ip(reportedIp);
    return a;
  }

  @Test
  void theIpIsTheOneTheAgentReportedAndTheHostnameItsName() {
    Url url =
        OfferMaker.agentUrl(agent("agent1.example", "http://agent1.example:5052", "10.0.0.7"));
    assertThat(url.scheme()).isEqualTo("http");
    assertThat(url.address()).isEqualTo(new Address("agent1.example", "10.0.0.7", 5052));
    assertThat(url.path()).isEqualTo("/slave(1)");
  }

  @Test
  void anEndpointThatIsAnIpLiteralGivesTheIpWhenTheAgentReportedNone() {
    Url url = OfferMaker.agentUrl(agent("agent1.example", "http://192.168.1.9:5051", null));
    assertThat(url.address()).isEqualTo(new Address("agent1.example", "192.168.1.9", 5051));
    Url v6 = OfferMaker.agentUrl(agent("agent1.example", "http://[fd00::9]:5051", null));
    assertThat(v6.address().ip()).isEqualTo("fd00::9");
  }

  @Test
  void theHostnameIsNeverTakenForTheIpWhenTheAgentReportedOne() {
    Url url = OfferMaker.agentUrl(agent("localhost", "http://localhost:5051", "127.0.0.1"));
    assertThat(url.address().hostname()).isEqualTo("localhost");
    assertThat(url.address().ip()).isEqualTo("127.0.0.1");
  }

  @Test
  void withoutAnEndpointThePortIsTheAgentInfosAndNothingIsLookedUp() {
    Url url = OfferMaker.agentUrl(agent("no-such-host.invalid", null, null));
    assertThat(url.address())
        .isEqualTo(new Address("no-such-host.invalid", "no-such-host.invalid", 5051));
  }
}
