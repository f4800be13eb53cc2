package io.mezzo.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.IpAddresses;
import org.junit.jupiter.api.Test;

/** The IP an agent reports when it registers, worked out once from its endpoint. */
class AgentReportedIpTest {

  @Test
  void anEndpointWithAnIpReportsThatIp() {
    assertThat(MasterSession.ipOf("http://10.0.0.3:5051")).isEqualTo("10.0.0.3");
    assertThat(MasterSession.ipOf("http://[fd00::3]:5051")).isEqualTo("fd00::3");
  }

  @Test
  void anEndpointWithANameReportsTheAddressTheNameResolvesTo() {
    assertThat(MasterSession.ipOf("http://localhost:5051")).matches(IpAddresses::isLiteral);
  }

  @Test
  void anUnresolvableNameOrNoEndpointReportsNothing() {
    assertThat(MasterSession.ipOf("http://no-such-host.invalid:5051")).isNull();
    assertThat(MasterSession.ipOf(null)).isNull();
  }
}
