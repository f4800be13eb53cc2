package io.mezzo.bootstrap;

import io.mezzo.agent.resources.HostProbe;
import io.mezzo.agent.resources.ResourceDetector;
import io.mezzo.config.AgentSettings;
import io.mezzo.config.AllocatorSettings;
import io.mezzo.config.HttpLimitSettings;
import io.mezzo.config.MasterSettings;
import io.mezzo.config.MezzoConfig;
import io.mezzo.config.SecuritySettings;
import io.mezzo.core.net.detect.MasterUrls;
import io.mezzo.core.resources.Attributes;
import io.mezzo.core.resources.MinAllocatable;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.weights.WeightsFlag;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.limits.RateLimits;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Everything a node checks before it touches state, run before {@link NodeLifecycle} starts the
 * master or agent (no recovery, no registry read, no agent registration has happened yet), in this
 * order: the role and profile ({@link RoleChoice}, already decided when {@link MezzoNode} was
 * built), the values Quarkus's conversion does not judge (resources and attributes flags, master
 * URLs, ZooKeeper URL, allocator settings), the HTTP port, and last the work dir, which is locked
 * for this process ({@link WorkDirLock}). Any failure is a {@link StartupRefusal}: one line, exit
 * 1, and a misconfigured node writes nothing (the lock file is created only once all else passed).
 */
@ApplicationScoped
public class StartupChecks {
  private static final Logger LOG = Logger.getLogger(StartupChecks.class);
  private static final Set<String> SORTERS = Set.of("drf", "random");
  private final MezzoNode node;
  private final MezzoConfig config;
  private final AgentSettings agent;
  private final AllocatorSettings allocator;
  private final MasterSettings master;
  private final IsolationWiring isolation;
  private final Instance<Authorizer> authorizer;
  private final Instance<RateLimits> rateLimits;
  private final SecuritySettings security;
  private final HttpLimitSettings http;
  private final ZooKeeperChoice zooKeeper;
  private final String httpHost;
  private final int httpPort;
  private final int testPort;
  private final List<WorkDirLock> locks = new ArrayList<>();

  public StartupChecks(
      MezzoNode node,
      MezzoConfig config,
      AgentSettings agent,
      AllocatorSettings allocator,
      MasterSettings master,
      IsolationWiring isolation,
      Instance<Authorizer> authorizer,
      Instance<RateLimits> rateLimits,
      SecuritySettings security,
      HttpLimitSettings http,
      ZooKeeperChoice zooKeeper,
      @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String httpHost,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort,
      @ConfigProperty(name = "quarkus.http.test-port", defaultValue = "8081") int testPort) {
    this.node = node;
    this.config = config;
    this.agent = agent;
    this.allocator = allocator;
    this.master = master;
    this.isolation = isolation;
    this.authorizer = authorizer;
    this.rateLimits = rateLimits;
    this.security = security;
    this.http = http;
    this.zooKeeper = zooKeeper;
    this.httpHost = httpHost;
    this.httpPort = httpPort;
    this.testPort = testPort;
  }

  /** Before {@link NodeLifecycle#start} (priority 100) and the other startup observers. */
  void check(@Observes @Priority(10) StartupEvent ev) {
    Role role = node.role();
    if (role.runsMaster()) {
      checkMaster();
    }
    if (role.runsAgent()) {
      checkAgent(role);
    }
    // Built here, before the work dir is locked, so ACLs or rate limits that do not parse leave
    // nothing behind.
    authorizer.get();
    rateLimits.get();
    atLeastOne(
        "mezzo.security.max-subscriptions-per-principal", security.maxSubscriptionsPerPrincipal());
    atLeastOne("mezzo.http.max-connections-per-address", http.maxConnectionsPerAddress());
    PortCheck.requireFree(httpHost, LaunchMode.current() == LaunchMode.TEST ? testPort : httpPort);
    lockWorkDirs(role);
  }

  private static void positive(String key, java.time.Duration bound) {
    if (bound.isNegative() || bound.isZero()) {
      throw StartupRefusal.of(key, bound, "must be longer than 0, e.g. 5S");
    }
  }

  /** A cap of 0 would refuse everyone; unset is how a cap is turned off. */
  private static void atLeastOne(String key, OptionalInt cap) {
    if (cap.isPresent() && cap.getAsInt() < 1) {
      throw StartupRefusal.of(key, cap.getAsInt(), "must be at least 1; leave it unset for no cap");
    }
  }

