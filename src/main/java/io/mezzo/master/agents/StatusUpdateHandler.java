package io.mezzo.master.agents;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import io.mezzo.master.registry.TaskStateMachine;
import org.jboss.logging.Logger;

/**
 * A status update from an agent: the master records the task's new state, returns the resources of
 * a task that ended, and forwards the update to the framework if it is connected. Otherwise the
 * update is dropped and the agent retries it, except for a removed framework, whose updates the
 * master acknowledges itself so the agent's stream drains. A decider: returns an {@link Outcome}.
 */
public final class StatusUpdateHandler {
  private static final Logger LOG = Logger.getLogger(StatusUpdateHandler.class);

  public Outcome update(MasterView view, AgentCall call) {
    AgentCall.Update u = call.update(); // AgentCallValidator checked its structure
    TaskStatus status =
        u.status().agentId() == null ? u.status().withAgentId(call.agentId()) : u.status();
    AgentEntry agent = view.agent(call.agentId()).orElse(null);
    if (agent == null || agent.state() != AgentEntry.State.CONNECTED) {
      return Outcome.reply(
          CallResult.badRequest(
              "Agent " + call.agentId() + " is not registered; re-register first"));
    }
    Outcome.Builder out = Outcome.builder();
    TaskEntry.TaskKey key = new TaskEntry.TaskKey(u.frameworkId(), status.taskId());
    TaskEntry task = agent.tasks().get(key);
    if (task == null) {
      return notItsTask(view, agent, key, status);
    }
    // The same guard TaskEntry.record applies, decided here so the counters are right.
    if (task.latest() == null || TaskStateMachine.canTransition(task.state(), status.state())) {
      out.count(Counter.VALID_STATUS_UPDATES);
      out.change(new Change.TaskUpdated(key, status, true));
    } else {
      out.count(Counter.INVALID_STATUS_UPDATES);
      LOG.warnf(
          "task %s: ignoring update %s after %s", status.taskId(), status.state(), task.state());
    }
    boolean removed =
        view.completedFrameworks().stream().anyMatch(f -> f.id().equals(u.frameworkId()));
    FrameworkEntry fw = view.framework(u.frameworkId()).orElse(null);
    if (removed && fw == null) {
      acknowledgeForFramework(out, agent, key, status);
      return out.reply(CallResult.ACCEPTED);
    }
    if (fw != null && fw.connected()) {
      out.update(fw, status);
    }
    if (status.uuid() == null && status.state().isTerminal()) {
      out.change(new Change.TaskCompleted(key));
    }
    return out.reply(CallResult.ACCEPTED);
  }

  /**
   * The calling agent does not run the task. An agent reports only what the master sent it: an
   * update for a task that lives on another agent is forged, and is refused before it can touch
   * that task or reach its framework. An update for a task that is live nowhere is a late copy of
   * one the framework already acknowledged (the task ended and was removed): the master
   * acknowledges it itself so the agent's stream drains, and the framework is not told twice.
   */
  private static Outcome notItsTask(
      MasterView view, AgentEntry agent, TaskEntry.TaskKey key, TaskStatus status) {
    TaskEntry elsewhere = view.task(key).orElse(null);
    if (elsewhere != null) {
      LOG.warnf(
          "agent %s sent %s for task %s of framework %s, which runs on agent %s: refused",
          agent.id(), status.state(), key.taskId(), key.frameworkId(), elsewhere.agentId());
      return Outcome.builder()
          .count(Counter.INVALID_STATUS_UPDATES)
          .reply(
              CallResult.forbidden(
                  "Task '"
                      + key.taskId().value()
                      + "' of framework '"
                      + key.frameworkId().value()
                      + "' was not sent to agent "
                      + agent.id().value()
                      + "; an agent reports only its own tasks"));
    }
    Outcome.Builder out = Outcome.builder().count(Counter.INVALID_STATUS_UPDATES);
    LOG.debugf(
        "agent %s: %s for task %s, which is not live, acknowledged by the master",
        agent.id(), status.state(), key.taskId());
    acknowledgeForFramework(out, agent, key, status);
    return out.reply(CallResult.ACCEPTED);
  }

  private static void acknowledgeForFramework(
      Outcome.Builder out, AgentEntry agent, TaskEntry.TaskKey key, TaskStatus status) {
    if (status.uuid() != null) {
      out.toAgent(
          agent.id(), AgentEvent.acknowledge(key.frameworkId(), key.taskId(), status.uuid()));
    }
  }
}
