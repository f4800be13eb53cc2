package io.mezzo.core.net.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The detector against a real ZooKeeper (Curator's TestingServer), with election znodes written as
 * Mezzo's and Mesos's masters write them.
 */
class ZooKeeperMasterDetectorTest {
  // Bounds, not expectations: watches fire in milliseconds idle, seconds on a loaded machine.
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PATH = "/mezzo";

  private TestingServer server;
  private CuratorFramework masters;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void startZooKeeper() throws Exception {
    server = new TestingServer(true);
    masters =
        CuratorFrameworkFactory.newClient(
            server.getConnectString(), new ExponentialBackoffRetry(100, 3));
    masters.start();
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    masters.close();
    server.close();
  }

  private ZooKeeperMasterDetector detector() {
    ZooKeeperMasterDetector d =
        new ZooKeeperMasterDetector(
            ZkUrl.parse("zk://" + server.getConnectString() + PATH),
            "http",
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));
    toClose.add(d);
    return d;
  }

  /** Contends as a master does: an ephemeral sequential json.info_ node holding MasterInfo. */
  private String contend(String host, int port) throws Exception {
    String info =
        "{\"id\":\""
            + host
            + "\",\"port\":"
            + port
            + ",\"hostname\":\""
            + host
            + "\",\"address\":{\"hostname\":\""
            + host
            + "\",\"ip\":\"127.0.0.1\",\"port\":"
            + port
            + "}}";
    return masters
        .create()
        .creatingParentsIfNeeded()
        .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
        .forPath(PATH + "/" + ElectionNodes.PREFIX, info.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void followsTheLowestContenderAsLeadersComeAndGo() throws Exception {
    ZooKeeperMasterDetector detector = detector();
    List<Optional<URI>> seen = new CopyOnWriteArrayList<>();
    detector.onLeaderChange(seen::add);
    // No master has contended yet: the path does not even exist.
    await().atMost(WAIT).until(() -> detector.candidates().isEmpty());
    assertThat(detector.leader()).isEmpty();

    String first = contend("m1", 5050);
    contend("m2", 5051);
    await().atMost(WAIT).until(() -> detector.leader().equals(Optional.of(uri("m1", 5050))));
    await()
        .atMost(WAIT)
        .until(() -> detector.candidates().equals(List.of(uri("m1", 5050), uri("m2", 5051))));

    masters.delete().forPath(first);
    await().atMost(WAIT).until(() -> detector.leader().equals(Optional.of(uri("m2", 5051))));
    assertThat(seen).containsExactly(Optional.of(uri("m1", 5050)), Optional.of(uri("m2", 5051)));
  }

  @Test
  void readsAgainAfterZooKeeperComesBack() throws Exception {
    ZooKeeperMasterDetector detector = detector();
    String first = contend("m1", 5050);
    await().atMost(WAIT).until(() -> detector.leader().isPresent());

    server.stop();
    // Meanwhile the last known leader stays the answer.
    assertThat(detector.leader()).contains(uri("m1", 5050));
    server.restart();
    masters.blockUntilConnected();
    contend("m2", 5051);
    masters.delete().forPath(first);
    await().atMost(WAIT).until(() -> detector.leader().equals(Optional.of(uri("m2", 5051))));
  }

  @Test
  void skipsAContenderWhoseDataIsNoMasterInfo() throws Exception {
    masters
        .create()
        .creatingParentsIfNeeded()
        .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
        .forPath(PATH + "/" + ElectionNodes.PREFIX, "garbage".getBytes(StandardCharsets.UTF_8));
    contend("m2", 5051);
    ZooKeeperMasterDetector detector = detector();
    await().atMost(WAIT).until(() -> detector.candidates().equals(List.of(uri("m2", 5051))));
    // The lowest contender leads even if it cannot be read: no leader is guessed.
    assertThat(detector.leader()).isEmpty();
  }

  @Test
  void awaitLeaderReturnsOnceKnownAndCloseStopsEverything() throws Exception {
    contend("m1", 5050);
    ZooKeeperMasterDetector detector = detector();
    assertThat(detector.awaitLeader(WAIT)).contains(uri("m1", 5050));
    detector.close();
    detector.close(); // idempotent
    List<Optional<URI>> seen = new CopyOnWriteArrayList<>();
    detector.onLeaderChange(seen::add);
    contend("m0", 5049);
    assertThat(detector.awaitLeader(Duration.ofMillis(10))).contains(uri("m1", 5050));
    assertThat(seen).isEmpty();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("master-detector") && t.isAlive());
  }

  private static URI uri(String host, int port) {
    return URI.create("http://" + host + ":" + port);
  }
}
