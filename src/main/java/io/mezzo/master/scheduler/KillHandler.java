package io.mezzo.master.scheduler;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import org.jboss.logging.Logger;

/**
 * KILL: forwards the kill to the task's agent. A task the master does not know is reconciled
 * explicitly instead, so the framework learns what the master can say about it (MESOS-API.md
 * §2.10).
 */
public final class KillHandler {
  private static final Logger LOG = Logger.getLogger(KillHandler.class);
  private final MasterState state;
  private final ReconcileHandler reconcile;

  public KillHandler(MasterState state, ReconcileHandler reconcile) {
    this.state = state;
    this.reconcile = reconcile;
  }

  public CallResult kill(FrameworkEntry fw, Call.Kill kill) {
    state.metrics().increment(Counter.MESSAGES_KILL_TASK);
    TaskEntry task = fw.tasks().get(new TaskEntry.TaskKey(fw.id(), kill.taskId()));
    if (task == null) {
      reconcile.explicit(fw, kill.taskId(), kill.agentId());
      return CallResult.ACCEPTED;
    }
    if (task.state().isTerminal()) {
      return CallResult.ACCEPTED;
    }
    AgentEntry agent = state.agents().get(task.agentId());
    if (agent == null || agent.state() != AgentEntry.State.CONNECTED) {
      LOG.infof(
          "kill of task %s deferred: agent %s is not connected; it is killed when the agent returns",
          task.taskId(), task.agentId());
      return CallResult.ACCEPTED;
    }
    agent.send(
        AgentEvent.killTask(
            fw.id(),
            task.taskId(),
            kill.killPolicy() != null ? kill.killPolicy() : task.info().killPolicy()));
    return CallResult.ACCEPTED;
  }
}
