package io.mezzo.master.operator;

import io.mezzo.api.v1.master.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.Registry;
import org.jboss.logging.Logger;

/**
 * DEACTIVATE_AGENT: no more offers for the agent (outstanding ones are rescinded); its tasks keep
 * running. Durable, and kept when the agent re-registers. Idempotent. 400 for an agent that is not
 * registered.
 */
public final class DeactivateAgentHandler {
  private static final Logger LOG = Logger.getLogger(DeactivateAgentHandler.class);
  private final MasterState state;

  public DeactivateAgentHandler(MasterState state) {
    this.state = state;
  }

  public CallResult deactivate(Call.AgentRef call) {
    StringBuilder problem = new StringBuilder();
    AgentEntry agent =
        AgentControls.find(
            state, call == null ? null : call.agentId(), "deactivate_agent", problem);
    if (agent == null) {
      return AgentControls.refuse(problem);
    }
    Registry.AgentControl now = state.registry().current().agentControl(agent.id());
    if (!now.stopsOffers()) {
      AgentControls.apply(
          state,
          agent,
          new Registry.AgentControl(
              true, now.drainState(), now.maxGracePeriodNanos(), now.markGone()),
          "deactivated by the operator");
      LOG.infof("agent %s deactivated by the operator", agent.id());
    }
    return CallResult.OK;
  }
}
