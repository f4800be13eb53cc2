package io.mezzo.agent;

import io.mezzo.agent.registration.Backoff;
import io.mezzo.agent.resources.AgentResources;
import io.mezzo.agent.resources.AttributeMapping;
import io.mezzo.agent.state.Checkpoints;
import io.mezzo.agent.state.Paths;
import io.mezzo.agent.status.StatusUpdateManager;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.agent.IpAddresses;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.core.time.Timers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * The agent's session with its master, the registration phase of the agent's lifecycle: it owns the
 * {@link Agent.State} machine drawn on {@link Agent}, subscribes (with backoff), adopts and
 * checkpoints the agent id REGISTERED gives, heartbeats, re-subscribes when the stream closes or
 * the master is silent too long, and hands the master's commands to the {@link AgentTasks}.
 *
 * <p>Confined to the agent's context; only {@link #isRegistered()} may be read from any thread.
 */
final class MasterSession {
  private static final Logger LOG = Logger.getLogger(Agent.class);

  private final AgentConfig config;
  private final SecretStampingLink link;
  private final Timers timers;
  private final Paths paths;
  private final Executor ctx;
  private final Backoff backoff;
  private final StatusUpdateManager updates;
  private final AgentTasks tasks;
  private final String ip;
  private final ResourceCheckpoint checkpoint;

  private Agent.State state = Agent.State.NEW;
  private volatile boolean registered;
  private AgentResources resources;
  private AgentId agentId;
  private String masterId;

  /** Bumped for every subscription, so callbacks of an older one are recognised and dropped. */
  private long generation;

  private MasterLink.Subscription subscription;

  /** The timer of the next subscription attempt while DISCONNECTED; null otherwise. */
  private Timers.Cancellable nextSubscribe;

  private Instant lastEvent = Instant.EPOCH;
  private final List<Timers.Cancellable> timersInFlight = new ArrayList<>();

  MasterSession(
      AgentConfig config,
      SecretStampingLink link,
      Timers timers,
      Paths paths,
      Executor ctx,
      Backoff backoff,
      StatusUpdateManager updates,
      AgentTasks tasks) {
    this.config = config;
    this.link = link;
    this.timers = timers;
    this.paths = paths;
    this.checkpoint = new ResourceCheckpoint(paths);
    this.ctx = ctx;
    this.backoff = backoff;
    this.updates = updates;
    this.tasks = tasks;
    this.ip = ipOf(config.endpoint());
    link.onLeaderChange(why -> ctx.execute(() -> leaderChanged(why)));
  }

