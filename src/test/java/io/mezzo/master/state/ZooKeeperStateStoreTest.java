package io.mezzo.master.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

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
}
