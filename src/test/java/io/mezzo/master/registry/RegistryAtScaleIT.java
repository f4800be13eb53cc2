package io.mezzo.master.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.master.state.StateStore;
import io.mezzo.master.state.ZooKeeperStateStore;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The registry of a large cluster in a real ZooKeeper (Curator's TestingServer, default 1 MB {@code
 * jute.maxbuffer}): 50,000 agents and 2,000 frameworks are written the way a master writes them
 * (each admission one fenced batch, here grouped 500 to a batch to keep the test short), then a new
 * leader recovers them all, and the old one is fenced. The load time is logged, not asserted. An IT
 * because it takes tens of seconds; it needs no packaged jar.
 */
class RegistryAtScaleIT {
  private static final Logger LOG = Logger.getLogger(RegistryAtScaleIT.class);

  /**
   * Held so it is not collected: without a logging configuration the test JVM logs at DEBUG, and
   * ZooKeeper's client then formats a line for each of the 100,000s of replies, which costs more
   * than the replies themselves.
   */
  private static final java.util.logging.Logger ZOOKEEPER_LOG =
      java.util.logging.Logger.getLogger("org.apache.zookeeper");

  static {
    ZOOKEEPER_LOG.setLevel(java.util.logging.Level.INFO);
  }

  private static final int AGENTS = Integer.getInteger("agents", 50_000);
  private static final int FRAMEWORKS = 2_000;

  private static Registry.AdmittedAgent agent(int i) {
    AgentId id = new AgentId("6f1c2b7e-0d4a-4c2e-9a51-3b2f8d9e7c10-S" + i);
    List<Resource> resources = List.of(Resource.scalar("cpus", 32), Resource.scalar("mem", 131072));
    AgentInfo info = new AgentInfo("agent-" + i + ".example.com", 5051, resources, null, id);
    return new Registry.AdmittedAgent(
        info,
        "http://agent-" + i + ".example.com:5051",
        Registry.AgentState.ADMITTED,
        null,
        "4e0b5f2c9d8a7e6b1c3d5f7a9b0c2e4d6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c");
  }

  private static Registry.KnownFramework framework(int i) {
    return new Registry.KnownFramework(
        FrameworkInfo.builder()
            .user("svc")
            .name("framework-" + i)
            .id(new FrameworkId("6f1c2b7e-0d4a-4c2e-9a51-3b2f8d9e7c10-" + i))
            .build(),
        false);
  }

  private static CuratorFramework client(TestingServer zk) {
    CuratorFramework c =
        CuratorFrameworkFactory.builder()
            .connectString(zk.getConnectString())
            .sessionTimeoutMs(30_000)
            .connectionTimeoutMs(10_000)
            .retryPolicy(new ExponentialBackoffRetry(100, 5))
            .build();
    c.start();
    return c;
  }

  @Test
  void fiftyThousandAgentsAndTwoThousandFrameworksAreWrittenAndLoaded() throws Exception {
    try (TestingServer zk = new TestingServer(true);
        CuratorFramework writerClient = client(zk);
        CuratorFramework readerClient = client(zk)) {
      RegistryStore writer = new RegistryStore(new ZooKeeperStateStore(writerClient, "/mezzo"));
      Registry r = writer.recover();
      long started = System.nanoTime();
      for (int i = 0; i < AGENTS; i++) {
        r = r.withAgent(agent(i));
        if (i % 500 == 499) {
          r = writer.save(r.withNextAgentSeq(i + 1));
        }
      }
      for (int i = 0; i < FRAMEWORKS; i++) {
        r = r.withFramework(framework(i));
        if (i % 1_000 == 999) {
          r = writer.save(r.withNextFrameworkSeq(i + 1));
        }
      }
      LOG.infof(
          "wrote %d agents and %d frameworks in %d ms",
          AGENTS, FRAMEWORKS, (System.nanoTime() - started) / 1_000_000);

      RegistryStore reader = new RegistryStore(new ZooKeeperStateStore(readerClient, "/mezzo"));
      started = System.nanoTime();
      Registry loaded = reader.recover();
      long ms = (System.nanoTime() - started) / 1_000_000;
      LOG.infof(
          "a new leader recovered %d agents and %d frameworks in %d ms", AGENTS, FRAMEWORKS, ms);
      System.out.printf(
          "RegistryAtScaleIT: recovered %d agents, %d frameworks from ZooKeeper in %d ms%n",
          AGENTS, FRAMEWORKS, ms);

      assertThat(loaded).isEqualTo(r);
      assertThat(loaded.agents()).hasSize(AGENTS);
      assertThat(loaded.agents().get(0)).isEqualTo(agent(0));
      assertThat(loaded.frameworks()).hasSize(FRAMEWORKS);
      assertThat(loaded.nextAgentSeq()).isEqualTo(AGENTS);

      Registry deposedChange = r.withAgent(agent(AGENTS));
      org.junit.jupiter.api.Assertions.assertThrows(
          StateStore.StaleVersionException.class, () -> writer.save(deposedChange));
      reader.save(loaded.withAgent(agent(AGENTS + 1)));
      assertThat(
              new RegistryStore(new ZooKeeperStateStore(writerClient, "/mezzo")).recover().agents())
          .hasSize(AGENTS + 1);
    }
  }
}
