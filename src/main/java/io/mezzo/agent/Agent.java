package io.mezzo.agent;

import io.mezzo.agent.containerizer.ComposingContainerizer;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.fetcher.Fetcher;
import io.mezzo.agent.gc.DiskUsage;
import io.mezzo.agent.gc.SandboxGc;
import io.mezzo.agent.registration.Backoff;
import io.mezzo.agent.resources.AgentResources;
import io.mezzo.agent.resources.AttributeMapping;
import io.mezzo.agent.resources.ResourceDetector;
import io.mezzo.agent.state.Paths;
import io.mezzo.agent.status.StatusUpdateManager;
import io.mezzo.agent.user.TaskUsers;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.Timers;
import io.mezzo.security.ExecutorTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * The agent coordinator: recovers its checkpoint, registers with the master through a {@link
 * MasterLink}, keeps the registration alive, and runs what the master sends (RUN_TASK, KILL_TASK,
 * ACKNOWLEDGE, SHUTDOWN_FRAMEWORK) through its {@link AgentTasks}.
 *
 * <pre>
 *   NEW ──start──▶ RECOVERING ──recovered──▶ DISCONNECTED ──(backoff)──▶ SUBSCRIBING ──REGISTERED──▶ REGISTERED
 *                                                ▲                            │                           │
 *                                                └── stream closed, ERROR, ───┴───────────────────────────┘
 *                                                    master silent too long
 *   any ──stop──▶ STOPPED
 * </pre>
 *
 * <p>The first SUBSCRIBE carries no agent id; REGISTERED gives one, which is checkpointed and used
 * to re-register (with every task not yet acknowledged terminal, and its latest state). Attempts
 * are spaced by {@link Backoff}; HEARTBEATs go every {@code heartbeat_interval_seconds} while
 * registered; status updates are paused while not registered and all resent on registration.
 *
 * <p>The phases have their own classes: recovery is {@link #start()} here (tasks through {@link
 * AgentTasks}), registration and the master's commands are the {@link MasterSession}.
 *
 * <p>Threading: all state lives on one {@link SerialContext}; public methods enqueue work there.
 * Tasks keep running when the agent stops: a new agent on the same work dir recovers them.
 */
public final class Agent {
  /** The version reported at registration. */
  public static final String VERSION = "0.1.0";

  private static final Logger LOG = Logger.getLogger(Agent.class);

  /** The agent's connection to its master; see the diagram above. */
  public enum State {
    NEW,
    RECOVERING,
    DISCONNECTED,
    SUBSCRIBING,
    REGISTERED,
    STOPPED
  }

  private final AgentConfig config;
  private final MasterLink link;
  private final ComposingContainerizer containerizer;
  private final ResourceDetector detector;
  private final Timers timers;
  private final Paths paths;
  private final SerialContext context;
  private final Executor ctx;
  private final StatusUpdateManager updates;
  private final AgentTasks tasks;
  private final MasterSession session;
  private final ExecutorApi executorApi;
  private final ExecutorTokens executorTokens;
  private final SandboxGc gc;

  private volatile boolean stopped;
  private AgentResources resources;

  /**
   * @param containerizers the available containerizers; those named in {@code
   *     config.containerizers} are used, selected per task by {@code ContainerInfo.type}
   * @param random jitter of the registration backoff, update uuids and container ids (seeded in
   *     tests, a {@code SecureRandom} in production)
   * @throws IllegalArgumentException if the config names a containerizer that is not given
   */
  public Agent(
      AgentConfig config,
      MasterLink link,
      List<Containerizer> containerizers,
      ResourceDetector detector,
      Timers timers,
      RandomGenerator random) {
    this(config, link, containerizers, detector, timers, random, new SerialContext("agent"));
  }

  /**
   * An agent on a given context: simulations pass a {@link SerialContext#pumped} one so the agent
   * runs interleaved with its master in one deterministic order. The agent owns the context from
   * here on and closes it in {@link #stop}.
   */
  public Agent(
      AgentConfig config,
      MasterLink link,
      List<Containerizer> containerizers,
      ResourceDetector detector,
      Timers timers,
      RandomGenerator random,
      SerialContext context) {
    this(
        config,
        link,
        containerizers,
        detector,
        timers,
        random,
        context,
        ExecutorSettings.defaults());
  }

