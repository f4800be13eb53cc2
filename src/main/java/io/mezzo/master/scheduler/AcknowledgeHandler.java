package io.mezzo.master.scheduler;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;

/**
 * ACKNOWLEDGE: forwards the acknowledgement to the agent, whose status update manager then sends
 * the task's next update. An acknowledged terminal update lets the master move the task to
 * completed.
 */
public final class AcknowledgeHandler {
  private final MasterState state;

  public AcknowledgeHandler(MasterState state) {
    this.state = state;
  }

  public CallResult acknowledge(FrameworkEntry fw, Call.Acknowledge ack) {
    AgentEntry agent = state.agents().get(ack.agentId());
    if (agent == null) {
      return CallResult.badRequest(
          "Cannot acknowledge: agent " + ack.agentId().value() + " is unknown");
    }
    state.metrics().increment(Counter.MESSAGES_ACKNOWLEDGEMENTS);
    TaskEntry task = fw.tasks().get(new TaskEntry.TaskKey(fw.id(), ack.taskId()));
    if (task != null && ack.uuid().equals(task.pendingUuid())) {
      task.clearPendingUuid();
      if (task.state().isTerminal()) {
        state.completeTask(task);
      }
    }
    agent.send(AgentEvent.acknowledge(fw.id(), ack.taskId(), ack.uuid()));
    return CallResult.ACCEPTED;
  }
}
