package io.mezzo.master.agents;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.security.Caller;
import java.util.Optional;

/**
 * An agent's calls on its link other than SUBSCRIBE, decided: unless the caller is the node itself,
 * the call must carry the link secret of the agent it names ({@link AgentSecrets}); then the
 * handler of its type. A decider: the master applies the outcome.
 */
public final class AgentCalls {
  private final AgentHealthMonitor health;
  private final StatusUpdateHandler statusUpdates = new StatusUpdateHandler();
  private final ExecutorEventHandler executorEvents = new ExecutorEventHandler();

  /**
   * @param health shared with the master's liveness loops
   */
  public AgentCalls(AgentHealthMonitor health) {
    this.health = health;
  }

  /** A validated call (see {@link AgentCallValidator}) from {@code caller}. */
  public Outcome decide(MasterView view, AgentCall call, Caller caller) {
    if (!caller.node() && call.type() != AgentCall.Type.SUBSCRIBE) {
      Optional<String> refusal =
          view.registry()
              .agent(call.agentId())
              .flatMap(
                  a -> AgentSecrets.refusal(call.agentId().value(), a.secretHash(), call.secret()));
      if (refusal.isPresent()) {
        return Outcome.reply(CallResult.forbidden(refusal.get()));
      }
    }
    return switch (call.type()) {
      case HEARTBEAT -> health.heartbeat(view, call);
      case STATUS_UPDATE -> statusUpdates.update(view, call);
      case EXECUTOR_TO_FRAMEWORK -> executorEvents.executorToFramework(view, call);
      case EXITED_EXECUTOR -> executorEvents.exitedExecutor(view, call);
      case SUBSCRIBE ->
          Outcome.reply(
              CallResult.badRequest("SUBSCRIBE opens a stream; send it on its own connection"));
      default -> Outcome.reply(CallResult.notImplemented("Unknown agent call type " + call.type()));
    };
  }
}
