package io.mezzo.http.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.Address;
import io.mezzo.api.v1.MasterInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a standby sends a client: the leader's protocol-relative base, same path and query. */
class LeaderRedirectTest {
  private static MasterInfo leader(String hostname) {
    return new MasterInfo(
        "m1",
        null,
        5050,
        "master@10.0.0.7:5050",
        hostname,
        "1.11.0",
        new Address(hostname, "10.0.0.7", 5050),
        List.of());
  }

  @Test
  void theQueryGoesAlongSoJsonpStillWrapsTheLeadersAnswer() {
    assertThat(LeaderRedirect.location(leader("m1.example"), "/master/state", "jsonp=cb"))
        .isEqualTo("//m1.example:5050/master/state?jsonp=cb");
    assertThat(
            LeaderRedirect.location(
                leader("m1.example"), "/tasks", "limit=10&order=asc&jsonp=angular.callbacks._1"))
        .isEqualTo("//m1.example:5050/tasks?limit=10&order=asc&jsonp=angular.callbacks._1");
  }

  @Test
  void noQueryLeavesNoQuestionMark() {
    assertThat(LeaderRedirect.location(leader("m1.example"), "/master/state", null))
        .isEqualTo("//m1.example:5050/master/state");
    assertThat(LeaderRedirect.location(leader("m1.example"), "/master/state", ""))
        .isEqualTo("//m1.example:5050/master/state");
  }

  @Test
  void anEncodedQueryIsPassedOnAsReceived() {
    assertThat(LeaderRedirect.location(leader("m1"), "/frameworks", "framework_id=a%2Fb"))
        .isEqualTo("//m1:5050/frameworks?framework_id=a%2Fb");
  }

  @Test
  void aLeaderWithoutAHostnameIsAddressedByItsIp() {
    assertThat(LeaderRedirect.base(leader(null))).isEqualTo("//10.0.0.7:5050");
    assertThat(LeaderRedirect.base(leader(""))).isEqualTo("//10.0.0.7:5050");
  }

  @Test
  void aTlsOnlyLeaderIsReachedOnItsHttpsPortWithTheRequestsScheme() {
    // A TLS-only master announces its SSL port (AdvertisedListener); the protocol-relative
    // Location keeps the https the client used on the standby, which serves TLS only as well.
    var config =
        new io.mezzo.master.MasterConfig(
            "m1",
            "10.0.0.7",
            io.mezzo.core.net.AdvertisedListener.decide(true, 5080, 5050, "disabled").port(),
            java.time.Duration.ofSeconds(15),
            5,
            java.time.Duration.ofSeconds(15),
            null,
            50,
            io.mezzo.master.allocator.AllocatorConfig.defaults());
    MasterInfo info = config.describe("m1");
    assertThat(info.pid()).isEqualTo("master@10.0.0.7:5050");
    assertThat(LeaderRedirect.location(info, "/api/v1/scheduler", null))
        .isEqualTo("//m1:5050/api/v1/scheduler");
    assertThat(java.net.URI.create("https://standby:5050/api/v1/scheduler").resolve("//m1:5050/x"))
        .hasToString("https://m1:5050/x");
  }
}
