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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
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
  private static final Duration SESSION = Duration.ofSeconds(3);

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
            .sessionTimeoutMs((int) SESSION.toMillis())
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

    volatile Lease lease;

    @Override
    public void elected(Lease l) {
      lease = l;
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
    return contender(c, path, self, ears, System::nanoTime);
  }

  private ZooKeeperLeaderElector contender(
      CuratorFramework c, String path, MasterInfo self, Ears ears, LongSupplier clock) {
    ZooKeeperLeaderElector e =
        new ZooKeeperLeaderElector(c, path, self, SESSION, clock, new ElectionMetrics());
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

  private static long sessionOf(CuratorFramework c) throws Exception {
    return c.getZookeeperClient().getZooKeeper().getSessionId();
  }

  private static long ownerOf(CuratorFramework c, String node) throws Exception {
    org.apache.zookeeper.data.Stat stat = c.checkExists().forPath(node);
    return stat == null ? -1 : stat.getEphemeralOwner();
  }

  @Test
  void aStandbyWhoseSessionExpiresRejoinsWithAFreshNodeAndCanLead() throws Exception {
    String path = "/mesos-" + System.nanoTime();
    Ears a = new Ears();
    Ears b = new Ears();
    ZooKeeperLeaderElector ea = contender(client(), path, info("a", 5050), a);
    CuratorFramework cb = client();
    ZooKeeperLeaderElector eb = contender(cb, path, info("b", 5051), b);
    await().atMost(WAIT).until(() -> a.heard.contains("elected") && eb.node().isPresent());
    String before = eb.node().orElseThrow();
    cb.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    await("b's fresh node is owned by its new session")
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () -> {
              String now = eb.node().orElseThrow();
              return !now.equals(before) && ownerOf(cb, now) == sessionOf(cb);
            });
    ea.close();
    await().atMost(WAIT).until(() -> b.heard.contains("elected"));
    assertThat(b.lease.isValid()).isTrue();
  }

  @Test
  void aDeposedLeaderContendsAgainWithoutRestartAndLeadsLater() throws Exception {
    String path = "/mesos-" + System.nanoTime();
    Ears a = new Ears();
    Ears b = new Ears();
    CuratorFramework ca = client();
    contender(ca, path, info("a", 5050), a);
    ZooKeeperLeaderElector eb = contender(client(), path, info("b", 5051), b);
    await().atMost(WAIT).until(() -> a.heard.contains("elected") && b.leader.isPresent());
    Lease first = a.lease;
    ca.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    await().atMost(WAIT).until(() -> b.heard.contains("elected"));
    await().atMost(WAIT).until(() -> a.heard.contains("deposed"));
    assertThat(first.isValid()).isFalse();
    eb.close();
    await("a leads again in a new term").atMost(WAIT).until(() -> a.heard.size() == 3);
    assertThat(a.heard).containsExactly("elected", "deposed", "elected");
    assertThat(a.lease).isNotSameAs(first);
    assertThat(a.lease.isValid()).isTrue();
    assertThat(first.isValid()).as("an old term's lease never comes back").isFalse();
  }

  @Test
  void aNodeOfOurOwnSessionAheadOfOursIsDeletedSoSomeoneCanLead() throws Exception {
    String path = "/mesos-" + System.nanoTime();
    CuratorFramework c = client();
    c.blockUntilConnected();
    // What a create retried by Curator after a connection loss can leave behind: a second node of
    // our session, lower than the one we know.
    String orphan =
        c.create()
            .creatingParentsIfNeeded()
            .withMode(org.apache.zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL)
            .forPath(path + "/json.info_", MesosJson.write(info("a", 5050)));
    Ears a = new Ears();
    contender(c, path, info("a", 5050), a);
    await().atMost(WAIT).until(() -> a.heard.contains("elected"));
    assertThat(c.checkExists().forPath(orphan)).isNull();
  }

  @Test
  void aMasterThatResignsWithAHoldOffContendsAgainOnlyAfterIt() throws Exception {
    String path = "/mesos-" + System.nanoTime();
    AtomicLong skew = new AtomicLong();
    Ears a = new Ears();
    Ears b = new Ears();
    ZooKeeperLeaderElector ea =
        contender(client(), path, info("a", 5050), a, () -> System.nanoTime() + skew.get());
    await().atMost(WAIT).until(() -> a.heard.contains("elected"));
    contender(client(), path, info("b", 5051), b);
    await().atMost(WAIT).until(() -> b.leader.isPresent());
    // a could not start its master: it resigns and holds off (as NodeLifecycle does after a failed
    // start), so b leads and a has no node in the election meanwhile, though it knows the leader.
    ea.resign("could not start", java.time.Duration.ofHours(1));
    await().atMost(WAIT).until(() -> b.heard.contains("elected"));
    await().atMost(WAIT).until(() -> a.leader.map(l -> l.id().equals("b")).orElse(false));
    assertThat(ea.node()).as("no node while held off").isEmpty();
    // The hold-off over (by a's clock), it contends again, behind b.
    skew.addAndGet(java.time.Duration.ofHours(2).toNanos());
    await("a contends again").atMost(WAIT).until(() -> ea.node().isPresent());
    assertThat(a.heard).containsExactly("elected", "deposed");
  }

  @Test
  void aLeaseRunsOutByTimeAloneAndTheLeaderStepsDown() {
    String path = "/mesos-" + System.nanoTime();
    AtomicLong skew = new AtomicLong();
    Ears a = new Ears();
    contender(client(), path, info("a", 5050), a, () -> System.nanoTime() + skew.get());
    await().atMost(WAIT).until(() -> a.heard.contains("elected"));
    Lease term = a.lease;
    // As if the process had been paused for a whole session: the lease is over at once, before
    // ZooKeeper or any callback says anything.
    skew.addAndGet(SESSION.toNanos());
    assertThat(term.isValid()).isFalse();
    await().atMost(WAIT).until(() -> a.heard.contains("deposed"));
    await("and contends again").atMost(WAIT).until(() -> a.heard.size() == 3);
    assertThat(a.lease.isValid()).isTrue();
  }

  @Test
  void afterAnOutageLongerThanTheSessionExactlyOneLeadsOnANodeOfItsCurrentSession()
      throws Exception {
    try (TestingServer own = new TestingServer(true)) {
      String path = "/mesos-" + System.nanoTime();
      List<CuratorFramework> clients = new ArrayList<>();
      List<Ears> ears = new ArrayList<>();
      List<ZooKeeperLeaderElector> electors = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        CuratorFramework c =
            CuratorFrameworkFactory.builder()
                .connectString(own.getConnectString())
                .sessionTimeoutMs((int) SESSION.toMillis())
                .connectionTimeoutMs((int) SESSION.toMillis())
                .retryPolicy(new ExponentialBackoffRetry(100, 3))
                .build();
        c.start();
        toClose.add(c::close);
        Ears e = new Ears();
        clients.add(c);
        ears.add(e);
        electors.add(contender(c, path, info("m" + i, 5050 + i), e));
      }
      await().atMost(WAIT).until(() -> ears.get(0).heard.contains("elected"));
      Lease before = ears.get(0).lease;
      own.stop();
      await("the leader's lease runs out during the outage")
          .atMost(WAIT)
          .until(() -> !before.isValid());
      // Longer than the session timeout, so every session expires (Curator reports LOST).
      await()
          .pollDelay(SESSION.multipliedBy(3))
          .atMost(WAIT)
          .until(() -> ears.stream().allMatch(e -> e.lease == null || !e.lease.isValid()));
      own.restart();
      await("exactly one leads again, on a node of its current session")
          .atMost(WAIT)
          .ignoreExceptions()
          .until(
              () -> {
                int leading = 0;
                for (int i = 0; i < 3; i++) {
                  Lease l = ears.get(i).lease;
                  if (l != null && l.isValid()) {
                    leading++;
                    String node = electors.get(i).node().orElseThrow();
                    if (ownerOf(clients.get(i), node) != sessionOf(clients.get(i))) {
                      return false;
                    }
                  }
                }
                return leading == 1;
              });
    }
  }
}
