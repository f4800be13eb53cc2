package io.mezzo.master.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.MasterInfo;
import io.mezzo.api.v1.MesosJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The election against a real ZooKeeper (Curator's TestingServer): Mesos's znode layout, one
 * leader, failover.
 */
class ZooKeeperLeaderElectorTest {
  // Bounds, not expectations: elections take milliseconds idle, seconds on a loaded CI machine.
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static TestingServer server;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void startZooKeeper() throws Exception {
    server = new TestingServer(true);
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    server.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private CuratorFramework client() {
    CuratorFramework c =
        CuratorFrameworkFactory.builder()
            .connectString(server.getConnectString())
            .sessionTimeoutMs(3000)
            .connectionTimeoutMs(3000)
            .retryPolicy(new ExponentialBackoffRetry(100, 3))
            .build();
    c.start();
    toClose.add(c::close);
    return c;
  }

  private static MasterInfo info(String id, int port) {
    return new MasterInfo(
        id,
        MasterInfo.packIp("127.0.0.1"),
        port,
        "master@127.0.0.1:" + port,
        "localhost",
        "1.11.0",
        null,
        null);
  }

  /** Records what a contender hears. */
  static final class Ears implements LeaderElector.Listener {
    final List<String> heard = new CopyOnWriteArrayList<>();
    volatile Optional<MasterInfo> leader = Optional.empty();

    @Override
    public void elected() {
      heard.add("elected");
    }

    @Override
    public void deposed(String why) {
      heard.add("deposed");
    }

    @Override
    public void leaderChanged(Optional<MasterInfo> l) {
      leader = l;
    }
  }

  private ZooKeeperLeaderElector contender(
      CuratorFramework c, String path, MasterInfo self, Ears ears) {
    ZooKeeperLeaderElector e = new ZooKeeperLeaderElector(c, path, self);
    toClose.add(e::close);
    e.start(ears);
    return e;
  }

  @Test
  void lowestSequenceLeadsAndOthersKnowIt() throws Exception {
    String path = "/mesos-" + System.nanoTime();
    Ears a = new Ears();
    Ears b = new Ears();
    CuratorFramework ca = client();
    contender(ca, path, info("a", 5050), a);
    contender(client(), path, info("b", 5051), b);
    // a hears its election and b learns of it independently: wait for both before reading either.
    await().atMost(WAIT).until(() -> a.heard.contains("elected") && b.leader.isPresent());
    assertThat(a.heard).containsExactly("elected");
    assertThat(b.heard).isEmpty();
    assertThat(b.leader.orElseThrow().id()).isEqualTo("a");
    // Mesos's layout: json.info_<10-digit sequence> holding MasterInfo JSON.
    List<String> children = ca.getChildren().forPath(path);
    assertThat(children).allMatch(c -> c.matches("json\\.info_\\d{10}"));
    MasterInfo stored =
        MesosJson.read(
            ca.getData().forPath(path + "/" + children.stream().sorted().findFirst().orElseThrow()),
            MasterInfo.class);
    assertThat(stored.pid()).isEqualTo("master@127.0.0.1:5050");
  }

  @Test
  void whenTheLeaderWithdrawsTheNextIsElected() {
    String path = "/mesos-" + System.nanoTime();
    Ears a = new Ears();
    Ears b = new Ears();
    ZooKeeperLeaderElector ea = contender(client(), path, info("a", 5050), a);
    contender(client(), path, info("b", 5051), b);
    await().atMost(WAIT).until(() -> b.leader.isPresent());
    ea.close();
    await().atMost(WAIT).until(() -> b.heard.contains("elected"));
    assertThat(b.leader.orElseThrow().id()).isEqualTo("b");
  }

  @Test
  void aLeaderWhoseSessionExpiresIsDeposedAndReplaced() throws Exception {
    String path = "/mesos-" + System.nanoTime();
    Ears a = new Ears();
    Ears b = new Ears();
    CuratorFramework ca = client();
    contender(ca, path, info("a", 5050), a);
    contender(client(), path, info("b", 5051), b);
    await().atMost(WAIT).until(() -> a.heard.contains("elected") && b.leader.isPresent());
    ca.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    await().atMost(WAIT).until(() -> a.heard.contains("deposed"));
    await().atMost(WAIT).until(() -> b.heard.contains("elected"));
  }
}
