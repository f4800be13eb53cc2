package io.mezzo.master.operator;

import io.mezzo.api.v1.AgentId;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.Registry;
import java.util.ArrayList;

/**
 * What the agent-control handlers (deactivate, reactivate, drain) share: finding a controllable
 * agent with a reason when there is none, and making a control durable before applying it.
 */
final class AgentControls {
  private AgentControls() {}

  /**
   * The agent, if it is registered (connected or disconnected); else why it cannot be controlled.
   */
  static AgentEntry find(MasterState state, AgentId id, String field, StringBuilder problem) {
    if (id == null || id.value() == null) {
      problem.append("Expecting '").append(field).append(".agent_id' to be present");
      return null;
    }
    AgentEntry agent = state.agents().get(id);
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

  static CallResult refuse(StringBuilder problem) {
    return CallResult.badRequest(problem.toString());
  }

  /** Makes {@code control} durable, then stops (or resumes) offers for the agent accordingly. */
  static void apply(
      MasterState state, AgentEntry agent, Registry.AgentControl control, String why) {
    state.saveRegistry(state.registry().current().withAgentControl(agent.id(), control));
    boolean wasDeactivated = agent.deactivated();
    agent.deactivated(control.stopsOffers());
    if (control.stopsOffers()) {
      state.allocator().deactivateAgent(agent.id().value());
      state.rescindOffers(new ArrayList<>(agent.offers()), "agent " + agent.id() + " " + why);
    } else if (wasDeactivated && agent.state() == AgentEntry.State.CONNECTED) {
      // A disconnected agent stays out of the allocator until it re-registers.
      state.allocator().activateAgent(agent.id().value());
      state.requestAllocation();
    }
  }
}
