package io.mezzo.master.scheduler;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.ExecutorEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import org.jboss.logging.Logger;

/**
 * The scheduler calls addressed to one of its executors: MESSAGE (opaque bytes, forwarded to the
 * agent as FRAMEWORK_TO_EXECUTOR) and SHUTDOWN (SHUTDOWN_EXECUTOR). The agent must be registered
 * and connected and the executor known there for the framework: a custom or default executor the
 * master booked, or the command executor of a live command task (whose id is the task's, as in
 * Mesos). Otherwise 400 naming what is unknown, and nothing is sent. A decider: returns an {@link
 * Outcome}.
 */
public final class ExecutorCallHandler {
  private static final Logger LOG = Logger.getLogger(ExecutorCallHandler.class);

  public Outcome message(MasterView view, FrameworkEntry fw, Call.Message message) {
    Outcome.Builder out = Outcome.builder().count(Counter.MESSAGES_FRAMEWORK_TO_EXECUTOR);
    String problem = unknown(view, fw, message.agentId(), message.executorId());
    if (problem != null) {
      LOG.infof("framework %s: MESSAGE refused: %s", fw.id(), problem);
      return out.count(Counter.INVALID_FRAMEWORK_TO_EXECUTOR_MESSAGES)
          .reply(CallResult.badRequest(problem));
    }
    return out.count(Counter.VALID_FRAMEWORK_TO_EXECUTOR_MESSAGES)
        .toAgent(
            message.agentId(),
            AgentEvent.frameworkToExecutor(fw.id(), message.executorId(), message.data()))
        .reply(CallResult.ACCEPTED);
  }

  public Outcome shutdown(MasterView view, FrameworkEntry fw, Call.Shutdown shutdown) {
    String problem = unknown(view, fw, shutdown.agentId(), shutdown.executorId());
    if (problem != null) {
      LOG.infof("framework %s: SHUTDOWN refused: %s", fw.id(), problem);
      return Outcome.reply(CallResult.badRequest(problem));
    }
    LOG.infof(
        "framework %s: shutting down executor %s on agent %s",
        fw.id(), shutdown.executorId(), shutdown.agentId());
    return Outcome.builder()
        .toAgent(shutdown.agentId(), AgentEvent.shutdownExecutor(fw.id(), shutdown.executorId()))
        .reply(CallResult.ACCEPTED);
  }

  /** Why the executor cannot be reached on that agent, or null. */
  private static String unknown(
      MasterView view, FrameworkEntry fw, AgentId agentId, ExecutorId executorId) {
    AgentEntry agent = view.agent(agentId).orElse(null);
    if (agent == null || agent.state() != AgentEntry.State.CONNECTED) {
      return "Agent " + agentId.value() + " is not registered with this master";
    }
    if (agent.executors().containsKey(new ExecutorEntry.Key(fw.id(), executorId))) {
      return null;
    }
    TaskEntry commandTask =
        agent.tasks().get(new TaskEntry.TaskKey(fw.id(), new TaskId(executorId.value())));
    if (commandTask != null
        && commandTask.info().executor() == null
        && !commandTask.state().isTerminal()) {
      return null;
    }
    return "Executor "
        + executorId.value()
        + " of framework "
        + fw.id().value()
        + " is not known on agent "
        + agentId.value();
  }
}
