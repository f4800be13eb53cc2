package io.mezzo.master.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract against a real ZooKeeper server (Curator's TestingServer, in this JVM). */
class ZooKeeperStateStoreTest extends StateStoreContract {
  private static TestingServer server;
  private final List<CuratorFramework> clients = new ArrayList<>();
  private String root;

  @BeforeAll
  static void startZooKeeper() throws Exception {
    server = new TestingServer(true);
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    server.close();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(CuratorFramework::close);
  }

  private CuratorFramework client() {
    CuratorFramework c =
        CuratorFrameworkFactory.builder()
            .connectString(server.getConnectString())
            .sessionTimeoutMs(4000)
            .connectionTimeoutMs(4000)
            .retryPolicy(new ExponentialBackoffRetry(100, 3))
            .build();
    c.start();
    clients.add(c);
    return c;
  }

  @Override
  StateStore store() {
    root = "/mezzo-test-" + System.nanoTime();
    return new ZooKeeperStateStore(client(), root);
  }

  @Override
  StateStore sameStorage() {
    return new ZooKeeperStateStore(client(), root);
  }

  @Test
  void chunksOfABigDocumentGoWhenItIsRewrittenSmall() throws Exception {
    StateStore s = store();
    byte[] big = new byte[2 * 1024 * 1024];
    new SplittableRandom(3).nextBytes(big);
    long v = s.write("big", big, StateStore.ABSENT);
    CuratorFramework c = clients.get(clients.size() - 1);
    assertThat(c.getChildren().forPath(root + "/~chunks")).hasSizeGreaterThan(3);
    s.write("big", new byte[] {1}, v);
    assertThat(c.getChildren().forPath(root + "/~chunks")).isEmpty();
  }

  @Test
  void aCollectionsDocumentsAreSpreadOverBucketsSoNoChildListGrowsPastOneReply() throws Exception {
    StateStore s = store();
    long fence = s.write("fence", new byte[0], StateStore.ABSENT);
    List<StateStore.Op> ops = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      ops.add(new StateStore.Put("agents/agent-" + i, new byte[] {(byte) i}));
    }
    s.commit("fence", fence, ops);
    CuratorFramework c = clients.get(clients.size() - 1);
    assertThat(c.getChildren().forPath(root + "/agents")).hasSizeGreaterThan(200);
    assertThat(s.readAll("agents")).hasSize(600);
  }
}
