package io.mezzo.bootstrap;

import io.mezzo.config.AllocatorSettings;
import io.mezzo.config.MasterSettings;
import io.mezzo.config.MezzoConfig;
import io.mezzo.core.resources.MinAllocatable;
import io.mezzo.core.time.SystemTimers;
import io.mezzo.http.LocalCodec;
import io.mezzo.master.Master;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.allocator.AllocatorConfig;
import io.mezzo.master.allocator.HierarchicalDrfAllocator;
import io.mezzo.master.state.FileStateStore;
import io.mezzo.master.state.StateStore;
import io.mezzo.master.state.ZooKeeperStateStore;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts what this node's role runs, in order (master before its local agent), and stops it in
 * reverse. This is the only place that builds the plain-Java master and agent from configuration.
 */
@ApplicationScoped
public class NodeLifecycle {
  private static final Logger LOG = Logger.getLogger(NodeLifecycle.class);
  private final MezzoNode node;
  private final MezzoConfig config;
  private final MasterSettings masterSettings;
  private final AllocatorSettings allocatorSettings;
  private final AgentWiring agentWiring;
  private final Vertx vertx;
  private final int httpPort;
  private final String httpHost;
  private SystemTimers timers;
  private Master master;
  private CuratorFramework zk;

  public NodeLifecycle(
      MezzoNode node,
      MezzoConfig config,
      MasterSettings masterSettings,
      AllocatorSettings allocatorSettings,
      AgentWiring agentWiring,
      Vertx vertx,
      @ConfigProperty(name = "quarkus.http.port") int httpPort,
      @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String httpHost) {
    this.node = node;
    this.config = config;
    this.masterSettings = masterSettings;
    this.allocatorSettings = allocatorSettings;
    this.agentWiring = agentWiring;
    this.vertx = vertx;
    this.httpPort = httpPort;
    this.httpHost = httpHost;
  }

  /** Runs before other startup observers (metrics, UI), which expect the node to be there. */
  void start(@Observes @Priority(100) StartupEvent ev) throws Exception {
    vertx.eventBus().registerCodec(new LocalCodec());
    String hostname = Hosts.hostname(config.hostname(), httpHost);
    int port = actualPort();
    LOG.infof("starting Mezzo as %s on %s:%d", node.role(), hostname, port);
    if (node.role().runsMaster()) {
      timers = new SystemTimers("master");
      master = buildMaster(hostname, port);
      master.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      node.master(master);
    }
    if (node.role().runsAgent()) {
      node.agent(agentWiring.start(node, hostname, port, master));
    }
  }

  private int actualPort() {
    // In tests Quarkus may pick a random port (0); the real one is published as a system property.
    String actual = System.getProperty("quarkus.http.test-port");
    if (httpPort == 0 && actual != null) {
      return Integer.parseInt(actual);
    }
    return httpPort;
  }

  private Master buildMaster(String hostname, int port) {
    AllocatorConfig allocatorConfig = new AllocatorConfig(
        allocatorSettings.allocationInterval(),
        MinAllocatable.parse(allocatorSettings.minAllocatableResources()),
        allocatorSettings.sorter());
    MasterConfig mc = new MasterConfig(
        hostname,
        Hosts.ipv4(hostname),
        port,
        masterSettings.agentPingTimeout(),
        masterSettings.maxAgentPingTimeouts(),
        masterSettings.heartbeatInterval(),
        masterSettings.offerTimeout().orElse(null),
        masterSettings.maxCompletedFrameworks(),
        allocatorConfig);
    var allocator = new HierarchicalDrfAllocator(allocatorConfig, new SplittableRandom(new SecureRandom().nextLong()));
    return new Master(mc, UUID.randomUUID().toString(), stateStore(), allocator, timers);
  }

  private StateStore stateStore() {
    if (config.zk().isEmpty()) {
      return new FileStateStore(Path.of(config.workDir()).resolve("master"));
    }
    ZkUrl url = ZkUrl.parse(config.zk().get());
    int session = (int) config.zkSessionTimeout().toMillis();
    zk = CuratorFrameworkFactory.builder()
        .connectString(url.connectString())
        .sessionTimeoutMs(session)
        .connectionTimeoutMs(session)
        .retryPolicy(new ExponentialBackoffRetry(200, 5, 5000))
        .build();
    zk.start();
    try {
      if (!zk.blockUntilConnected(session, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("cannot reach ZooKeeper at " + url.connectString() + " within " + session + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to ZooKeeper", e);
    }
    LOG.infof("master registry in ZooKeeper at %s%s", url.connectString(), url.path());
    return new ZooKeeperStateStore(zk, url.path());
  }

  void stop(@Observes ShutdownEvent ev) {
    agentWiring.stop();
    if (master != null) {
      master.close();
    }
    if (timers != null) {
      timers.close();
    }
    if (zk != null) {
      zk.close();
    }
  }
}
