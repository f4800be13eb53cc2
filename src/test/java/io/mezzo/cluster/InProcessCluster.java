package io.mezzo.cluster;

import io.mezzo.agent.Agent;
import io.mezzo.agent.AgentConfig;
import io.mezzo.agent.ExecutorSettings;
import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.agent.resources.HostProbe;
import io.mezzo.agent.resources.ResourceDetector;
import io.mezzo.bootstrap.LocalMasterLink;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.SystemTimers;
import io.mezzo.http.agent.ExecutorHttp;
import io.mezzo.master.Master;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.allocator.AllocatorConfig;
import io.mezzo.master.allocator.HierarchicalDrfAllocator;
import io.mezzo.master.state.InMemoryStateStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A whole cluster in one JVM, built from constructors: one master and real agents (real processes,
 * real sandboxes) linked in-process. Time is real but short: pings every 200 ms, allocation every
 * 100 ms. Each agent serves the v1 executor API on its own local port (its advertised endpoint), so
 * custom executors started by its tasks can subscribe, as in standalone.
 */
final class InProcessCluster implements AutoCloseable {
  final SystemTimers timers = new SystemTimers("cluster");
  final Master master;
  final List<Agent> agents = new ArrayList<>();
  private final List<LocalMasterLink> links = new ArrayList<>();
  private final List<ProcessContainerizer> containerizers = new ArrayList<>();
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<AgentConfig> configs = new ArrayList<>();
  private final List<AtomicReference<Agent>> selves = new ArrayList<>();
  private final Path workDir;
  private Vertx vertx;

  InProcessCluster(Path workDir) {
    this.workDir = workDir;
    AllocatorConfig alloc =
        new AllocatorConfig(
            Duration.ofMillis(100), AllocatorConfig.defaults().minAllocatable(), "drf");
    MasterConfig config =
        MasterConfig.defaults().withAgentPing(Duration.ofMillis(200), 3).withAllocator(alloc);
    master =
        new Master(
            config,
            "cm",
            new InMemoryStateStore(),
            new HierarchicalDrfAllocator(alloc, new SplittableRandom(11)),
            timers);
    get(master.start());
  }

  /**
   * A transport for the scheduler SDK into this cluster's master, as {@code
   * HttpSchedulerConnections} is in the product: built-in frameworks under test subscribe with it.
   */
  InProcessConnections connections() {
    return new InProcessConnections(master);
  }

  Agent addAgent(String resources) {
    int n = agents.size();
    // The server exists before its agent (the agent advertises its port); the route finds the
    // agent once it is built.
    AtomicReference<Agent> self = new AtomicReference<>();
    HttpServer server = executorServer(self);
    AgentConfig config =
        new AgentConfig(
            workDir.resolve("agent" + n),
            resources,
            "rack:r" + n,
            "agent" + n,
            "http://127.0.0.1:" + server.actualPort(),
            List.of("mesos"),
            Duration.ofMillis(50),
            Duration.ofMillis(500),
            Duration.ofMillis(60),
            Duration.ofSeconds(5),
            Duration.ofMillis(500),
            Duration.ofMillis(500),
            Duration.ofSeconds(5));
    configs.add(config);
    selves.add(self);
    Agent agent = startAgent(n);
    agents.add(agent);
    return agent;
  }

  /**
   * Stops agent {@code n} and starts a new one on its work dir and endpoint, as a restarted agent
   * process: it recovers its tasks and executors, which reconnect to the same port.
   */
  Agent restartAgent(int n) {
    agents.get(n).stop();
    Agent agent = startAgent(n);
    agents.set(n, agent);
    return agent;
  }

  private Agent startAgent(int n) {
    LocalMasterLink link = new LocalMasterLink(master);
    links.add(link);
    ProcessContainerizer containerizer = new ProcessContainerizer(timers, List.of());
    containerizers.add(containerizer);
    Agent agent =
        new Agent(
            configs.get(n),
            link,
            List.of(containerizer),
            new ResourceDetector(HostProbe.system()),
            timers,
            new SplittableRandom(n),
            new SerialContext("agent" + n),
            // A re-subscription after an agent restart may take more than Mesos's 2 s on a loaded
            // machine; the tests wait for it, they do not measure it.
            ExecutorSettings.defaults().withReregistrationTimeout(Duration.ofSeconds(30)));
    selves.get(n).set(agent);
    get(agent.start());
    return agent;
  }

  private HttpServer executorServer(AtomicReference<Agent> agent) {
    if (vertx == null) {
      vertx = Vertx.vertx();
    }
    Router router = Router.router(vertx);
    new ExecutorHttp(vertx, () -> Optional.ofNullable(agent.get()).map(Agent::executorApi), 1 << 20)
        .register(router);
    HttpServer server =
        get(
            vertx
                .createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage());
    servers.add(server);
    return server;
  }

  static <T> T get(java.util.concurrent.CompletionStage<T> s) {
    try {
      return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    // Stopping an agent leaves its tasks running (they survive agent restarts); a test must not.
    for (ProcessContainerizer c : containerizers) {
      try {
        for (var id : c.containers().toCompletableFuture().get(5, TimeUnit.SECONDS)) {
          c.destroy(id, Duration.ZERO).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
      } catch (Exception stopped) {
        // An agent a test stopped has closed its containerizer; its tasks are reaped below.
      }
    }
    agents.forEach(Agent::stop);
    // Tasks of stopped agents: their launch wrapper names a path under this cluster's work dir.
    String marker = workDir.toString();
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .forEach(
            p -> {
              p.descendants().forEach(ProcessHandle::destroyForcibly);
              p.destroyForcibly();
            });
    master.close();
    links.forEach(LocalMasterLink::close);
    servers.forEach(s -> get(s.close().toCompletionStage()));
    if (vertx != null) {
      get(vertx.close().toCompletionStage());
    }
    timers.close();
  }
}
