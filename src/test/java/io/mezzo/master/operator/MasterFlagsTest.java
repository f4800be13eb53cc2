package io.mezzo.master.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.master.MasterConfig;
import io.mezzo.security.AuthenticationFlags;
import io.mezzo.security.acl.Authorizer;
import org.junit.jupiter.api.Test;

class MasterFlagsTest {
  @Test
  void authenticationSwitchesAreOffByDefault() {
    assertThat(MasterFlags.of(MasterConfig.defaults()))
        .containsEntry("authenticate_agents", "false")
        .containsEntry("authenticate_frameworks", "false")
        .containsEntry("authenticate_http_frameworks", "false")
        .containsEntry("authenticate_http_readonly", "false")
        .containsEntry("authenticate_http_readwrite", "false");
  }

  @Test
  void eachSwitchIsReportedUnderItsMesosName() {
    MasterConfig d = MasterConfig.defaults();
    MasterConfig c =
        new MasterConfig(
            d.hostname(),
            d.ip(),
            d.port(),
            d.agentPingTimeout(),
            d.maxAgentPingTimeouts(),
            d.frameworkHeartbeatInterval(),
            d.offerTimeout(),
            d.maxCompletedFrameworks(),
            d.allocator(),
            new AuthenticationFlags(true, false, true, false, true),
            Authorizer.permissive());

    assertThat(MasterFlags.of(c))
        .containsEntry("authenticate_frameworks", "true")
        .containsEntry("authenticate_http_frameworks", "true")
        .containsEntry("authenticate_agents", "false")
        .containsEntry("authenticate_http_readonly", "true")
        .containsEntry("authenticate_http_readwrite", "false")
        .doesNotContainKey("authenticate_metrics");
  }

  @Test
  void theSwitchesSurviveTheConfigsWithers() {
    AuthenticationFlags on = new AuthenticationFlags(true, true, true, true, false);
    MasterConfig d = MasterConfig.defaults();
    MasterConfig c =
        new MasterConfig(
                d.hostname(),
                d.ip(),
                d.port(),
                d.agentPingTimeout(),
                d.maxAgentPingTimeouts(),
                d.frameworkHeartbeatInterval(),
                d.offerTimeout(),
                d.maxCompletedFrameworks(),
                d.allocator(),
                on,
                Authorizer.permissive())
            .withAllocator(d.allocator())
            .withAgentPing(java.time.Duration.ofSeconds(1), 2);

    assertThat(c.authentication()).isEqualTo(on);
  }
}
