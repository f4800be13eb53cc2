package io.mezzo.master.operator;

import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.Response;
import io.mezzo.core.logging.Verbosity;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterState;
import io.mezzo.master.change.Decider;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.maintenance.MaintenanceHandler;
import io.mezzo.master.scheduler.TeardownHandler;
import io.mezzo.master.weights.UpdateWeightsHandler;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Decision;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The operator API of the master ({@code POST /api/v1}, MESOS-API.md §4): checks a call, then hands
 * it to the handler of its type. Reads answer 200 with a {@code master.Response}; mutations are
 * deciders whose outcome the master's applier acts on, so they answer 200 once their change is
 * durable (decide → persist → apply → announce). SUBSCRIBE, and LIST_FILES/READ_FILE (which the
 * HTTP edge proxies to the agent owning the sandbox), do not come through here.
 *
 * <p>Owned by the master's context, like the state it works on.
 */
public final class OperatorCalls {
  /**
   * The call types Mezzo implements. Every type of the 1.11 protos but UNKNOWN is either here or in
   * {@link #NOT_BUILT}.
   */
  public static final Set<Call.Type> SUPPORTED =
      Collections.unmodifiableSet(
          EnumSet.of(
              Call.Type.GET_HEALTH,
              Call.Type.GET_FLAGS,
              Call.Type.GET_VERSION,
              Call.Type.GET_METRICS,
              Call.Type.GET_LOGGING_LEVEL,
              Call.Type.SET_LOGGING_LEVEL,
              Call.Type.GET_STATE,
              Call.Type.GET_AGENTS,
              Call.Type.GET_FRAMEWORKS,
              Call.Type.GET_EXECUTORS,
              Call.Type.GET_TASKS,
              Call.Type.GET_OPERATIONS,
              Call.Type.GET_ROLES,
              Call.Type.GET_WEIGHTS,
              Call.Type.UPDATE_WEIGHTS,
              Call.Type.GET_MASTER,
              Call.Type.GET_MAINTENANCE_STATUS,
              Call.Type.GET_MAINTENANCE_SCHEDULE,
              Call.Type.UPDATE_MAINTENANCE_SCHEDULE,
              Call.Type.START_MAINTENANCE,
              Call.Type.STOP_MAINTENANCE,
              Call.Type.GET_QUOTA,
              Call.Type.UPDATE_QUOTA,
              Call.Type.SET_QUOTA,
              Call.Type.REMOVE_QUOTA,
              Call.Type.SUBSCRIBE,
              Call.Type.TEARDOWN,
              Call.Type.MARK_AGENT_GONE,
              Call.Type.DRAIN_AGENT,
              Call.Type.DEACTIVATE_AGENT,
              Call.Type.REACTIVATE_AGENT,
              Call.Type.RESERVE_RESOURCES,
              Call.Type.UNRESERVE_RESOURCES,
              Call.Type.CREATE_VOLUMES,
              Call.Type.DESTROY_VOLUMES,
              Call.Type.GROW_VOLUME,
              Call.Type.SHRINK_VOLUME,
              Call.Type.LIST_FILES,
              Call.Type.READ_FILE));

  /**
   * The call types Mezzo does not implement, each with the 501 message that {@link #problem}
   * answers: it names the missing capability and, where that is so, that it arrives with the
   * tenancy issue.
   */
  public static final Map<Call.Type, String> NOT_BUILT = notBuilt();

  private static Map<Call.Type, String> notBuilt() {
    // Every type of the 1.11 protos is built; a type a later Mesos adds goes here with its reason.
    Map<Call.Type, String> why = new EnumMap<>(Call.Type.class);
    why.replaceAll((type, reason) -> type + " is not supported by Mezzo yet: " + reason);
    return Collections.unmodifiableMap(why);
  }

  private final ReadOnlyHandler reads;
  private final OperatorSubscribers subscribers;
  private final OperatorTeardownHandler teardown;
  private final MarkAgentGoneHandler markGone;
  private final DrainAgentHandler drain;
  private final DrainWatcher drainWatcher;
  private final DeactivateAgentHandler deactivate;
  private final ReactivateAgentHandler reactivate;
  private final LoggingLevelHandler logging;
  private final UpdateWeightsHandler weights = new UpdateWeightsHandler();
  private final QuotaHandler quota;
  private final MaintenanceHandler maintenance = new MaintenanceHandler();
  private final ReservationCallHandler reservations = new ReservationCallHandler();

  /**
   * The calls one action without an object guards as a whole, as Mesos guards them: a refusal is
   * 403 naming the action and the principal, before the call is looked at further, and changes
   * nothing. TEARDOWN and UPDATE_WEIGHTS are decided by their handlers (their objects are the
   * framework's principal and each role); the reads that list frameworks, tasks, executors and
   * roles filter instead of refusing.
   */
  static final Map<Call.Type, Action> GUARDED = guarded();