  private void checkMaster() {
    zooKeeper.check();
    String min = allocator.minAllocatableResources();
    refuseUnless(
        () -> MinAllocatable.parse(min),
        "mezzo.allocator.min-allocatable-resources",
        min,
        "expected a|b alternatives of name:quantity;… such as cpus:0.01|mem:32");
    if (!SORTERS.contains(allocator.sorter())) {
      throw StartupRefusal.of(
          "mezzo.allocator.sorter", allocator.sorter(), "unknown sorter; expected drf or random");
    }
    master
        .weights()
        .ifPresent(
            w ->
                refuseUnless(
                    () -> WeightsFlag.parse(w),
                    "mezzo.master.weights",
                    w,
                    "expected role=weight pairs such as role1=2,role2=3.5"));
  }

  private void checkAgent(Role role) {
    if (role == Role.AGENT) {
      String masters =
          config
              .master()
              .orElseThrow(
                  () ->
                      new StartupRefusal(
                          "mezzo.master is not set: an agent needs its master's URL, e.g."
                              + " http://master:5050 (or MEZZO_MASTER)"));
      refuseUnless(
          () -> MasterUrls.validate(masters),
          "mezzo.master",
          masters,
          "expected zk://host:2181,…/path, http://host:port or a comma-separated list of such"
              + " URLs");
    }
    // A zero bound would fail every call at once and the agent would never register.
    positive("mezzo.agent.master-connect-timeout", agent.masterConnectTimeout());
    positive("mezzo.agent.master-call-timeout", agent.masterCallTimeout());
    ResourceDetector detector = new ResourceDetector(HostProbe.system());
    Path agentDir = Path.of(config.workDir()).resolve("agent");
    String resources = agent.resources().orElse("");
    refuseUnless(
        () -> Resources.parse(resources),
        "mezzo.agent.resources",
        resources,
        "expected Mesos --resources syntax such as cpus:4;mem:8192;ports:[31000-32000]");
    refuseUnless(
        () -> ResourceDetector.requireBackable(Resources.parse(resources)),
        "mezzo.agent.resources",
        resources,
        null);
    String attributes = agent.attributes().orElse("");
    refuseUnless(
        () -> Attributes.parse(attributes),
        "mezzo.agent.attributes",
        attributes,
        "expected Mesos --attributes syntax such as rack:a;dc:east");
    isolation.requireKnownNames();
    OptionalInt launches = agent.maxConcurrentLaunches();
    if (launches.isPresent() && launches.getAsInt() < 1) {
      throw StartupRefusal.of(
          "mezzo.agent.max-concurrent-launches",
          launches.getAsInt(),
          "must be at least 1; leave it unset for twice the cores");
    }
    List<String> beyond = detector.overDeclared(agentDir, resources);
    if (!beyond.isEmpty()) {
      LOG.warnf(
          "mezzo.agent.resources declares more than this machine has: %s; allowed, as Mesos takes"
              + " --resources as given, but tasks may then compete for what is really there",
          String.join(", ", beyond));
    }
  }

  private void lockWorkDirs(Role role) {
    long pid = ProcessHandle.current().pid();
    Path root = Path.of(config.workDir());
    try {
      if (role.runsMaster() && config.zk().isEmpty()) {
        locks.add(
            WorkDirLock.acquire(config.workDir(), root.resolve("master"), "master registry", pid));
      }
      if (role.runsMaster() && zooKeeper.embedded()) {
        locks.add(
            WorkDirLock.acquire(
                config.workDir(), root.resolve("zookeeper"), "embedded ZooKeeper's data", pid));
      }
      if (role.runsAgent()) {
        locks.add(
            WorkDirLock.acquire(config.workDir(), root.resolve("agent"), "agent work dir", pid));
      }
    } catch (StartupRefusal e) {
      release();
      throw e;
    }
    for (WorkDirLock lock : locks) {
      if (!lock.previousHolder().isEmpty()) {
        LOG.infof("took over %s, left by pid %s which is gone", lock.file(), lock.previousHolder());
      }
    }
  }

  /** After {@link NodeLifecycle#stop}, so the node stops writing before another may take over. */
  void stop(@Observes @Priority(5000) ShutdownEvent ev) {
    release();
  }

  private synchronized void release() {
    locks.forEach(WorkDirLock::close);
    locks.clear();
  }

  /**
   * Runs a parse whose {@link IllegalArgumentException} says what is wrong, and refuses with the
   * key and value in front; {@code expected} is added when the parser's message leaves it out.
   */
  private static void refuseUnless(Runnable parse, String key, String value, String expected) {
    try {
      parse.run();
    } catch (IllegalArgumentException e) {
      String why = String.valueOf(e.getMessage());
      throw StartupRefusal.of(key, value, expected == null ? why : why + "; " + expected);
    }
  }
}