  /** An agent with its own executor timeouts (registration, re-registration, shutdown grace). */
  public Agent(
      AgentConfig config,
      MasterLink link,
      List<Containerizer> containerizers,
      ResourceDetector detector,
      Timers timers,
      RandomGenerator random,
      SerialContext context,
      ExecutorSettings executorSettings) {
    this.context = context;
    this.ctx = context::execute;
    this.config = config;
    SecretStampingLink stamped = new SecretStampingLink(link);
    this.link = stamped;
    this.containerizer = new ComposingContainerizer(pick(config.containerizers(), containerizers));
    this.detector = detector;
    this.timers = timers;
    this.paths = new Paths(config.workDir());
    this.updates =
        new StatusUpdateManager(
            timers,
            ctx,
            random,
            config.statusUpdateRetryMin(),
            config.statusUpdateRetryMax(),
            this::sendUpdate);
    this.tasks =
        new AgentTasks(
            paths,
            this.containerizer,
            updates,
            stamped,
            timers,
            random,
            config.killGracePeriod(),
            TaskUsers.system(config.switchUser()),
            Fetcher.create(config.fetcher(), config.workDir(), timers.clock()),
            ctx,
            executorSettings,
            config.endpoint(),
            this::agentInfo,
            config.maxConcurrentLaunches());
    this.executorApi = new ExecutorApi(context, tasks.executorCalls());
    this.executorTokens = executorSettings.tokens();
    Backoff backoff =
        new Backoff(config.registrationBackoffFactor(), config.registrationBackoffMax(), random);
    this.session = new MasterSession(config, stamped, timers, paths, ctx, backoff, updates, tasks);
    this.gc =
        new SandboxGc(
            config.gc(), paths, timers, DiskUsage.system(), ctx, run -> tasks.sandboxRemoved(run));
    tasks.onRunCompleted(gc::schedule);
  }

  /** How the update manager sends: only once the session registered (it holds the id). */
  private CompletionStage<Void> sendUpdate(FrameworkId fid, TaskStatus status) {
    AgentId id = session.agentId();
    return id == null
        ? CompletableFuture.failedFuture(new IllegalStateException("not registered"))
        : link.send(AgentCall.statusUpdate(id, fid, status));
  }

  private static List<Containerizer> pick(List<String> names, List<Containerizer> available) {
    Map<String, Containerizer> byName = new LinkedHashMap<>();
    available.forEach(c -> byName.put(c.name(), c));
    Map<String, Containerizer> out = new LinkedHashMap<>();
    for (String name : names) {
      Containerizer c = byName.get(name);
      if (c == null) {
        throw new IllegalArgumentException(
            "unknown containerizer '"
                + name
                + "' (available: "
                + String.join(",", byName.keySet())
                + ")");
      }
      out.put(name, c);
    }
    return List.copyOf(out.values());
  }

  /**
   * Detects resources, recovers checkpointed tasks and update streams, re-attaches to their
   * containers, then starts registering in the background. Completes when recovery is done; fails
   * (and the agent stays unusable) on a bad resources flag or an unreadable work dir.
   */
  public CompletionStage<Void> start() {
    return context
        .call(
            () -> {
              resources =
                  detector.detect(config.workDir(), config.resources(), config.attributes());
              LOG.infof(
                  "Agent resources: %s; attributes: %s (detected: %s)",
                  resources.resources(), resources.attributes(), resources.detected());
              updates.pause();
              tasks.totalResources(resources.resources());
              AgentId agentId = paths.latestAgentId().orElse(null);
              session.recovering(resources, agentId);
              List<ContainerConfig> toRecover = List.of();
              if (agentId != null) {
                LOG.infof("Recovering agent %s from %s", agentId, paths.metaDir());
                tasks.agentId(agentId);
                toRecover = tasks.recover(agentId);
                tasks.completedRuns().forEach(gc::scheduleRecovered);
              }
              gc.start();
              return containerizer.recover(toRecover);
            })
        .thenCompose(Function.identity())
        .thenRunAsync(
            () -> {
              tasks.watchRecovered();
              session.recovered();
            },
            ctx);
  }

  /** The agent as SUBSCRIBED tells its executors; on the agent's context. */
  private AgentInfo agentInfo() {
    return new AgentInfo(
        config.hostname(),
        config.port(),
        resources == null ? List.of() : ResourceMapping.toWire(resources.resources(), null, false),
        resources == null ? List.of() : AttributeMapping.toWire(resources.attributes()),
        session.agentId());
  }

  /** The v1 Executor API of this agent, for the {@code /api/v1/executor} route; any thread. */
  public ExecutorApi executorApi() {
    return executorApi;
  }

