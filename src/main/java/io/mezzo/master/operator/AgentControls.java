package io.mezzo.master.operator;

import io.mezzo.api.v1.AgentId;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentControl;
import io.mezzo.master.registry.AgentEntry;

/**
 * What the agent-control deciders (deactivate, reactivate, drain) share: finding a controllable
 * agent with a reason when there is none, and deciding a control (durable first, then the
 * allocator's view of the agent).
 */
final class AgentControls {
  private AgentControls() {}

  /**
   * The agent, if it is registered (connected or disconnected); else why it cannot be controlled.
   */
  static AgentEntry find(MasterView view, AgentId id, String field, StringBuilder problem) {
    if (id == null || id.value() == null) {
      problem.append("Expecting '").append(field).append(".agent_id' to be present");
      return null;
    }
    AgentEntry agent = view.agent(id).orElse(null);
    if (agent == null) {
      problem.append("Agent ").append(id.value()).append(" is not registered with this master");
      return null;
    }
    if (agent.state() == AgentEntry.State.UNREACHABLE || agent.state() == AgentEntry.State.GONE) {
      problem
          .append("Agent ")
          .append(id.value())
          .append(" is ")
          .append(agent.state().name().toLowerCase());
      return null;
    }
    return agent;
  }

  static Outcome refuse(StringBuilder problem) {
    return Outcome.reply(CallResult.badRequest(problem.toString()));
  }

  /**
   * Decides {@code control} into {@code out}: it is made durable, then offers for the agent stop
   * (outstanding ones rescinded) or resume accordingly.
   */
  static void decide(
      MasterView view, Outcome.Builder out, AgentEntry agent, AgentControl control, String why) {
    out.persist(out.registryOr(view.registry()).withAgentControl(agent.id(), control));
    if (control.stopsOffers()) {
      // Deactivated first, so the rescinded offers' resources are not offered again at once.
      out.change(new Change.AgentDeactivated(agent.id(), why));
      agent.offers().forEach(id -> view.offer(id).ifPresent(out::rescind));
      return;
    }
    out.change(new Change.AgentReactivated(agent.id(), why));
    if (agent.deactivated() && agent.state() == AgentEntry.State.CONNECTED) {
      out.allocate();
    }
  }
}
