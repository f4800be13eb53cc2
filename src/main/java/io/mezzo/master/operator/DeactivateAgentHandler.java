package io.mezzo.master.operator;

import io.mezzo.api.v1.master.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentControl;
import io.mezzo.master.registry.AgentEntry;

/**
 * DEACTIVATE_AGENT: no more offers for the agent (outstanding ones are rescinded); its tasks keep
 * running. Durable, and kept when the agent re-registers. Idempotent. 400 for an agent that is not
 * registered. A decider: returns an {@link Outcome}.
 */
public final class DeactivateAgentHandler {

  public Outcome deactivate(MasterView view, Call.AgentRef call) {
    StringBuilder problem = new StringBuilder();
    AgentEntry agent =
        AgentControls.find(view, call == null ? null : call.agentId(), "deactivate_agent", problem);
    if (agent == null) {
      return AgentControls.refuse(problem);
    }
    AgentControl now = view.registry().agentControl(agent.id());
    if (now.stopsOffers()) {
      return Outcome.reply(CallResult.OK); // already deactivated (or draining)
    }
    Outcome.Builder out = Outcome.builder();
    AgentControls.decide(
        view,
        out,
        agent,
        new AgentControl(true, now.drainState(), now.maxGracePeriodNanos(), now.markGone()),
        "deactivated by the operator");
    return out.reply(CallResult.OK);
  }
}
