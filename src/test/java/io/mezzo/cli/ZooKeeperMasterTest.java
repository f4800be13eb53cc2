package io.mezzo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;

/** {@code --master zk://…}: the CLI asks a real ZooKeeper who leads and talks to that master. */
class ZooKeeperMasterTest {
  @Test
  void findsTheLeaderInMesossElectionZnodes() throws Exception {
    try (TestingServer zk = new TestingServer(true);
        StubMaster master = new StubMaster();
        CuratorFramework client =
            CuratorFrameworkFactory.newClient(
                zk.getConnectString(), new ExponentialBackoffRetry(100, 3))) {
      client.start();
      int port = URI.create(master.url()).getPort();
      client
          .create()
          .creatingParentsIfNeeded()
          .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
          .forPath(
              "/mezzo/json.info_",
              ("{\"hostname\":\"127.0.0.1\",\"port\":" + port + "}")
                  .getBytes(StandardCharsets.UTF_8));
      master.on("POST /api/v1", AgentCommandsTest.AGENTS);

      CliRun.Result r =
          CliRun.run(
              Map.of("MEZZO_MASTER", "zk://" + zk.getConnectString() + "/mezzo"), "agent", "list");

      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("node-a", "node-b");
      assertThat(master.requests("POST /api/v1")).hasSize(1);
    }
  }

  @Test
  void noLeaderInTimeIsUnreachableAndABadUrlAUsageError() throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      CliRun.Result none =
          CliRun.run(
              Map.of(),
              "--master",
              "zk://" + zk.getConnectString() + "/nobody",
              "--timeout",
              "1s",
              "agent",
              "list");
      assertThat(none.code()).isEqualTo(3);
      assertThat(none.err()).contains("no leading master found in ZooKeeper", "/nobody");
    }
    CliRun.Result bad = CliRun.run(Map.of(), "--master", "zk://zk:2181", "agent", "list");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("zk://zk:2181", "needs hosts and a path");
  }
}
