package io.mezzo.master.scheduler;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;

/**
 * ACKNOWLEDGE: forwards the acknowledgement to the agent, whose status update manager then sends
 * the task's next update. An acknowledged terminal update lets the master move the task to
 * completed. A decider: returns an {@link Outcome}.
 */
public final class AcknowledgeHandler {
  public Outcome acknowledge(MasterView view, FrameworkEntry fw, Call.Acknowledge ack) {
    if (view.agent(ack.agentId()).isEmpty()) {
      return Outcome.reply(
          CallResult.badRequest(
              "Cannot acknowledge: agent " + ack.agentId().value() + " is unknown"));
    }
    Outcome.Builder out = Outcome.builder().count(Counter.MESSAGES_ACKNOWLEDGEMENTS);
    TaskEntry.TaskKey key = new TaskEntry.TaskKey(fw.id(), ack.taskId());
    TaskEntry task = fw.tasks().get(key);
    if (task != null && ack.uuid().equals(task.pendingUuid())) {
      out.change(new Change.TaskAcknowledged(key));
      if (task.state().isTerminal()) {
        out.change(new Change.TaskCompleted(key));
      }
    }
    out.toAgent(ack.agentId(), AgentEvent.acknowledge(fw.id(), ack.taskId(), ack.uuid()));
    return out.reply(CallResult.ACCEPTED);
  }
}
