package io.mezzo.master.scheduler;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import org.jboss.logging.Logger;

/**
 * KILL: forwards the kill to the task's agent. A task the master does not know is reconciled
 * explicitly instead, so the framework learns what the master can say about it (MESOS-API.md
 * §2.10). A decider: returns an {@link Outcome}.
 */
public final class KillHandler {
  private static final Logger LOG = Logger.getLogger(KillHandler.class);
  private final ReconcileHandler reconcile;

  public KillHandler(ReconcileHandler reconcile) {
    this.reconcile = reconcile;
  }

  public Outcome kill(MasterView view, FrameworkEntry fw, Call.Kill kill) {
    Outcome.Builder out = Outcome.builder().count(Counter.MESSAGES_KILL_TASK);
    TaskEntry task = fw.tasks().get(new TaskEntry.TaskKey(fw.id(), kill.taskId()));
    if (task == null) {
      reconcile.explicit(view, out, fw, kill.taskId(), kill.agentId());
      return out.reply(CallResult.ACCEPTED);
    }
    if (task.state().isTerminal()) {
      return out.reply(CallResult.ACCEPTED);
    }
    AgentEntry agent = view.agent(task.agentId()).orElse(null);
    if (agent == null || agent.state() != AgentEntry.State.CONNECTED) {
      LOG.infof(
          "kill of task %s deferred: agent %s is not connected; it is killed when the agent returns",
          task.taskId(), task.agentId());
      return out.reply(CallResult.ACCEPTED);
    }
    out.toAgent(
        agent.id(),
        AgentEvent.killTask(
            fw.id(),
            task.taskId(),
            kill.killPolicy() != null ? kill.killPolicy() : task.info().killPolicy()));
    return out.reply(CallResult.ACCEPTED);
  }
}
