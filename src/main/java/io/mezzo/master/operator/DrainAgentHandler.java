package io.mezzo.master.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.DrainInfo;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.master.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterObserver;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import org.jboss.logging.Logger;

/**
 * DRAIN_AGENT (MESOS-API.md §4.2): the agent gets no more offers and its tasks are killed, with at
 * most {@code max_grace_period} between SIGTERM and SIGKILL.
 *
 * <pre>
 *   DRAIN_AGENT ──▶ DRAINING ──last task ended──▶ DRAINED ──(mark_gone)──▶ agent GONE
 *        REACTIVATE_AGENT (either state) ──▶ no drain, offers resume
 * </pre>
 *
 * The drain is durable (the registry keeps it across re-registrations and master restarts). Kills
 * go to the agent when the drain starts and again whenever it re-registers while draining. As an
 * observer, the handler notices the last task of a draining agent ending and queues the DRAINED
 * step on the master's context (observers must not persist). A second DRAIN_AGENT replaces the
 * config.
 */
public final class DrainAgentHandler implements MasterObserver {
  private static final Logger LOG = Logger.getLogger(DrainAgentHandler.class);
  private final MasterState state;
  private final MarkAgentGoneHandler markGone;

  public DrainAgentHandler(MasterState state, MarkAgentGoneHandler markGone) {
    this.state = state;
    this.markGone = markGone;
  }

  public CallResult drain(Call.DrainAgent call) {
    StringBuilder problem = new StringBuilder();
    AgentEntry agent =
        AgentControls.find(state, call == null ? null : call.agentId(), "drain_agent", problem);
    if (agent == null) {
      return AgentControls.refuse(problem);
    }
    Long grace;
    try {
      grace = graceNanos(call.maxGracePeriod());
    } catch (IllegalArgumentException e) {
      return CallResult.badRequest(e.getMessage());
    }
    boolean gone = Boolean.TRUE.equals(call.markGone());
    AgentControls.apply(
        state,
        agent,
        new Registry.AgentControl(true, DrainInfo.DrainState.DRAINING, grace, gone),
        "is draining");
    LOG.infof("agent %s draining (max grace period %s ns, mark gone %s)", agent.id(), grace, gone);
    killTasks(agent, grace);
    checkDrained(agent.id());
    return CallResult.OK;
  }

  /**
   * {@code google.protobuf.Duration} as Mesos writes it, {@code {"seconds": N, "nanos": N}}; the
   * proto3 string form {@code "10s"} is accepted too.
   *
   * @return nanoseconds, or null when absent
   * @throws IllegalArgumentException naming the field, for anything else or a negative duration
   */
  static Long graceNanos(JsonNode d) {
    if (d == null || d.isNull()) {
      return null;
    }
    long nanos;
    if (d.isTextual() && d.asText().matches("\\d+(\\.\\d{1,9})?s")) {
      nanos =
          Math.round(Double.parseDouble(d.asText().substring(0, d.asText().length() - 1)) * 1e9);
    } else if (d.isObject()
        && (d.path("seconds").canConvertToLong() || d.path("seconds").isMissingNode())
        && (d.path("nanos").canConvertToLong() || d.path("nanos").isMissingNode())) {
      nanos = d.path("seconds").asLong(0) * 1_000_000_000L + d.path("nanos").asLong(0);
    } else {
      throw new IllegalArgumentException(
          "'drain_agent.max_grace_period' must be {\"seconds\": N, \"nanos\": N}, got " + d);
    }
    if (nanos < 0) {
      throw new IllegalArgumentException(
          "'drain_agent.max_grace_period' must not be negative, got " + d);
    }
    return nanos;
  }

  private void killTasks(AgentEntry agent, Long graceNanos) {
    if (agent.state() != AgentEntry.State.CONNECTED) {
      return; // sent when it re-registers
    }
    for (TaskEntry t : agent.tasks().values()) {
      if (t.state().isTerminal()) {
        continue;
      }
      KillPolicy policy = t.info().killPolicy();
      if (graceNanos != null) {
        long own =
            policy == null
                    || policy.gracePeriod() == null
                    || policy.gracePeriod().nanoseconds() == null
                ? Long.MAX_VALUE
                : policy.gracePeriod().nanoseconds();
        policy = new KillPolicy(new DurationInfo(Math.min(own, graceNanos)));
      }
      agent.send(AgentEvent.killTask(t.frameworkId(), t.taskId(), policy));
    }
  }

  /** DRAINING → DRAINED once no task of the agent is alive; then marks it gone if asked to. */
  void checkDrained(AgentId id) {
    AgentEntry agent = state.agents().get(id);
    Registry.AgentControl control = state.registry().current().agentControl(id);
    if (agent == null || !control.draining() || agent.state() == AgentEntry.State.GONE) {
      return;
    }
    boolean alive = agent.tasks().values().stream().anyMatch(t -> !t.state().isTerminal());
    if (alive) {
      return;
    }
    state.saveRegistry(
        state
            .registry()
            .current()
            .withAgentControl(
                id,
                new Registry.AgentControl(
                    true,
                    DrainInfo.DrainState.DRAINED,
                    control.maxGracePeriodNanos(),
                    control.markGone())));
    LOG.infof("agent %s drained", id);
    if (Boolean.TRUE.equals(control.markGone())) {
      markGone.markGone(agent, "marked gone after draining");
    }
  }

  @Override
  public void taskUpdated(TaskEntry task, TaskStatus status) {
    if (status.state().isTerminal()
        && state.registry().current().agentControl(task.agentId()).draining()) {
      AgentId id = task.agentId();
      state.execute(() -> checkDrained(id));
    }
  }

  @Override
  public void agentReregistered(AgentEntry agent) {
    Registry.AgentControl control = state.registry().current().agentControl(agent.id());
    if (control.draining()) {
      // The kills themselves are the registrar's: they must follow REGISTERED, which goes out
      // after observers hear of the re-registration.
      AgentId id = agent.id();
      state.execute(() -> checkDrained(id));
    }
  }
}