  private static Map<Call.Type, Action> guarded() {
    Map<Call.Type, Action> g = new EnumMap<>(Call.Type.class);
    g.put(Call.Type.GET_FLAGS, Action.VIEW_FLAGS);
    g.put(Call.Type.SET_LOGGING_LEVEL, Action.SET_LOG_LEVEL);
    g.put(Call.Type.MARK_AGENT_GONE, Action.MARK_AGENTS_GONE);
    g.put(Call.Type.DRAIN_AGENT, Action.DRAIN_AGENTS);
    g.put(Call.Type.DEACTIVATE_AGENT, Action.DEACTIVATE_AGENTS);
    g.put(Call.Type.REACTIVATE_AGENT, Action.REACTIVATE_AGENTS);
    g.put(Call.Type.UPDATE_MAINTENANCE_SCHEDULE, Action.UPDATE_MAINTENANCE_SCHEDULES);
    g.put(Call.Type.GET_MAINTENANCE_SCHEDULE, Action.GET_MAINTENANCE_SCHEDULES);
    g.put(Call.Type.GET_MAINTENANCE_STATUS, Action.GET_MAINTENANCE_STATUSES);
    g.put(Call.Type.START_MAINTENANCE, Action.START_MAINTENANCES);
    g.put(Call.Type.STOP_MAINTENANCE, Action.STOP_MAINTENANCES);
    return Collections.unmodifiableMap(g);
  }

  private final MasterState state;
  private final MasterView view;
  private final Function<Outcome, CallResult> applier;

  /**
   * @param view what the deciders among the handlers read
   * @param applier the master's applier, which acts on their outcomes
   * @param later queues a decider to be run and applied as a step of its own (the drain watcher's)
   * @param logging the node's logging level, shared with {@code /logging/toggle}
   */
  public OperatorCalls(
      MasterState state,
      TeardownHandler frameworkTeardown,
      MasterView view,
      Function<Outcome, CallResult> applier,
      Consumer<Decider> later,
      Verbosity logging) {
    this.state = state;
    this.view = view;
    this.applier = applier;
    this.subscribers = new OperatorSubscribers(state);
    this.reads = new ReadOnlyHandler(state, subscribers);
    this.teardown = new OperatorTeardownHandler(frameworkTeardown);
    this.markGone = new MarkAgentGoneHandler();
    this.drain = new DrainAgentHandler();
    this.drainWatcher = new DrainWatcher(view, drain, later);
    this.deactivate = new DeactivateAgentHandler();
    this.reactivate = new ReactivateAgentHandler();
    this.logging = new LoggingLevelHandler(logging);
    this.quota = new QuotaHandler(state.config().authorizer());
  }

  /** The quota decider, also behind the legacy {@code /quota} endpoint. */
  public QuotaHandler quota() {
    return quota;
  }

  public OperatorSubscribers subscribers() {
    return subscribers;
  }

  /** Watches task ends of draining agents; the master registers it as an observer. */
  public DrainWatcher drainWatcher() {
    return drainWatcher;
  }

  /**
   * What is wrong with a call before it reaches a handler: no type (400), UNKNOWN or a type Mezzo
   * does not implement (501, with its {@link #NOT_BUILT} message). Pure; any thread.
   */
  public static Optional<CallResult> problem(Call call) {
    if (call.type() == null) {
      return Optional.of(CallResult.badRequest("Expecting 'type' to be present"));
    }
    if (call.type() == Call.Type.UNKNOWN) {
      return Optional.of(CallResult.notImplemented("Received an unknown call type"));
    }
    String notBuilt = NOT_BUILT.get(call.type());
    if (notBuilt != null) {
      return Optional.of(CallResult.notImplemented(notBuilt));
    }
    if (!SUPPORTED.contains(call.type())) {
      return Optional.of(CallResult.notImplemented(call.type() + " is not supported by Mezzo yet"));
    }
    return Optional.empty();
  }

  /** A maintenance change without its body is malformed, whoever sends it. */
  private static Optional<String> missingMaintenanceBody(Call call) {
    boolean missing =
        switch (call.type()) {
          case UPDATE_MAINTENANCE_SCHEDULE ->
              call.updateMaintenanceSchedule() == null
                  || call.updateMaintenanceSchedule().schedule() == null;
          case START_MAINTENANCE -> call.startMaintenance() == null;
          case STOP_MAINTENANCE -> call.stopMaintenance() == null;
          default -> false;
        };
    String field = call.type().name().toLowerCase(java.util.Locale.ROOT);
    return missing ? Optional.of("Expecting '" + field + "' to be present") : Optional.empty();
  }

