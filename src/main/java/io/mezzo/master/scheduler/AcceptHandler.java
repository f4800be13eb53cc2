package io.mezzo.master.scheduler;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.MasterState;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * ACCEPT and DECLINE (a DECLINE is an ACCEPT without operations). Offer problems end every task of
 * the call TASK_LOST (TASK_DROPPED for partition-aware frameworks) with REASON_INVALID_OFFERS; task
 * problems end that task TASK_ERROR with REASON_TASK_INVALID; valid tasks go to the agent. Whatever
 * the offers held and no task took goes back to the allocator under the call's refuse filter.
 */
public final class AcceptHandler {
  private static final Logger LOG = Logger.getLogger(AcceptHandler.class);
  static final double MAX_REFUSE_SECONDS = 365.0 * 24 * 3600;
  private final MasterState state;

  public AcceptHandler(MasterState state) {
    this.state = state;
  }

  public CallResult decline(FrameworkEntry fw, Call.Decline decline) {
    state.metrics().increment(Counter.MESSAGES_DECLINE_OFFERS);
    Duration refuse = refuseDuration(decline.filters());
    for (OfferId id : decline.offerIds()) {
      OfferEntry offer = state.offers().get(id);
      if (offer == null || !offer.frameworkId().equals(fw.id())) {
        LOG.debugf("framework %s declined unknown or foreign offer %s; ignored", fw.id(), id);
        continue;
      }
      state.returnOffer(state.takeOffer(id), refuse);
    }
    state.requestAllocation();
    return CallResult.ACCEPTED;
  }

  public CallResult accept(FrameworkEntry fw, Call.Accept accept) {
    List<TaskInfo> tasks = new ArrayList<>();
    for (Call.Operation op : accept.operations()) {
      if (op.type() == Call.Operation.Type.LAUNCH) {
        tasks.addAll(op.launch().taskInfos());
      }
    }
    if (!tasks.isEmpty()) {
      state.metrics().increment(Counter.MESSAGES_LAUNCH_TASKS);
    }
    Duration refuse = refuseDuration(accept.filters());
    String offerProblem = offerProblem(fw, accept.offerIds(), !tasks.isEmpty());
    if (offerProblem != null) {
      LOG.infof("framework %s: ACCEPT with invalid offers: %s", fw.id(), offerProblem);
      for (OfferId id : accept.offerIds()) {
        OfferEntry offer = state.offers().get(id);
        if (offer != null && offer.frameworkId().equals(fw.id())) {
          state.returnOffer(state.takeOffer(id), refuse);
        }
      }
      for (TaskInfo task : tasks) {
        state.sendUpdate(
            fw,
            TaskStatus.builder(task.taskId(), TaskState.TASK_DROPPED)
                .source(TaskStatus.Source.SOURCE_MASTER)
                .reason(TaskStatus.Reason.REASON_INVALID_OFFERS)
                .message(offerProblem)
                .agentId(task.agentId())
                .timestamp(state.nowSeconds())
                .build());
      }
      state.requestAllocation();
      return CallResult.ACCEPTED;
    }
    if (accept.offerIds().isEmpty()) {
      return CallResult.ACCEPTED;
    }
    List<OfferEntry> offers = new ArrayList<>();
    for (OfferId id : accept.offerIds()) {
      offers.add(state.takeOffer(id));
    }
    AgentId agentId = offers.get(0).agentId();
    String role = offers.get(0).role();
    Resources available = Resources.empty();
    for (OfferEntry o : offers) {
      available = available.plus(o.resources());
    }
    AgentEntry agent = state.agent(agentId).orElseThrow();
    Set<String> taskIds = new HashSet<>();
    fw.tasks().values().stream()
        .filter(t -> !t.state().isTerminal())
        .forEach(t -> taskIds.add(t.taskId().value()));
    for (TaskInfo task : tasks) {
      TaskValidator.Result result = TaskValidator.validate(task, agentId, role, available, taskIds);
      if (!result.valid()) {
        LOG.infof(
            "framework %s: task %s invalid: %s", fw.id(), task.taskId().value(), result.error());
        state.sendUpdate(
            fw,
            TaskStatus.builder(task.taskId(), TaskState.TASK_ERROR)
                .source(TaskStatus.Source.SOURCE_MASTER)
                .reason(TaskStatus.Reason.REASON_TASK_INVALID)
                .message(result.error())
                .agentId(task.agentId())
                .timestamp(state.nowSeconds())
                .build());
        continue;
      }
      available = available.minus(result.resources());
      taskIds.add(task.taskId().value());
      TaskEntry entry = new TaskEntry(fw.id(), agentId, task, result.resources(), role);
      fw.tasks().put(entry.key(), entry);
      agent.tasks().put(entry.key(), entry);
      state.observers().taskAdded(entry);
      agent.send(AgentEvent.runTask(fw.info(), task));
      LOG.infof(
          "framework %s: launching task %s on agent %s", fw.id(), task.taskId().value(), agentId);
    }
    if (!available.isEmpty()) {
      state.returnOffer(
          new OfferEntry(offers.get(0).id(), fw.id(), agentId, role, available, state.now(), null),
          refuse);
    }
    state.requestAllocation();
    return CallResult.ACCEPTED;
  }

  /**
   * Why these offers cannot be used together by {@code fw}, or null. Checks without taking them.
   */
  private String offerProblem(FrameworkEntry fw, List<OfferId> ids, boolean hasTasks) {
    if (ids.isEmpty()) {
      return hasTasks ? "No offers specified" : null;
    }
    AgentId agent = null;
    String role = null;
    for (OfferId id : ids) {
      OfferEntry offer = state.offers().get(id);
      if (offer == null) {
        return "Offer " + id.value() + " is no longer valid";
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
    AgentEntry entry = state.agents().get(agent);
    if (entry == null || !entry.offerable()) {
      return "Agent " + agent.value() + " is not available";
    }
    return null;
  }

  /** Mesos filter rules: default 5 s, negative → 5 s, 0 → no filter, capped at 365 days. */
  static Duration refuseDuration(Filters filters) {
    double seconds = filters == null ? Filters.DEFAULT_REFUSE_SECONDS : filters.refuseSeconds();
    if (Double.isNaN(seconds) || seconds < 0) {
      seconds = Filters.DEFAULT_REFUSE_SECONDS;
    }
    if (seconds == 0) {
      return null;
    }
    return Duration.ofMillis((long) (Math.min(seconds, MAX_REFUSE_SECONDS) * 1000));
  }
}
