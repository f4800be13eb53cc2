package io.mezzo.master.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class QuorumPeerSettingsTest {
  private static final Ensemble THREE =
      Ensemble.parse("m1:2888:3888,m2:2888:3888,m3:2888:3888", 2181);

  @Test
  void everyPeerIsListedAndThisOneListensForClients() {
    Properties p =
        QuorumPeerSettings.of(THREE, THREE.byId(2), Path.of("/data/zk"), Duration.ofSeconds(10));
    assertThat(p)
        .containsEntry("server.1", "m1:2888:3888:participant")
        .containsEntry("server.2", "m2:2888:3888:participant")
        .containsEntry("server.3", "m3:2888:3888:participant")
        .containsEntry("clientPort", "2181")
        .containsEntry("dataDir", "/data/zk")
        .containsEntry("standaloneEnabled", "false")
        .containsEntry("admin.enableServer", "false")
        .containsEntry("autopurge.purgeInterval", "1")
        .containsEntry("autopurge.snapRetainCount", "3")
        // A name may resolve late or to an address the machine does not hold (pods, NAT).
        .containsEntry("quorumListenOnAllIPs", "true")
        .doesNotContainKey("clientPortAddress");
  }

  @Test
  void aLoopbackPeerListensOnItsAddressOnly() {
    Ensemble local = Ensemble.parse("127.0.0.1:2888:3888:2181,127.0.0.1:2889:3889:2182", 2181);
    Properties p =
        QuorumPeerSettings.of(local, local.byId(2), Path.of("/d"), Duration.ofSeconds(10));
    assertThat(p)
        .containsEntry("clientPort", "2182")
        .containsEntry("clientPortAddress", "127.0.0.1")
        .doesNotContainKey("quorumListenOnAllIPs");
  }

  @Test
  void theUsualTickForTheUsualSessionTimeout() {
    Properties p =
        QuorumPeerSettings.of(THREE, THREE.byId(1), Path.of("/d"), Duration.ofSeconds(10));
    assertThat(p)
        .containsEntry("tickTime", "2000")
        .containsEntry("initLimit", "10")
        .containsEntry("syncLimit", "5")
        .containsEntry("minSessionTimeout", "4000")
        .containsEntry("maxSessionTimeout", "40000");
  }

  @Test
  void aShortSessionTimeoutIsAdmittedWithLimitsKeptInSeconds() {
    Properties p =
        QuorumPeerSettings.of(THREE, THREE.byId(1), Path.of("/d"), Duration.ofSeconds(3));
    assertThat(p)
        .containsEntry("tickTime", "1000")
        .containsEntry("minSessionTimeout", "2000")
        .containsEntry("initLimit", "20")
        .containsEntry("syncLimit", "10");
    assertThat(QuorumPeerSettings.tickMillis(Duration.ofMillis(300))).isEqualTo(200);
    assertThat(QuorumPeerSettings.tickMillis(Duration.ofMinutes(1))).isEqualTo(2000);
    Properties longSession =
        QuorumPeerSettings.of(THREE, THREE.byId(1), Path.of("/d"), Duration.ofMinutes(2));
    assertThat(longSession).containsEntry("maxSessionTimeout", "120000");
  }
}
