package io.mezzo.master.scheduler;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.allocator.RefusePolicy;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.Change.OfferRemoved.Why;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * ACCEPT and DECLINE (a DECLINE is an ACCEPT without operations). Offer problems end every task of
 * the call TASK_DROPPED (TASK_LOST for frameworks that are not partition-aware) with
 * REASON_INVALID_OFFERS; a task its framework may not run ({@code run_tasks}) ends TASK_ERROR with
 * REASON_TASK_UNAUTHORIZED; task problems end that task TASK_ERROR with REASON_TASK_INVALID; valid
 * tasks go to the agent. Whatever the offers held and no task took goes back to the allocator under
 * the call's refuse filter ({@link RefusePolicy}). A decider: returns an {@link Outcome}.
 */
public final class AcceptHandler {
  private static final Logger LOG = Logger.getLogger(AcceptHandler.class);

  public Outcome decline(MasterView view, FrameworkEntry fw, Call.Decline decline) {
    Outcome.Builder out = Outcome.builder().count(Counter.MESSAGES_DECLINE_OFFERS);
    Duration refuse = RefusePolicy.requested(decline.filters());
    for (OfferId id : decline.offerIds()) {
      OfferEntry offer = view.offer(id).orElse(null);
      if (offer == null || !offer.frameworkId().equals(fw.id())) {
        LOG.debugf("framework %s declined unknown or foreign offer %s; ignored", fw.id(), id);
        continue;
      }
      out.returnOffer(offer, Why.DECLINED, refuse);
    }
    return out.allocate().reply(CallResult.ACCEPTED);
  }

  /** An ACCEPT from the node's own frameworks, whose launches the authorizer never restricts. */
  public Outcome accept(MasterView view, FrameworkEntry fw, Call.Accept accept) {
    return accept(view, fw, accept, Caller.NODE);
  }

  /**
   * An ACCEPT sent by {@code caller}: each task needs {@code run_tasks} for the user it runs as; a
   * refused one ends TASK_ERROR (REASON_TASK_UNAUTHORIZED, a group's tasks
   * REASON_TASK_GROUP_UNAUTHORIZED) while the call's other operations go on, and what it would have
   * used goes back with the rest.
   */
  public Outcome accept(MasterView view, FrameworkEntry fw, Call.Accept accept, Caller caller) {
    Outcome.Builder out = Outcome.builder();
    List<TaskInfo> tasks = new ArrayList<>();
    for (Call.Operation op : accept.operations()) {
      if (op.type() == Call.Operation.Type.LAUNCH) {
        tasks.addAll(op.launch().taskInfos());
      } else if (op.type() == Call.Operation.Type.LAUNCH_GROUP) {
        tasks.addAll(op.launchGroup().taskGroup().tasks());
      }
    }
    if (!tasks.isEmpty()) {
      out.count(Counter.MESSAGES_LAUNCH_TASKS);
    }
    Duration refuse = RefusePolicy.requested(accept.filters());
    String offerProblem = offerProblem(view, fw, accept.offerIds(), !tasks.isEmpty());
    if (offerProblem != null) {
      LOG.infof("framework %s: ACCEPT with invalid offers: %s", fw.id(), offerProblem);
      for (OfferId id : accept.offerIds()) {
        view.offer(id)
            .filter(o -> o.frameworkId().equals(fw.id()))
            .ifPresent(o -> out.returnOffer(o, Why.RETURNED, refuse));
      }
      for (TaskInfo task : tasks) {
        reject(view, out, fw, task, TaskState.TASK_DROPPED, Reason.INVALID_OFFERS, offerProblem);
      }
      return out.allocate().reply(CallResult.ACCEPTED);
    }
    if (accept.offerIds().isEmpty()) {
      return out.reply(CallResult.ACCEPTED);
    }
    List<OfferEntry> offers = new ArrayList<>();
    for (OfferId id : accept.offerIds()) {
      OfferEntry offer = view.offer(id).orElseThrow(); // offerProblem checked each
      offers.add(offer);
      out.change(new Change.OfferRemoved(id, Why.USED));
    }
    AgentId agentId = offers.get(0).agentId();
    Resources offered = Resources.empty();
    for (OfferEntry o : offers) {
      offered = offered.plus(o.resources());
    }
    AgentEntry agent = view.agent(agentId).orElseThrow(); // offerProblem checked it
    LaunchPlan plan =
        new LaunchPlan(
            fw, agent, offers.get(0).role(), offered, view.config().authorizer(), caller);
    OfferReservations reservations = new OfferReservations(view, out, plan, agent, caller);
    for (Call.Operation op : accept.operations()) {
      boolean isLaunch =
          op.type() == Call.Operation.Type.LAUNCH || op.type() == Call.Operation.Type.LAUNCH_GROUP;
      if (isLaunch && OperationFeedback.idOf(op) != null) {
        // As Mesos: launches have task status updates, not operation feedback.
        String why =
            "An 'id' (operation feedback) is not supported on " + op.type() + " operations";
        OperationFeedback.error(out, fw, agentId, op, why);
        List<TaskInfo> dropped =
            op.type() == Call.Operation.Type.LAUNCH
                ? op.launch().taskInfos()
                : op.launchGroup().taskGroup().tasks();
        dropped.forEach(
            t -> reject(view, out, fw, t, TaskState.TASK_ERROR, Reason.TASK_INVALID, why));
      } else if (op.type() == Call.Operation.Type.LAUNCH) {
        op.launch().taskInfos().forEach(task -> launch(view, out, plan, task));
      } else if (op.type() == Call.Operation.Type.LAUNCH_GROUP) {
        TaskGroupLauncher.launch(view, out, plan, op.launchGroup());
      } else {
        reservations.apply(op);
      }
    }
    if (!plan.available().isEmpty()) {
      out.change(new Change.ResourcesRecovered(fw.id(), agentId, plan.available(), refuse));
    }
    return out.allocate().reply(CallResult.ACCEPTED);
  }

