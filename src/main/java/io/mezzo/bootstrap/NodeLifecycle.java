package io.mezzo.bootstrap;

import io.mezzo.api.v1.MasterInfo;
import io.mezzo.config.AllocatorSettings;
import io.mezzo.config.MasterSettings;
import io.mezzo.config.MezzoConfig;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.net.AdvertisedListener;
import io.mezzo.core.net.detect.ZkUrl;
import io.mezzo.core.resources.MinAllocatable;
import io.mezzo.core.time.SystemTimers;
import io.mezzo.master.Master;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.allocator.AllocatorConfig;
import io.mezzo.master.allocator.HierarchicalDrfAllocator;
import io.mezzo.master.election.LeaderElector;
import io.mezzo.master.election.Lease;
import io.mezzo.master.election.Term;
import io.mezzo.master.election.ZooKeeperLeaderElector;
import io.mezzo.master.state.FileStateStore;
import io.mezzo.master.state.StateStore;
import io.mezzo.master.state.ZooKeeperStateStore;
import io.mezzo.master.weights.WeightsFlag;
import io.mezzo.ops.LoggingLevel;
import io.mezzo.security.Authentication;
import io.mezzo.security.acl.Authorizer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.eclipse.microprofile.config.Config;
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
  private final BuiltInFrameworks frameworks;
  private final LoggingLevel logging;
  private final Authentication authentication;
  private final Authorizer authorizer;
  private final int httpPort;
  private final String httpHost;
  private final int sslPort;
  private final Optional<String> insecureRequests;
  private final Config rawConfig;
  private final ZooKeeperChoice zooKeeper;
  private SystemTimers timers;
  private volatile Master master;
  private CuratorFramework zk;
  private LeaderElector elector;
  private final SerialContext election = new SerialContext("election");
  // Masters that cannot start back off before contending again (1 s, doubling to 60 s), so a
  // cluster
  // whose masters all fail does not cycle leaders as fast as they fail. On the election context.
  private static final Duration MAX_START_HOLD_OFF = Duration.ofSeconds(60);
  private Duration startHoldOff = Duration.ZERO;

  public NodeLifecycle(
      MezzoNode node,
      MezzoConfig config,
      MasterSettings masterSettings,
      AllocatorSettings allocatorSettings,
      AgentWiring agentWiring,
      BuiltInFrameworks frameworks,
      LoggingLevel logging,
      Authentication authentication,
      Authorizer authorizer,
      @ConfigProperty(name = "quarkus.http.port") int httpPort,
      @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String httpHost,
      @ConfigProperty(name = "quarkus.http.ssl-port", defaultValue = "8443") int sslPort,
      @ConfigProperty(name = "quarkus.http.insecure-requests") Optional<String> insecureRequests,
      Config rawConfig,
      ZooKeeperChoice zooKeeper) {
    this.node = node;
    this.config = config;
    this.masterSettings = masterSettings;
    this.allocatorSettings = allocatorSettings;
    this.agentWiring = agentWiring;
    this.frameworks = frameworks;
    this.logging = logging;
    this.authentication = authentication;
    this.authorizer = authorizer;
    this.httpPort = httpPort;
    this.httpHost = httpHost;
    this.sslPort = sslPort;
    this.insecureRequests = insecureRequests;
    this.rawConfig = rawConfig;
    this.zooKeeper = zooKeeper;
  }

  /**
   * Runs before other startup observers (metrics, UI), which expect the node to be there; only the
   * HTTP side's event-bus codec ({@code LocalEventBus}, priority 10) is registered earlier.
   */
  void start(@Observes @Priority(100) StartupEvent ev) throws Exception {
    String hostname = Hosts.hostname(config.hostname(), httpHost);
    AdvertisedListener listener = listener();
    int port = listener.port();
    LOG.infof("starting Mezzo as %s on %s", node.role(), listener.baseUrl(hostname));
    if (node.role() == Role.MASTER && zooKeeper.url().isPresent()) {
      timers = new SystemTimers("master");
      contend(hostname, listener);
    } else if (node.role().runsMaster()) {
      timers = new SystemTimers("master");
      StateStore store = stateStore();
      master = buildMaster(hostname, port, store);
      master.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      node.master(master);
      frameworks.start(store, BuiltInFrameworks.localUrl(httpHost, listener));
    }
    if (node.role().runsAgent()) {
      node.agent(agentWiring.start(node, hostname, listener, master));
    }
  }

  /**
   * High availability: join the election in ZooKeeper and start a master each time this node is
   * elected, for as long as its lease is valid. A deposed leader (lease lost, session lost, node
   * gone, registry write fenced) steps down to standby in-process — its master closed, its built-in
   * frameworks stopped — and the elector contends again with a fresh node; no exit.
   */
  private void contend(String hostname, AdvertisedListener listener) {
    MasterConfig mc = masterConfig(hostname, listener.port());
    String masterId = UUID.randomUUID().toString();
    StateStore store = stateStore();
    node.standby(true);
    node.standbyConfig(mc);
    elector =
        new ZooKeeperLeaderElector(
            zk,
            ZkUrl.parse(zooKeeper.url().get()).path(),
            mc.describe(masterId),
            config.zkSessionTimeout(),
            System::nanoTime,
            node.election());
    elector.start(
        new LeaderElector.Listener() {
          @Override
          public void elected(Lease lease) {
            election.execute(() -> lead(mc, masterId, store, listener, lease));
          }

          @Override
          public void deposed(String why) {
            election.execute(() -> stepDown(why));
          }

          @Override
          public void leaderChanged(Optional<MasterInfo> leader) {
            node.leader(leader.filter(l -> !l.id().equals(masterId)).orElse(null));
            LOG.infof("leading master is now %s", leader.map(MasterInfo::pid).orElse("unknown"));
          }
        });
  }

  /** Elected: recover and serve as the leader of this term. On the election context. */
  private void lead(
      MasterConfig mc,
      String masterId,
      StateStore store,
      AdvertisedListener listener,
      Lease lease) {
    if (!lease.isValid()) {
      LOG.warnf("elected, but the lease ran out before the master started; staying standby");
      elector.resign("lease ran out before the master started");
      return;
    }
    Master m =
        new Master(
            mc,
            masterId,
            store,
            allocator(mc.allocator()),
            timers,
            logging,
            new Term(lease, elector::resign));
    try {
      m.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      startHoldOff =
          startHoldOff.isZero()
              ? Duration.ofSeconds(1)
              : Collections.min(List.of(startHoldOff.multipliedBy(2), MAX_START_HOLD_OFF));
      LOG.errorf(
          e,
          "elected but could not start the master; stepping down, contending again in %s",
          startHoldOff);
      m.close();
      elector.resign("could not start the master: " + e, startHoldOff);
      return;
    }
    startHoldOff = Duration.ZERO;
    master = m;
    node.master(m);
    node.leader(null);
    LOG.infof("leading as master %s", masterId);
    frameworks.start(store, BuiltInFrameworks.localUrl(httpHost, listener));
  }

  /**
   * The term ended: answer as a standby at once, close the master (its streams close, so frameworks
   * and agents go to the next leader) and stop the built-in frameworks. On the election context,
   * after the {@link #lead} of the same term.
   */
  private void stepDown(String why) {
    Master m = master;
    if (m == null) {
      return;
    }
    master = null;
    node.master(null);
    m.close();
    frameworks.stepDown();
    LOG.infof("stepped down to standby (%s); contending again", why);
  }

  /**
   * What this node advertises: the SSL port over https when plain HTTP is disabled or redirected
   * (see {@link AdvertisedListener}), so MasterInfo, the leader in ZooKeeper and the agent's
   * endpoint never name a port that is not served.
   */
  private AdvertisedListener listener() {
    Map<String, String> props = new HashMap<>();
    for (String name : rawConfig.getPropertyNames()) {
      if (name.startsWith("quarkus.http.") || name.startsWith("quarkus.tls.")) {
        rawConfig.getOptionalValue(name, String.class).ifPresent(v -> props.put(name, v));
      }
    }
    return AdvertisedListener.decide(
        AdvertisedListener.httpsConfigured(props),
        actualPort(),
        sslPort,
        insecureRequests.orElse(null));
  }

  private int actualPort() {
    // In tests Quarkus may pick a random port (0); the real one is published as a system property.
    String actual = System.getProperty("quarkus.http.test-port");
    if (httpPort == 0 && actual != null) {
      return Integer.parseInt(actual);
    }
    return httpPort;
  }

  private Master buildMaster(String hostname, int port, StateStore store) {
    MasterConfig mc = masterConfig(hostname, port);
    return new Master(
        mc, UUID.randomUUID().toString(), store, allocator(mc.allocator()), timers, logging);
  }

  private static HierarchicalDrfAllocator allocator(AllocatorConfig config) {
    return new HierarchicalDrfAllocator(
        config, new SplittableRandom(new SecureRandom().nextLong()));
  }

  private MasterConfig masterConfig(String hostname, int port) {
    AllocatorConfig allocatorConfig =
        new AllocatorConfig(
            allocatorSettings.allocationInterval(),
            MinAllocatable.parse(allocatorSettings.minAllocatableResources()),
            allocatorSettings.sorter());
    return new MasterConfig(
        hostname,
        Hosts.ipv4(hostname),
        port,
        masterSettings.agentPingTimeout(),
        masterSettings.maxAgentPingTimeouts(),
        masterSettings.heartbeatInterval(),
        masterSettings.offerTimeout().orElse(null),
        masterSettings.maxCompletedFrameworks(),
        allocatorConfig,
        authentication.flags(),
        authorizer,
        masterSettings.agentReregisterTimeout(),
        masterSettings.weights().map(WeightsFlag::parse).orElse(Map.of()));
  }

  private StateStore stateStore() {
    if (zooKeeper.url().isEmpty()) {
      return new FileStateStore(Path.of(config.workDir()).resolve("master"));
    }
    ZkUrl url = ZkUrl.parse(zooKeeper.url().get());
    int session = (int) config.zkSessionTimeout().toMillis();
    zk =
        CuratorFrameworkFactory.builder()
            .connectString(url.connectString())
            .sessionTimeoutMs(session)
            .connectionTimeoutMs(session)
            .retryPolicy(new ExponentialBackoffRetry(200, 5, 5000))
            .build();
    zk.start();
    try {
      if (!zk.blockUntilConnected(session, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "cannot reach ZooKeeper at " + url.connectString() + " within " + session + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to ZooKeeper", e);
    }
    LOG.infof("master registry in ZooKeeper at %s%s", url.connectString(), url.path());
    return new ZooKeeperStateStore(zk, url.path());
  }

  void stop(@Observes ShutdownEvent ev) {
    // Frameworks first: they hang up on a master that still answers, and write nothing after.
    frameworks.stop();
    agentWiring.stop();
    if (elector != null) {
      elector.close();
    }
    election.close();
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
