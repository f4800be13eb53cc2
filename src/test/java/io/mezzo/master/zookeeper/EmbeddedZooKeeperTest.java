package io.mezzo.master.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real one-peer ensemble in this JVM: ZooKeeper's own server, serving a Curator client. */
class EmbeddedZooKeeperTest {
  /**
   * A refused start leaves ZooKeeper's static standaloneEnabled false; later tests need it back.
   */
  @AfterEach
  void restoreZooKeeperDefaults() {
    QuorumPeerConfig.setStandaloneEnabled(true);
  }

  private static final Duration QUORUM_TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void aOnePeerEnsembleServesAndKeepsItsDataAcrossARestart() throws Exception {
    Ensemble ensemble = Ensemble.parse("127.0.0.1:" + free() + ":" + free() + ":" + free(), 2181);
    EnsemblePeer self = ensemble.byId(1);
    Path data = dir.resolve("zookeeper");
    try (EmbeddedZooKeeper zk = start(ensemble, self, data)) {
      zk.awaitQuorum(QUORUM_TIMEOUT);
      assertThat(zk.serving()).isTrue();
      assertThat(zk.state()).isEqualTo("leading");
      try (CuratorFramework client = client(ensemble)) {
        client.create().creatingParentsIfNeeded().forPath("/mezzo/kept", "v".getBytes());
      }
    }
    assertThat(Files.readString(data.resolve("myid"), StandardCharsets.US_ASCII).strip())
        .isEqualTo("1");
    assertThat(data.resolve("version-2")).isDirectory();
    assertThat(bindable(self.clientPort())).as("the client port is released on close").isTrue();

    try (EmbeddedZooKeeper again = start(ensemble, self, data)) {
      again.awaitQuorum(QUORUM_TIMEOUT);
      try (CuratorFramework client = client(ensemble)) {
        assertThat(new String(client.getData().forPath("/mezzo/kept"))).isEqualTo("v");
      }
    }
  }

  @Test
  void aDataDirOfAnotherPeerIsRefused() throws IOException {
    Files.writeString(dir.resolve("myid"), "2\n");
    assertThatThrownBy(() -> EmbeddedZooKeeper.writeMyId(dir, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("this master is peer 3 but")
        .hasMessageContaining("says it was peer 2");
    EmbeddedZooKeeper.writeMyId(dir, 2);
  }

  @Test
  void noQuorumWithoutAMajorityIsReportedInTime() throws Exception {
    Ensemble ensemble =
        Ensemble.parse(
            "127.0.0.1:%d:%d:%d,127.0.0.1:%d:%d:%d,127.0.0.1:%d:%d:%d"
                .formatted(free(), free(), free(), free(), free(), free(), free(), free(), free()),
            2181);
    try (EmbeddedZooKeeper zk = start(ensemble, ensemble.byId(1), dir.resolve("zk"))) {
      assertThatThrownBy(() -> zk.awaitQuorum(Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no ZooKeeper quorum within 1 s")
          .hasMessageContaining("at least 2 of the 3 masters");
      assertThat(zk.serving()).isFalse();
    }
  }

  private static EmbeddedZooKeeper start(Ensemble ensemble, EnsemblePeer self, Path data)
      throws IOException {
    return EmbeddedZooKeeper.start(
        ensemble,
        self,
        data,
        Duration.ofSeconds(10),
        code -> {
          throw new AssertionError("ZooKeeper asked to exit with " + code);
        });
  }

  private static CuratorFramework client(Ensemble ensemble) throws InterruptedException {
    CuratorFramework client =
        CuratorFrameworkFactory.newClient(
            ensemble.connectString(), new ExponentialBackoffRetry(100, 5));
    client.start();
    assertThat(client.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
    return client;
  }

  private static int free() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