  /**
   * The IP the agent reports with each registration, as Mesos's agent PID carries one: its
   * endpoint's host, looked up once here (the agent is being built, nothing waits on its context)
   * when that is a name. Null when it does not resolve: the master then shows what it has.
   */
  static String ipOf(String endpoint) {
    String host = IpAddresses.hostOf(endpoint);
    if (host == null || IpAddresses.isLiteral(host)) {
      return host;
    }
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      LOG.warnf("cannot resolve the agent's host %s; offers will show no IP for it", host);
      return null;
    }
  }

  Agent.State state() {
    return state;
  }

  /** The id the master gave (or the checkpoint had); null before either. */
  AgentId agentId() {
    return agentId;
  }

  String masterId() {
    return masterId;
  }

  /** Whether the agent is registered with a master now; any thread. */
  boolean isRegistered() {
    return registered;
  }

  /** NEW to RECOVERING: the agent recovers with these resources and its checkpointed id, if any. */
  void recovering(AgentResources resources, AgentId recoveredId) {
    transition(Agent.State.RECOVERING, Agent.State.NEW);
    this.resources = resources;
    this.agentId = recoveredId;
    if (recoveredId != null) {
      Checkpoints.read(paths.agentSecretFile(recoveredId))
          .map(b -> new String(b, StandardCharsets.US_ASCII).trim())
          .filter(s -> !s.isEmpty())
          .ifPresent(link::secret);
    }
  }

  /** RECOVERING to DISCONNECTED: recovery is done, so registration starts (after a backoff). */
  void recovered() {
    transition(Agent.State.DISCONNECTED, Agent.State.RECOVERING);
    scheduleSubscribe();
  }

  /** Any state to STOPPED: closes the stream and cancels every timer of the session. */
  void stop() {
    state = Agent.State.STOPPED;
    registered = false;
    closeSubscription();
    timersInFlight.forEach(Timers.Cancellable::cancel);
    timersInFlight.clear();
  }

  private void scheduleSubscribe() {
    Duration delay = backoff.next();
    LOG.debugf("Subscribing to the master in %s", delay);
    nextSubscribe = schedule(delay, this::subscribe);
  }

  /**
   * Another master leads: re-register with it now, after a fresh first-attempt backoff (jittered
   * within {@code registration-backoff-factor}, so a fleet does not arrive at once), instead of
   * waiting out a backoff grown against the dead leader or a stream's silence.
   */
  private void leaderChanged(String why) {
    switch (state) {
      case SUBSCRIBING, REGISTERED -> {
        backoff.reset();
        disconnect(why);
      }
      case DISCONNECTED -> {
        if (nextSubscribe != null) {
          nextSubscribe.cancel();
          timersInFlight.remove(nextSubscribe);
        }
        backoff.reset();
        LOG.infof("Re-registering soon: %s", why);
        scheduleSubscribe();
      }
      default -> {
        // NEW, RECOVERING: registration has not started; it will ask the detector then.
      }
    }
  }

  private void subscribe() {
    nextSubscribe = null;
    if (state != Agent.State.DISCONNECTED) {
      return;
    }
    transition(Agent.State.SUBSCRIBING, Agent.State.DISCONNECTED);
    long gen = ++generation;
    AgentInfo info =
        new AgentInfo(
            config.hostname(),
            config.port(),
            ResourceMapping.toWire(resources.resources(), null, false),
            AttributeMapping.toWire(resources.attributes()),
            agentId);
    AgentCall.Register register =
        new AgentCall.Register(
            info,
            config.endpoint(),
            Agent.VERSION,
            tasks.frameworks(),
            tasks.reportable(),
            tasks.executorInfos(),
            ip,
            agentId == null ? null : checkpoint.read(agentId));
    LOG.infof(
        "%s with the master%s",
        agentId == null ? "Registering" : "Re-registering",
        agentId == null ? "" : " as " + agentId + " with " + register.tasks().size() + " task(s)");
    lastEvent = timers.clock().instant();
    subscription =
        link.subscribe(
            AgentCall.subscribe(register),
            new MasterLink.Listener() {
              @Override
              public void onEvent(AgentEvent event) {
                ctx.execute(() -> handle(gen, event));
              }

              @Override
              public void onClosed(String reason) {
                ctx.execute(
                    () -> {
                      if (gen == generation) {
                        disconnect("the stream closed: " + reason);
                      }
                    });
              }
            });
    watchSilence(gen, config.masterSilenceTimeout());
  }

  private void handle(long gen, AgentEvent event) {
    if (gen != generation || state == Agent.State.STOPPED) {
      return;
    }
    lastEvent = timers.clock().instant();
    AgentEvent.Type type = event.type() == null ? AgentEvent.Type.UNKNOWN : event.type();
    switch (type) {
      case REGISTERED -> registered(gen, event.registered());
      case HEARTBEAT -> LOG.trace("Master heartbeat");
      case CHECKPOINT_RESOURCES -> {
        if (state != Agent.State.REGISTERED || event.checkpointResources() == null) {
          LOG.warnf("Ignoring CHECKPOINT_RESOURCES before REGISTERED or without resources");
          return;
        }
        checkpoint.write(agentId, event.checkpointResources().resources());
      }
      case ERROR ->
          disconnect(
              "the master refused the agent: "
                  + (event.error() == null ? "no reason given" : event.error().message()));
      case RUN_TASK,
          RUN_TASK_GROUP,
          KILL_TASK,
          ACKNOWLEDGE,
          SHUTDOWN_FRAMEWORK,
          FRAMEWORK_TO_EXECUTOR,
          SHUTDOWN_EXECUTOR -> {
        if (state != Agent.State.REGISTERED) {
          LOG.warnf("Ignoring %s before REGISTERED", type);
          return;
        }
        command(type, event);
      }
      default -> LOG.warnf("Ignoring an event of unknown type from the master: %s", event);
    }
  }

  private void command(AgentEvent.Type type, AgentEvent event) {
    switch (type) {
      case RUN_TASK -> tasks.runTask(event.runTask().frameworkInfo(), event.runTask().task());
      case RUN_TASK_GROUP ->
          tasks.runTaskGroup(
              event.runTaskGroup().frameworkInfo(),
              event.runTaskGroup().executor(),
              event.runTaskGroup().taskGroup());
      case KILL_TASK ->
          tasks.killTask(
              event.killTask().frameworkId(),
              event.killTask().taskId(),
              event.killTask().killPolicy());
      case ACKNOWLEDGE ->
          tasks.acknowledge(
              event.acknowledge().frameworkId(),
              event.acknowledge().taskId(),
              event.acknowledge().uuid());
      case SHUTDOWN_FRAMEWORK -> tasks.shutdownFramework(event.shutdownFramework().frameworkId());
      case FRAMEWORK_TO_EXECUTOR ->
          tasks.frameworkToExecutor(
              event.message().frameworkId(), event.message().executorId(), event.message().data());
      case SHUTDOWN_EXECUTOR -> {
        AgentEvent.ShutdownExecutor s = event.shutdownExecutor();
        if (!tasks.shutdownDefaultExecutor(s.frameworkId(), s.executorId())) {
          tasks.shutdownExecutor(s.frameworkId(), s.executorId());
        }
      }
      default -> throw new IllegalArgumentException("not a command: " + type);
    }
  }

  private void registered(long gen, AgentEvent.Registered r) {
    if (state == Agent.State.REGISTERED) {
      LOG.infof("Ignoring a second REGISTERED on one stream");
      return;
    }
    if (r == null || r.agentId() == null) {
      disconnect("REGISTERED without an agent id");
      return;
    }
    if (agentId != null && !agentId.equals(r.agentId())) {
      LOG.warnf(
          "The master registered this agent as %s, not as %s; adopting the new id",
          r.agentId(), agentId);
    }
    // The secret goes down before the id is made latest: a crash between the two must not leave
    // an id without the secret that proves it.
    if (r.secret() != null && !r.secret().equals(link.secret())) {
      persistSecret(r.agentId(), r.secret());
    }
    if (!r.agentId().equals(agentId)) {
      persistId(r.agentId());
    }
    agentId = r.agentId();
    masterId = r.masterId();
    tasks.agentId(agentId);
    transition(Agent.State.REGISTERED, Agent.State.SUBSCRIBING);
    registered = true;
    backoff.reset();
    Duration heartbeat =
        r.heartbeatIntervalSeconds() != null && r.heartbeatIntervalSeconds() > 0
            ? Duration.ofNanos((long) (r.heartbeatIntervalSeconds() * 1e9))
            : config.heartbeatInterval();
    LOG.infof("Registered as %s with master %s; heartbeat every %s", agentId, masterId, heartbeat);
    schedule(heartbeat, () -> heartbeat(gen, heartbeat));
    updates.resume();
  }

  private void persistSecret(AgentId id, String secret) {
    Path file = paths.agentSecretFile(id);
    Checkpoints.writeAtomically(file, secret.getBytes(StandardCharsets.US_ASCII));
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      LOG.warnf("cannot make %s readable by its owner only: %s", file, e.toString());
    }
    link.secret(secret);
  }

  private void persistId(AgentId id) {
    Path agentMeta = paths.agentMetaDir(id);
    Checkpoints.writeJson(
        paths.agentInfoFile(id),
        new AgentInfo(
            config.hostname(),
            config.port(),
            ResourceMapping.toWire(resources.resources(), null, false),
            AttributeMapping.toWire(resources.attributes()),
            id));
    Checkpoints.symlinkAtomically(paths.latestAgentMetaLink(), agentMeta.getFileName());
    Checkpoints.symlinkAtomically(
        paths.latestAgentSandboxLink(), paths.agentSandboxRoot(id).getFileName());
  }

  private void heartbeat(long gen, Duration interval) {
    if (gen != generation || state != Agent.State.REGISTERED) {
      return;
    }
    link.send(AgentCall.heartbeat(agentId))
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                LOG.debugf("Heartbeat failed: %s", e.toString());
              }
            });
    schedule(interval, () -> heartbeat(gen, interval));
  }

  /** Re-subscribes when nothing arrived on the stream for {@code timeout}. */
  private void watchSilence(long gen, Duration timeout) {
    schedule(
        timeout,
        () -> {
          if (gen != generation
              || !(state == Agent.State.SUBSCRIBING || state == Agent.State.REGISTERED)) {
            return;
          }
          Duration silent = Duration.between(lastEvent, timers.clock().instant());
          if (silent.compareTo(config.masterSilenceTimeout()) >= 0) {
            disconnect("the master was silent for " + silent);
          } else {
            watchSilence(gen, config.masterSilenceTimeout().minus(silent));
          }
        });
  }

  private void disconnect(String why) {
    if (state != Agent.State.SUBSCRIBING && state != Agent.State.REGISTERED) {
      return;
    }
    LOG.warnf("Disconnected from the master: %s", why);
    generation++;
    closeSubscription();
    registered = false;
    updates.pause();
    state = Agent.State.DISCONNECTED;
    scheduleSubscribe();
  }

  private void closeSubscription() {
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
  }

  /** Runs {@code work} on the context after {@code delay}, unless the agent stopped by then. */
  private Timers.Cancellable schedule(Duration delay, Runnable work) {
    Timers.Cancellable[] handle = new Timers.Cancellable[1];
    handle[0] =
        timers.schedule(
            delay,
            () ->
                ctx.execute(
                    () -> {
                      timersInFlight.remove(handle[0]);
                      if (state != Agent.State.STOPPED) {
                        work.run();
                      }
                    }));
    timersInFlight.add(handle[0]);
    return handle[0];
  }

  private void transition(Agent.State to, Agent.State from) {
    if (state != from) {
      throw new IllegalStateException(
          "cannot go from " + state + " to " + to + ": expected " + from);
    }
    state = to;
  }
}
