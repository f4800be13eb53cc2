package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.Address;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.core.resources.Resources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The IP an agent reports at registration reaches its offers' {@code url.address.ip}, next to its
 * hostname, without the master looking a name up; a report that is not an IP is refused.
 */
class AgentAddressTest {
  private final MasterHarness h = new MasterHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private CallResult register(String hostname, String endpoint, String ip) {
    AgentInfo info =
        new AgentInfo(
            hostname,
            5051,
            ResourceMapping.toWire(Resources.parse("cpus:2;mem:512"), null, false),
            null,
            null);
    CallResult r =
        get(
            h.master.agentSubscribe(
                AgentCall.subscribe(
                    new AgentCall.Register(info, endpoint, "test", null, null, null, ip)),
                new RecordingAgentChannel()));
    h.settle();
    return r;
  }

  @Test
  void offersCarryTheReportedIpAndTheAgentsHostname() {
    assertThat(register("agent7.example", "http://agent7.example:5057", "10.1.2.7").isSuccess())
        .isTrue();
    var fw = h.subscribe("addr");
    h.allocate();
    Offer offer = fw.lastOffer();
    assertThat(offer.hostname()).isEqualTo("agent7.example");
    assertThat(offer.url().address()).isEqualTo(new Address("agent7.example", "10.1.2.7", 5057));
  }

  @Test
  void aReportedIpThatIsNotAnAddressIsRefusedNamingTheField() {
    CallResult r = register("agent8", "http://agent8:5051", "agent8");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("register.ip").contains("agent8");
  }
}