  /** One task of a LAUNCH: a command task, or a task for a custom executor. */
  private static void launch(MasterView view, Outcome.Builder out, LaunchPlan plan, TaskInfo task) {
    FrameworkEntry fw = plan.framework();
    Decision allowed = plan.mayRun(task);
    if (!allowed.allowed()) {
      unauthorized(view, out, fw, task, Reason.TASK_UNAUTHORIZED, allowed.reason());
      return;
    }
    ExecutorValidator.Result executor = null;
    if (task.executor() != null && task.command() == null) {
      executor =
          ExecutorValidator.validate(
              task.executor(),
              fw.id(),
              ExecutorInfo.Type.CUSTOM,
              plan.role(),
              task.executor().executorId() == null
                  ? null
                  : plan.running(task.executor().executorId()));
      if (!executor.valid()) {
        invalid(view, out, fw, task, executor.error());
        return;
      }
    }
    TaskValidator.Result result =
        TaskValidator.validate(task, plan.agentId(), plan.role(), plan.available(), plan.taskIds());
    if (!result.valid()) {
      invalid(view, out, fw, task, result.error());
      return;
    }
    Resources used = result.resources();
    if (executor != null && executor.isNew()) {
      used = used.plus(executor.resources());
      if (!plan.available().contains(used)) {
        invalid(
            view,
            out,
            fw,
            task,
            "Task and its new executor '"
                + executor.info().executorId().value()
                + "' use more resources "
                + used
                + " than available "
                + plan.available());
        return;
      }
      plan.executorStarted(executor.info());
      out.change(
          new Change.ExecutorAdded(fw.id(), plan.agentId(), executor.info(), executor.resources()));
    }
    plan.launched(used, List.of(task.taskId().value()));
    TaskInfo sent = executor == null ? task : task.withExecutor(executor.info());
    out.change(
        new Change.TaskAdded(fw.id(), plan.agentId(), sent, result.resources(), plan.role()));
    out.toAgent(plan.agentId(), AgentEvent.runTask(fw.info(), sent));
    LOG.infof(
        "framework %s: launching task %s on agent %s%s",
        fw.id(),
        task.taskId().value(),
        plan.agentId(),
        executor == null ? "" : " under executor " + executor.info().executorId().value());
  }

