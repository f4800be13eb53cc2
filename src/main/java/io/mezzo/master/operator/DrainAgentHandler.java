package io.mezzo.master.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.DrainInfo;
import io.mezzo.api.v1.master.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentControl;
import io.mezzo.master.registry.AgentEntry;
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
 * go to the agent when the drain starts and again whenever it re-registers while draining. A
 * decider: returns an {@link Outcome}; {@link DrainWatcher} runs {@link #checkDrained} and {@link
 * #reregistered} when a task of a draining agent ends or the agent comes back. A second DRAIN_AGENT
 * replaces the config.
 */
public final class DrainAgentHandler {
  private static final Logger LOG = Logger.getLogger(DrainAgentHandler.class);

  public Outcome drain(MasterView view, Call.DrainAgent call) {
    StringBuilder problem = new StringBuilder();
    AgentEntry agent =
        AgentControls.find(view, call == null ? null : call.agentId(), "drain_agent", problem);
    if (agent == null) {
      return AgentControls.refuse(problem);
    }
    Long grace;
    try {
      grace = graceNanos(call.maxGracePeriod());
    } catch (IllegalArgumentException e) {
      return Outcome.reply(CallResult.badRequest(e.getMessage()));
    }
    boolean gone = Boolean.TRUE.equals(call.markGone());
    AgentControl control = new AgentControl(true, DrainInfo.DrainState.DRAINING, grace, gone);
    Outcome.Builder out = Outcome.builder();
    AgentControls.decide(view, out, agent, control, "is draining");
    LOG.infof("agent %s draining (max grace period %s ns, mark gone %s)", agent.id(), grace, gone);
    killTasks(out, agent, control);
    drainedIfIdle(view, out, agent, control, false);
    return out.reply(CallResult.OK);
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

  private static void killTasks(Outcome.Builder out, AgentEntry agent, AgentControl control) {
    if (agent.state() != AgentEntry.State.CONNECTED) {
      return; // sent by the registrar, after REGISTERED, when it re-registers
    }
    for (TaskEntry t : agent.tasks().values()) {
      if (!t.state().isTerminal()) {
        out.toAgent(
            agent.id(),
            AgentEvent.killTask(t.frameworkId(), t.taskId(), control.drainKillPolicy(t.info())));
      }
    }
  }

  /** DRAINING → DRAINED once no task of the agent is alive; then marks it gone if asked to. */
  public Outcome checkDrained(MasterView view, AgentId id) {
    AgentEntry agent = view.agent(id).orElse(null);
    if (agent == null) {
      return Outcome.none();
    }
    Outcome.Builder out = Outcome.builder();
    drainedIfIdle(view, out, agent, view.registry().agentControl(id), true);
    return out.reply(CallResult.OK);
  }

  /**
   * @param control the agent's control as this outcome leaves it so far
   * @param rescindOffers false when this outcome already rescinded the agent's offers
   */
  private static void drainedIfIdle(
      MasterView view,
      Outcome.Builder out,
      AgentEntry agent,
      AgentControl control,
      boolean rescindOffers) {
    if (!control.draining() || agent.state() == AgentEntry.State.GONE) {
      return;
    }
    if (agent.tasks().values().stream().anyMatch(t -> !t.state().isTerminal())) {
      return;
    }
    out.persist(
        out.registryOr(view.registry())
            .withAgentControl(
                agent.id(),
                new AgentControl(
                    true,
                    DrainInfo.DrainState.DRAINED,
                    control.maxGracePeriodNanos(),
                    control.markGone())));
    LOG.infof("agent %s drained", agent.id());
    if (Boolean.TRUE.equals(control.markGone())) {
      MarkAgentGoneHandler.markGone(view, out, agent, "marked gone after draining", rescindOffers);
    }
  }
}
