package io.mezzo.master.operator;

import io.mezzo.api.v1.master.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.Registry;
import org.jboss.logging.Logger;

/**
 * REACTIVATE_AGENT: offers for the agent resume, and a drain (in progress or done) is forgotten.
 * Durable. Idempotent. 400 for an agent that is not registered.
 */
public final class ReactivateAgentHandler {
  private static final Logger LOG = Logger.getLogger(ReactivateAgentHandler.class);
  private final MasterState state;

  public ReactivateAgentHandler(MasterState state) {
    this.state = state;
  }

  public CallResult reactivate(Call.AgentRef call) {
    StringBuilder problem = new StringBuilder();
    AgentEntry agent =
        AgentControls.find(
            state, call == null ? null : call.agentId(), "reactivate_agent", problem);
    if (agent == null) {
      return AgentControls.refuse(problem);
    }
    if (!state.registry().current().agentControl(agent.id()).equals(Registry.AgentControl.NONE)
        || agent.deactivated()) {
      AgentControls.apply(state, agent, Registry.AgentControl.NONE, "reactivated by the operator");
      LOG.infof("agent %s reactivated by the operator", agent.id());
    }
    return CallResult.OK;
  }
}
