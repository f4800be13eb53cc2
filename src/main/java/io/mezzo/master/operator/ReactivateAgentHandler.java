package io.mezzo.master.operator;

import io.mezzo.api.v1.master.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.maintenance.MachineAgents;
import io.mezzo.master.maintenance.MaintenanceHandler;
import io.mezzo.master.registry.AgentControl;
import io.mezzo.master.registry.AgentEntry;
import java.util.Optional;

/**
 * REACTIVATE_AGENT: offers for the agent resume, and a drain (in progress or done) is forgotten.
 * Durable. Idempotent. 400 for an agent that is not registered, or whose machine is DOWN for
 * maintenance. A decider: returns an {@link Outcome}.
 */
public final class ReactivateAgentHandler {

  public Outcome reactivate(MasterView view, Call.AgentRef call) {
    StringBuilder problem = new StringBuilder();
    AgentEntry agent =
        AgentControls.find(view, call == null ? null : call.agentId(), "reactivate_agent", problem);
    if (agent == null) {
      return AgentControls.refuse(problem);
    }
    Optional<String> down =
        MaintenanceHandler.registrationRefusal(
            view.registry().maintenance(), agent.info().hostname(), MachineAgents.ipOf(agent));
    if (down.isPresent()) {
      // Its machine is DOWN: only STOP_MAINTENANCE brings its agents back into the pool.
      return Outcome.reply(CallResult.badRequest(down.get()));
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
