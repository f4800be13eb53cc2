package io.mezzo.master;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.MasterInfo;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.logging.Verbosity;
import io.mezzo.core.time.Timers;
import io.mezzo.master.agents.AgentCallValidator;
import io.mezzo.master.agents.AgentCalls;
import io.mezzo.master.agents.AgentChannel;
import io.mezzo.master.agents.AgentHealthMonitor;
import io.mezzo.master.agents.AgentRegistrar;
import io.mezzo.master.agents.AgentSecrets;
import io.mezzo.master.allocator.Allocator;
import io.mezzo.master.change.Decider;
import io.mezzo.master.election.Lease;
import io.mezzo.master.election.Term;
import io.mezzo.master.operator.MasterFlags;
import io.mezzo.master.operator.MasterMetricsSnapshot;
import io.mezzo.master.operator.OperatorCalls;
import io.mezzo.master.operator.OperatorStream;
import io.mezzo.master.operator.SandboxOwner;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.RegistryStore;
import io.mezzo.master.scheduler.CallValidator;
import io.mezzo.master.scheduler.FrameworkStream;
import io.mezzo.master.scheduler.SchedulerCalls;
import io.mezzo.master.scheduler.SubscribeHandler;
import io.mezzo.master.scheduler.TeardownHandler;
import io.mezzo.master.state.StateStore;
import io.mezzo.master.weights.StartupWeights;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Decision;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The master: admits agents, turns the allocator's decisions into offers, and runs the frameworks'
 * calls. All state lives in {@link MasterState} and is touched only on this master's {@link
 * SerialContext}; every public method queues work there and completes when it is done, so the HTTP
 * edge, the in-process agent link and tests all use the same entry points.
 *
 * <p>Loops (each stops with {@link #close}): allocation every {@code allocation_interval} plus
 * coalesced runs when resources are freed or added; agent health every {@code agent_ping_timeout};
 * HEARTBEAT events to frameworks and agents.
 */
public final class Master implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Master.class);

  private final MasterConfig config;
  private final SerialContext context;
  private final MasterState state;
  private final LiveView view;
  private final Applier applier;
  private final SubscribeHandler subscribe;
  private final TeardownHandler teardown;
  private final AgentRegistrar registrar;
  private final AgentHealthMonitor health;
  private final SchedulerCalls schedulerCalls;
  private final AgentCalls agentCalls;
  private final OperatorCalls operator;
  private final TermGuard guard;
  private volatile boolean stopped;
  private final MasterLoops loops;
  private volatile boolean started;

  public Master(
      MasterConfig config, String masterId, StateStore store, Allocator allocator, Timers timers) {
    this(config, masterId, store, allocator, timers, Verbosity.UNWIRED);
  }

  /**
   * A master whose GET/SET_LOGGING_LEVEL act on {@code logging}, the node's (shared with {@code
   * /logging/toggle} and a local agent). Without one they read 0 and refuse to set.
   */
  public Master(
      MasterConfig config,
      String masterId,
      StateStore store,
      Allocator allocator,
      Timers timers,
      Verbosity logging) {
    this(config, masterId, store, allocator, timers, logging, Term.STANDALONE);
  }

  /**
   * A master on a given context: simulations pass a {@link SerialContext#pumped} one so the master
   * runs interleaved with agents and frameworks in one deterministic order. The master owns the
   * context from here on and closes it in {@link #close}.
   */
  public Master(
      MasterConfig config,
      String masterId,
      StateStore store,
      Allocator allocator,
      Timers timers,
      SerialContext context) {
    this(config, masterId, store, allocator, timers, context, Verbosity.UNWIRED, Term.STANDALONE);
  }

  /** An elected master: it acts only while {@code term}'s lease is valid (see TermGuard). */
  public Master(
      MasterConfig config,
      String masterId,
      StateStore store,
      Allocator allocator,
      Timers timers,
      Verbosity logging,
      Term term) {
    this(config, masterId, store, allocator, timers, ownContext(masterId), logging, term);
  }

  private static SerialContext ownContext(String masterId) {
    return new SerialContext("master-" + masterId.substring(0, Math.min(8, masterId.length())));
  }

  private Master(
      MasterConfig config,
      String masterId,
      StateStore store,
      Allocator allocator,
      Timers timers,
      SerialContext context,
      Verbosity logging,
      Term term) {
    this.config = config;
    this.guard = new TermGuard(term, masterId);
    this.context = context;
    MasterInfo info = config.describe(masterId);
    this.state =
        new MasterState(
            config,
            info,
            timers,
            context,
            allocator,
            new RegistryStore(store),
            new MasterMetrics());
    this.view = new LiveView(state);
    this.applier = new Applier(state, this::decide, term.lease());
    this.teardown = new TeardownHandler();
    this.subscribe = new SubscribeHandler(teardown);
    this.registrar = new AgentRegistrar(AgentSecrets.from(new SecureRandom()));
    this.health = new AgentHealthMonitor();
    this.schedulerCalls = new SchedulerCalls(teardown);
    this.agentCalls = new AgentCalls(health);
    this.operator =
        new OperatorCalls(
            state, teardown, view, applier::apply, d -> context.execute(() -> decide(d)), logging);
    state.addObserver(operator.subscribers());
    state.addObserver(operator.drainWatcher());
    this.loops =
        new MasterLoops(
            config, timers, context, state, guard, health, operator, this::decide, () -> stopped);
    state.onAllocationRequest(loops::requestAllocation);
  }

  /** Recovers the registry and starts the loops. Completes when the master can take calls. */
  public CompletionStage<Void> start() {
    return context.call(
        () -> {
          if (!guard.leads()) {
            throw new Lease.LostException();
          }
          Registry registry =
              StartupWeights.apply(
                  state.registry().recover(), state.config().weights(), state.registry()::save);
          registry.weights().forEach((role, w) -> state.allocator().setWeight(role, w));
          state.allocator().setQuotas(registry.quotas());
          LOG.infof(
              "master %s recovered registry: %d agent(s), %d framework(s) known",
              state.masterId(), registry.agentCount(), registry.frameworkCount());
          state.markRecovered();
          started = true;
          loops.start();
          return null;
        });
  }

  public MasterInfo info() {
    return state.masterInfo();
  }

  public MasterMetrics metrics() {
    return state.metrics();
  }

  /** Whether this master leads and may answer as the leader: recovered, and its lease valid. */
  public boolean isRecovered() {
    return started && !stopped && guard.leads();
  }

  /** Why this master does not answer as the leader (when {@link #isRecovered} is false). */
  public String notLeadingReason() {
    if (!started && !stopped) {
      return "Master has not finished recovery";
    }
    return Lease.LOST_MESSAGE;
  }

  // ---- scheduler API -------------------------------------------------------------------------

  /**
   * SUBSCRIBE. On success (200) the SUBSCRIBED event has been sent on {@code stream}; for problems
   * Mesos reports on the stream (200 + ERROR), the stream was closed.
   */
  public CompletionStage<CallResult> subscribe(Call call, FrameworkStream stream) {
    return subscribe(call, stream, Caller.NODE);
  }

  /**
   * SUBSCRIBE from {@code caller}, as the HTTP edge authenticated it: the authorizer decides
   * whether it may register with its roles, and its principal must match the framework's.
   */
  public CompletionStage<CallResult> subscribe(Call call, FrameworkStream stream, Caller caller) {
    Optional<String> problem = CallValidator.problem(call);
    if (problem.isPresent()) {
      state.metrics().increment(MasterMetrics.Counter.INVALID_CALLS);
      return CompletableFuture.completedFuture(CallResult.badRequest(problem.get()));
    }
    if (call.type() != Call.Type.SUBSCRIBE) {
      return CompletableFuture.completedFuture(CallResult.badRequest("Expecting a SUBSCRIBE call"));
    }
    return onContext(() -> applier.apply(subscribe.subscribe(view, call, stream, caller)));
  }

  /** Any call but SUBSCRIBE from the node's own in-process frameworks. */
  public CompletionStage<CallResult> call(Call call, String streamId) {
    return call(call, streamId, Caller.NODE);
  }

  /**
   * Any call but SUBSCRIBE, sent with the framework's current {@code Mesos-Stream-Id} by {@code
   * caller}, who must be the framework's principal.
   */
  public CompletionStage<CallResult> call(Call call, String streamId, Caller caller) {
    Optional<String> problem = CallValidator.problem(call);
    if (problem.isPresent()) {
      state.metrics().increment(MasterMetrics.Counter.INVALID_CALLS);
      return CompletableFuture.completedFuture(CallResult.badRequest(problem.get()));
    }
    if (call.type() == Call.Type.SUBSCRIBE) {
      return CompletableFuture.completedFuture(
          CallResult.badRequest(
              "SUBSCRIBE must be sent on its own connection without 'Mesos-Stream-Id'"));
    }
    return onContext(() -> applier.apply(schedulerCalls.decide(view, call, streamId, caller)));
  }

  /** The framework's subscription stream closed (client went away or the connection broke). */
  public void streamClosed(FrameworkStream stream) {
    // Only the framework whose current stream this is disconnects; for the others it is stale.
    context.execute(() -> decide(v -> subscribe.disconnected(v, stream)));
  }

  // ---- agent link ----------------------------------------------------------------------------

  /** An in-process agent's SUBSCRIBE (the node's own: no link secret needed). */
  public CompletionStage<CallResult> agentSubscribe(AgentCall call, AgentChannel channel) {
    return agentSubscribe(call, channel, Caller.NODE);
  }

  /**
   * A SUBSCRIBE from {@code caller}; unless it is the node itself, re-registering with an id needs
   * that agent's link secret ({@link AgentSecrets}).
   */
  public CompletionStage<CallResult> agentSubscribe(
      AgentCall call, AgentChannel channel, Caller caller) {
    if (call.type() != AgentCall.Type.SUBSCRIBE) {
      return CompletableFuture.completedFuture(CallResult.badRequest("Expecting a SUBSCRIBE call"));
    }
    Optional<String> problem = AgentCallValidator.problem(call);
    if (problem.isPresent()) {
      return CompletableFuture.completedFuture(CallResult.badRequest(problem.get()));
    }
    // Mesos's register_agents: decided before anything about the agent is looked at, so a refused
    // agent learns nothing and is never admitted.
    Decision admission = config.authorizer().decide(caller, Action.REGISTER_AGENTS, null);
    if (!admission.allowed()) {
      LOG.infof("agent registration refused: %s", admission.reason());
      return CompletableFuture.completedFuture(CallResult.forbidden(admission.reason()));
    }
    return onContext(() -> applier.apply(registrar.subscribe(view, call, channel, caller.node())));
  }

  /** An in-process agent's call (the node's own: no link secret needed). */
  public CompletionStage<CallResult> agentCall(AgentCall call) {
    return agentCall(call, Caller.NODE);
  }

  /** An agent's call from {@code caller}; unless it is the node itself it needs the secret. */
  public CompletionStage<CallResult> agentCall(AgentCall call, Caller caller) {
    Optional<String> problem = AgentCallValidator.problem(call);
    if (problem.isPresent()) {
      return CompletableFuture.completedFuture(CallResult.badRequest(problem.get()));
    }
    return onContext(() -> applier.apply(agentCalls.decide(view, call, caller)));
  }

  public void agentStreamClosed(AgentChannel channel) {
    // Only the agent whose current channel this is disconnects; for the others it is stale.
    context.execute(() -> decide(v -> health.disconnected(v, channel)));
  }

  // ---- operator API --------------------------------------------------------------------------

  /**
   * An operator call ({@code POST /api/v1}) other than SUBSCRIBE, LIST_FILES and READ_FILE: 200
   * with a {@code master.Response} body for reads, 200 once durable for mutations, 4xx/501 with a
   * reason.
   */
  public CompletionStage<CallResult> operatorCall(io.mezzo.api.v1.master.Call call) {
    return operatorCall(call, Caller.NODE);
  }

  /** An operator call from {@code caller}: the authorizer decides it, and filters what it reads. */
  public CompletionStage<CallResult> operatorCall(io.mezzo.api.v1.master.Call call, Caller caller) {
    Optional<CallResult> problem = OperatorCalls.problem(call);
    if (problem.isPresent()) {
      return CompletableFuture.completedFuture(problem.get());
    }
    return onContext(() -> operator.call(call, caller));
  }

  /**
   * Operator SUBSCRIBE: SUBSCRIBED with the whole state is sent on {@code stream}, then an event
   * for every change until {@link #operatorStreamClosed} (or the master stops, which closes it).
   */
  public CompletionStage<CallResult> operatorSubscribe(OperatorStream stream) {
    return operatorSubscribe(stream, Caller.NODE);
  }

  /** Operator SUBSCRIBE from {@code caller}, who sees only what it may view. */
  public CompletionStage<CallResult> operatorSubscribe(OperatorStream stream, Caller caller) {
    return onContext(
        () -> {
          operator.subscribers().subscribe(stream, caller);
          return CallResult.OK;
        });
  }

  /** The operator stream's connection went away. */
  public void operatorStreamClosed(OperatorStream stream) {
    context.execute(() -> operator.subscribers().closed(stream));
  }

  /**
   * Adds an observer of the master's changes (see {@link MasterObserver} for its contract).
   * Completes once it is in place: every change after that reaches it.
   */
  public CompletionStage<Void> addObserver(MasterObserver observer) {
    return context.call(
        () -> {
          state.addObserver(observer);
          return null;
        });
  }

  /** Removes an observer; it hears nothing once this completes. Unknown observers are ignored. */
  public CompletionStage<Void> removeObserver(MasterObserver observer) {
    return context.call(
        () -> {
          state.removeObserver(observer);
          return null;
        });
  }

  /** The metrics under Mesos's names ({@code /metrics/snapshot}). */
  public CompletionStage<Map<String, Double>> metricsSnapshot() {
    return inspect(s -> MasterMetricsSnapshot.of(s, operator.subscribers().size()));
  }

  /** The effective settings under Mesos flag names ({@code /master/flags}). */
  public Map<String, String> flags() {
    return MasterFlags.of(config);
  }

  /** The agent holding a sandbox path, if the master can tell (see {@link SandboxOwner}). */
  public CompletionStage<Optional<SandboxOwner.Owner>> sandboxOwner(
      String path, String agentIdHint) {
    return inspect(s -> SandboxOwner.find(s, path, agentIdHint));
  }

  // ---- reads ---------------------------------------------------------------------------------

  /** Runs a read on the master's context. The function must copy what it returns. */
  public <T> CompletionStage<T> inspect(Function<MasterState, T> reader) {
    return context.call(() -> reader.apply(state));
  }

  /**
   * Runs a decider over the view and applies its outcome, on the context, with the fencing guard
   * (for timers and loops; calls go through {@link #onContext}).
   */
  private void decide(Decider decider) {
    guarded(() -> applier.apply(decider.decide(view)));
  }

  private CompletionStage<CallResult> onContext(java.util.function.Supplier<CallResult> work) {
    if (!started || stopped || !guard.leads()) {
      return CompletableFuture.completedFuture(CallResult.unavailable(notLeadingReason()));
    }
    return context.call(() -> guarded(work));
  }

  /** Runs work on the context only while this master leads (see {@link TermGuard}). */
  private CallResult guarded(java.util.function.Supplier<CallResult> work) {
    return stopped ? CallResult.unavailable(notLeadingReason()) : guard.run(work);
  }

  /** Stops the loops, closes every stream, and waits (bounded) for queued work. */
  @Override
  public void close() {
    if (stopped && !started) {
      return;
    }
    CompletableFuture<Void> done =
        context.call(
            () -> {
              stopped = true;
              operator.subscribers().closeAll();
              for (FrameworkEntry fw : state.frameworks().values()) {
                if (fw.stream() != null) {
                  fw.stream().close();
                }
              }
              for (AgentEntry agent : state.agents().values()) {
                agent.closeChannel();
              }
              return null;
            });
    try {
      done.get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warnf("master stop did not finish cleanly: %s", e.toString());
    }
    started = false;
    context.close(Duration.ofSeconds(5));
  }
}
