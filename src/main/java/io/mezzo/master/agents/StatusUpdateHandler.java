package io.mezzo.master.agents;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import org.jboss.logging.Logger;

/**
 * A status update from an agent: the master records the task's new state, returns the resources of
 * a task that ended, and forwards the update to the framework if it is connected. Otherwise the
 * update is dropped and the agent retries it, except for a removed framework, whose updates the
 * master acknowledges itself so the agent's stream drains.
 */
public final class StatusUpdateHandler {
  private static final Logger LOG = Logger.getLogger(StatusUpdateHandler.class);
  private final MasterState state;

  public StatusUpdateHandler(MasterState state) {
    this.state = state;
  }

  public CallResult update(AgentCall call) {
    AgentCall.Update u = call.update(); // AgentCallValidator checked its structure
    TaskStatus status =
        u.status().agentId() == null ? u.status().withAgentId(call.agentId()) : u.status();
    AgentEntry agent = state.agents().get(call.agentId());
    if (agent == null || agent.state() != AgentEntry.State.CONNECTED) {
      return CallResult.badRequest(
          "Agent " + call.agentId() + " is not registered; re-register first");
    }
    TaskEntry task = agent.tasks().get(new TaskEntry.TaskKey(u.frameworkId(), status.taskId()));
    if (task != null) {
      TaskState before = task.latest() == null ? null : task.state();
      if (task.record(status)) {
        state.metrics().increment(Counter.VALID_STATUS_UPDATES);
        if (before != status.state()) {
          state.taskUpdated(task, status, before != null && before.isTerminal());
        }
        if (status.state().isTerminal()) {
          state.releaseTaskResources(task);
        }
      } else {
        state.metrics().increment(Counter.INVALID_STATUS_UPDATES);
        LOG.warnf(
            "task %s: ignoring update %s after %s", status.taskId(), status.state(), task.state());
      }
    }
    boolean removed =
        state.completedFrameworks().stream().anyMatch(f -> f.id().equals(u.frameworkId()));
    FrameworkEntry fw = state.frameworks().get(u.frameworkId());
    if (removed && fw == null) {
      if (status.uuid() != null) {
        agent.send(AgentEvent.acknowledge(u.frameworkId(), status.taskId(), status.uuid()));
      }
      return CallResult.ACCEPTED;
    }
    if (fw != null && fw.connected()) {
      state.sendUpdate(fw, status);
    }
    if (task != null && status.uuid() == null && status.state().isTerminal()) {
      state.completeTask(task);
    }
    return CallResult.ACCEPTED;
  }
}