  /** Ends a task of a LAUNCH that is invalid: TASK_ERROR, REASON_TASK_INVALID. */
  static void invalid(
      MasterView view, Outcome.Builder out, FrameworkEntry fw, TaskInfo task, String problem) {
    LOG.infof("framework %s: task %s invalid: %s", fw.id(), task.taskId().value(), problem);
    reject(view, out, fw, task, TaskState.TASK_ERROR, Reason.TASK_INVALID, problem);
  }

  /**
   * Ends a task of a LAUNCH or LAUNCH_GROUP that its framework may not run: TASK_ERROR with {@code
   * reason} and the authorizer's reason, which names the principal, the action and the user.
   */
  static void unauthorized(
      MasterView view,
      Outcome.Builder out,
      FrameworkEntry fw,
      TaskInfo task,
      Reason reason,
      String message) {
    LOG.infof("framework %s: task %s not authorized: %s", fw.id(), task.taskId().value(), message);
    reject(view, out, fw, task, TaskState.TASK_ERROR, reason, message);
  }

  /** The reasons a task of an ACCEPT ends before it exists. */
  enum Reason {
    INVALID_OFFERS(TaskStatus.Reason.REASON_INVALID_OFFERS),
    TASK_INVALID(TaskStatus.Reason.REASON_TASK_INVALID),
    TASK_UNAUTHORIZED(TaskStatus.Reason.REASON_TASK_UNAUTHORIZED),
    TASK_GROUP_UNAUTHORIZED(TaskStatus.Reason.REASON_TASK_GROUP_UNAUTHORIZED);

    final TaskStatus.Reason wire;

    Reason(TaskStatus.Reason wire) {
      this.wire = wire;
    }
  }

  /**
   * Ends a task that was never launched: counted (as Mesos counts it) and told to its framework.
   */
  private static void reject(
      MasterView view,
      Outcome.Builder out,
      FrameworkEntry fw,
      TaskInfo task,
      TaskState state,
      Reason reason,
      String message) {
    TaskStatus status =
        TaskStatus.builder(task.taskId(), state)
            .source(TaskStatus.Source.SOURCE_MASTER)
            .reason(reason.wire)
            .message(message)
            .agentId(task.agentId())
            .timestamp(view.nowSeconds())
            .build();
    out.change(new Change.TaskRejected(fw.id(), status));
    out.update(fw, status);
  }

  /**
   * Why these offers cannot be used together by {@code fw}, or null. Checks without taking them.
   */
  private static String offerProblem(
      MasterView view, FrameworkEntry fw, List<OfferId> ids, boolean hasTasks) {
    if (ids.isEmpty()) {
      return hasTasks ? "No offers specified" : null;
    }
    AgentId agent = null;
    String role = null;
    Set<OfferId> seen = new HashSet<>();
    for (OfferId id : ids) {
      OfferEntry offer = view.offer(id).orElse(null);
      if (offer == null) {
        return "Offer " + id.value() + " is no longer valid";
      }
      if (!seen.add(id)) {
        return "Offer " + id.value() + " appears more than once";
      }
      if (!offer.frameworkId().equals(fw.id())) {
        return "Offer " + id.value() + " belongs to another framework";
      }
      if (agent != null && !agent.equals(offer.agentId())) {
        return "Aggregated offers must belong to the same agent";
      }
      if (role != null && !role.equals(offer.role())) {
        return "Aggregated offers must be allocated to the same role";
      }
      agent = offer.agentId();
      role = offer.role();
    }
    AgentEntry entry = view.agent(agent).orElse(null);
    if (entry == null || !entry.offerable()) {
      return "Agent " + agent.value() + " is not available";
    }
    return null;
  }
}