  /** What mints and checks executor tokens; empty when executors need none. */
  public Optional<ExecutorTokens> executorTokens() {
    return Optional.ofNullable(executorTokens);
  }

  /** Whether the agent is registered with a master now (readiness); cheap, any thread. */
  public boolean isRegistered() {
    return session.isRegistered();
  }

  /** A consistent copy of the agent's state. */
  public CompletionStage<AgentSnapshot> snapshot() {
    return context.call(
        () ->
            new AgentSnapshot(
                session.state(),
                session.agentId(),
                session.masterId(),
                config.hostname(),
                config.endpoint(),
                resources == null ? null : resources.resources(),
                tasks.used(),
                resources == null ? null : resources.attributes(),
                tasks.frameworkViews(),
                tasks.completedViews(),
                tasks.completedFrameworks(),
                gc.counts()));
  }

  /**
   * The containers of tasks that have not ended, each with its status and resource usage as its
   * containerizer reports them. Completes once every containerizer answered; a containerizer that
   * fails for one container reports only a timestamp for it.
   */
  public CompletionStage<List<ContainerReport>> containers() {
    return context
        .call(
            () -> {
              List<CompletableFuture<ContainerReport>> reports = new ArrayList<>();
              for (AgentSnapshot.FrameworkView f : tasks.frameworkViews()) {
                for (AgentSnapshot.ExecutorView e : f.executors()) {
                  // The composing containerizer routes each call to the one that runs the
                  // container.
                  Containerizer c = e.containerizer() == null ? null : containerizer;
                  if (c == null || e.tasks().stream().allMatch(t -> t.state().isTerminal())) {
                    continue;
                  }
                  String name =
                      e.info() != null
                          ? e.info().name()
                          : e.tasks().isEmpty() ? null : e.tasks().get(0).name();
                  reports.add(report(c, f.info().id(), e.executorId(), name, e.containerId()));
                  // A default executor's tasks run in nested containers, listed after it.
                  for (AgentSnapshot.TaskView t : e.tasks()) {
                    if (t.containerId() != null
                        && t.containerId().parent() != null
                        && !t.state().isTerminal()) {
                      reports.add(
                          report(c, f.info().id(), e.executorId(), t.name(), t.containerId()));
                    }
                  }
                }
              }
              return CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new))
                  .thenApply(v -> reports.stream().map(CompletableFuture::join).toList());
            })
        .thenCompose(Function.identity());
  }

  private CompletableFuture<ContainerReport> report(
      Containerizer c, FrameworkId fid, ExecutorId eid, String name, ContainerId cid) {
    double now = timers.clock().millis() / 1000.0;
    CompletableFuture<ContainerUsage> usage =
        c.usage(cid).toCompletableFuture().exceptionally(err -> ContainerUsage.at(now));
    CompletableFuture<TaskStatus.ContainerStatus> status =
        c.status(cid)
            .toCompletableFuture()
            .exceptionally(err -> new TaskStatus.ContainerStatus(cid, null, null));
    return usage.thenCombine(status, (u, s) -> new ContainerReport(fid, eid, name, cid, s, u));
  }

  /**
   * The containerizer that runs this agent's containers, for the operator calls that act on a
   * container directly as Mesos's do (WAIT_CONTAINER, KILL_CONTAINER): the agent learns of an end
   * they cause through its own wait on the container, like any other end. Any thread.
   */
  public Containerizer containerizer() {
    return containerizer;
  }

  /** The settings this agent runs with, for {@code /flags} and GET_FLAGS. */
  public AgentConfig config() {
    return config;
  }

  /**
   * The resource usage of every container that has not ended, measured now by its containerizer and
   * isolators (Mesos's {@code /monitor/statistics}). Completes on a containerizer's thread.
   */
  public CompletionStage<List<ContainerStatistics>> statistics() {
    return context.call(tasks::statistics).thenCompose(Function.identity());
  }

  /**
   * Stops every loop (registration, heartbeats, update retries, the command stream), waits at most
   * a few seconds for the agent's context to drain, and closes the containerizers. Tasks keep
   * running (a new agent on the same work dir recovers them); destroy their containers first to end
   * them. Idempotent; must not be called from the agent's own context.
   */
  public void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      context
          .call(
              () -> {
                session.stop();
                tasks.close();
                updates.close();
                return null;
              })
          .get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warnf("Agent did not stop cleanly: %s", e.toString());
    }
    context.close(Duration.ofSeconds(5));
    gc.close();
    containerizer.close();
  }
}
