package io.mezzo.master.operator;

import io.mezzo.api.v1.master.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentControl;
import io.mezzo.master.registry.AgentEntry;

/**
 * REACTIVATE_AGENT: offers for the agent resume, and a drain (in progress or done) is forgotten.
 * Durable. Idempotent. 400 for an agent that is not registered. A decider: returns an {@link
 * Outcome}.
 */
public final class ReactivateAgentHandler {

  public Outcome reactivate(MasterView view, Call.AgentRef call) {
    StringBuilder problem = new StringBuilder();
    AgentEntry agent =
        AgentControls.find(view, call == null ? null : call.agentId(), "reactivate_agent", problem);
    if (agent == null) {
      return AgentControls.refuse(problem);
    }
    if (view.registry().agentControl(agent.id()).equals(AgentControl.NONE)
        && !agent.deactivated()) {
      return Outcome.reply(CallResult.OK); // nothing to undo
    }
    Outcome.Builder out = Outcome.builder();
    AgentControls.decide(view, out, agent, AgentControl.NONE, "reactivated by the operator");
    return out.reply(CallResult.OK);
  }
}