  /**
   * Runs a checked call (see {@link #problem}) from {@code caller} on the master's context: the
   * master's authorizer decides the guarded calls and TEARDOWN, and filters what the reads show.
   */
  public CallResult call(Call call, Caller caller) {
    if (call.type() == Call.Type.DRAIN_AGENT && call.drainAgent() == null) {
      // A malformed call is 400 whoever sends it, as Mesos validates before it authorizes.
      return CallResult.badRequest("Expecting 'drain_agent' to be present");
    }
    Optional<String> missing = missingMaintenanceBody(call);
    if (missing.isPresent()) {
      return CallResult.badRequest(missing.get());
    }
    Action guard = GUARDED.get(call.type());
    if (guard != null) {
      Decision d = state.config().authorizer().decide(caller, guard, null);
      if (!d.allowed()) {
        return CallResult.forbidden(d.reason());
      }
    }
    Visibility seen = Visibility.of(state, caller);
    return switch (call.type()) {
      case GET_HEALTH -> CallResult.ok(reads.health());
      case GET_FLAGS -> CallResult.ok(reads.flags());
      case GET_VERSION -> CallResult.ok(reads.version());
      case GET_METRICS -> CallResult.ok(reads.metrics());
      case GET_LOGGING_LEVEL -> CallResult.ok(logging.get());
      case SET_LOGGING_LEVEL -> logging.set(call.setLoggingLevel());
      case GET_STATE -> CallResult.ok(reads.state(seen));
      case GET_AGENTS -> CallResult.ok(reads.agents());
      case GET_FRAMEWORKS -> CallResult.ok(reads.frameworks(seen));
      case GET_EXECUTORS -> CallResult.ok(reads.executors(seen));
      case GET_TASKS -> CallResult.ok(reads.tasks(seen));
      case GET_OPERATIONS -> CallResult.ok(reads.operations(seen));
      case GET_ROLES -> CallResult.ok(reads.roles(seen));
      case GET_WEIGHTS -> CallResult.ok(reads.weights(seen));
      case UPDATE_WEIGHTS ->
          applier.apply(
              weights.update(view, call.updateWeights(), caller, state.config().authorizer()));
      case GET_MASTER -> CallResult.ok(reads.master());
      case GET_MAINTENANCE_STATUS -> CallResult.ok(reads.maintenanceStatus());
      case GET_MAINTENANCE_SCHEDULE -> CallResult.ok(reads.maintenanceSchedule());
      case GET_QUOTA ->
          CallResult.ok(
              Response.quota(
                  QuotaViews.status(
                      state.registry().current().quotas(),
                      role ->
                          state
                              .config()
                              .authorizer()
                              .decide(caller, Action.GET_QUOTAS, role)
                              .allowed())));
      case UPDATE_QUOTA -> applier.apply(quota.update(view, call.updateQuota(), caller));
      case SET_QUOTA -> applier.apply(quota.set(view, call.setQuota(), caller));
      case REMOVE_QUOTA ->
          applier.apply(
              quota.remove(
                  view, call.removeQuota() == null ? null : call.removeQuota().role(), caller));
      case TEARDOWN -> applier.apply(teardown.teardown(view, call.teardown(), caller));
      case MARK_AGENT_GONE ->
          applier.apply(
              markGone.markGone(
                  view, call.markAgentGone() == null ? null : call.markAgentGone().agentId()));
      case DRAIN_AGENT -> applier.apply(drain.drain(view, call.drainAgent()));
      case DEACTIVATE_AGENT -> applier.apply(deactivate.deactivate(view, call.deactivateAgent()));
      case REACTIVATE_AGENT -> applier.apply(reactivate.reactivate(view, call.reactivateAgent()));
      case UPDATE_MAINTENANCE_SCHEDULE ->
          applier.apply(maintenance.update(view, call.updateMaintenanceSchedule()));
      case START_MAINTENANCE -> applier.apply(maintenance.start(view, call.startMaintenance()));
      case STOP_MAINTENANCE -> applier.apply(maintenance.stop(view, call.stopMaintenance()));
      case RESERVE_RESOURCES ->
          applier.apply(reservations.reserve(view, call.reserveResources(), caller));
      case UNRESERVE_RESOURCES ->
          applier.apply(reservations.unreserve(view, call.unreserveResources(), caller));
      case CREATE_VOLUMES ->
          applier.apply(reservations.createVolumes(view, call.createVolumes(), caller));
      case DESTROY_VOLUMES ->
          applier.apply(reservations.destroyVolumes(view, call.destroyVolumes(), caller));
      case GROW_VOLUME -> applier.apply(reservations.growVolume(view, call.growVolume(), caller));
      case SHRINK_VOLUME ->
          applier.apply(reservations.shrinkVolume(view, call.shrinkVolume(), caller));
      case SUBSCRIBE -> CallResult.badRequest("SUBSCRIBE opens a stream; it is not a plain call");
      case LIST_FILES, READ_FILE ->
          CallResult.badRequest(call.type() + " is answered by the agent owning the sandbox");
      default ->
          CallResult.notImplemented(
              NOT_BUILT.getOrDefault(call.type(), call.type() + " is not supported by Mezzo yet"));
    };
  }
}
