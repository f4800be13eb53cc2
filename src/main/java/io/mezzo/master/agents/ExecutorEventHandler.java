package io.mezzo.master.agents;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.ExecutorEntry;
import io.mezzo.master.registry.FrameworkEntry;
import org.jboss.logging.Logger;

/**
 * What an agent reports about an executor. EXECUTOR_TO_FRAMEWORK: the executor's MESSAGE goes to
 * its scheduler as a MESSAGE event if the framework is connected (else it is dropped and counted
 * invalid, as Mesos does: executor messages are not retried). EXITED_EXECUTOR: a booked executor
 * leaves the agent, its resources go back to the allocator and its scheduler gets FAILURE; an
 * unknown one (a command executor, or one already gone) changes nothing. Both are refused with 400
 * from an agent that is not registered. A decider: returns an {@link Outcome}.
 */
public final class ExecutorEventHandler {
  private static final Logger LOG = Logger.getLogger(ExecutorEventHandler.class);

  public Outcome executorToFramework(MasterView view, AgentCall call) {
    AgentEvent.ExecutorMessage m = call.message(); // AgentCallValidator checked its structure
    Outcome.Builder out = Outcome.builder().count(Counter.MESSAGES_EXECUTOR_TO_FRAMEWORK);
    if (!registered(view, call)) {
      return out.count(Counter.INVALID_EXECUTOR_TO_FRAMEWORK_MESSAGES).reply(notRegistered(call));
    }
    AgentEntry agent = view.agent(call.agentId()).orElseThrow();
    if (!runsExecutor(agent, m)) {
      // An agent relays its own executors only; anything else would let it message any framework.
      return out.count(Counter.INVALID_EXECUTOR_TO_FRAMEWORK_MESSAGES)
          .reply(
              CallResult.forbidden(
                  "Agent "
                      + call.agentId().value()
                      + " runs no executor '"
                      + m.executorId().value()
                      + "' of framework '"
                      + m.frameworkId().value()
                      + "'"));
    }
    FrameworkEntry fw = view.framework(m.frameworkId()).orElse(null);
    if (fw == null || !fw.connected()) {
      LOG.warnf(
          "dropping message of executor %s on agent %s: framework %s is %s",
          m.executorId(), call.agentId(), m.frameworkId(), fw == null ? "unknown" : "disconnected");
      return out.count(Counter.INVALID_EXECUTOR_TO_FRAMEWORK_MESSAGES).reply(CallResult.ACCEPTED);
    }
    return out.count(Counter.VALID_EXECUTOR_TO_FRAMEWORK_MESSAGES)
        .toFramework(fw.id(), Event.message(call.agentId(), m.executorId(), m.data()))
        .reply(CallResult.ACCEPTED);
  }

  public Outcome exitedExecutor(MasterView view, AgentCall call) {
    AgentCall.ExitedExecutor exited = call.exitedExecutor();
    Outcome.Builder out = Outcome.builder().count(Counter.MESSAGES_EXITED_EXECUTOR);
    if (!registered(view, call)) {
      return out.reply(notRegistered(call));
    }
    AgentEntry agent = view.agent(call.agentId()).orElseThrow();
    ExecutorEntry executor =
        agent.executors().get(new ExecutorEntry.Key(exited.frameworkId(), exited.executorId()));
    if (executor == null) {
      LOG.debugf(
          "agent %s: exited executor %s of framework %s is not booked; nothing to free",
          call.agentId(), exited.executorId(), exited.frameworkId());
      return out.reply(CallResult.ACCEPTED);
    }
    LOG.infof(
        "executor %s of framework %s on agent %s exited with status %s; freeing %s",
        exited.executorId(),
        exited.frameworkId(),
        call.agentId(),
        exited.status(),
        executor.resources());
    out.change(
        new Change.ExecutorRemoved(
            exited.frameworkId(), call.agentId(), exited.executorId(), true));
    FrameworkEntry fw = view.framework(exited.frameworkId()).orElse(null);
    if (fw != null && fw.connected()) {
      out.toFramework(fw.id(), Event.failure(call.agentId(), exited.executorId(), exited.status()));
    }
    return out.allocate().reply(CallResult.ACCEPTED);
  }

  /**
   * Whether the agent runs the executor: a booked one (custom or default), or a command task's
   * built-in executor, which takes the task's id and is not booked.
   */
  private static boolean runsExecutor(AgentEntry agent, AgentEvent.ExecutorMessage m) {
    if (agent.executors().containsKey(new ExecutorEntry.Key(m.frameworkId(), m.executorId()))) {
      return true;
    }
    return agent.tasks().values().stream()
        .anyMatch(
            t ->
                t.frameworkId().equals(m.frameworkId())
                    && (t.taskId().value().equals(m.executorId().value())
                        || (t.info().executor() != null
                            && m.executorId().equals(t.info().executor().executorId()))));
  }

  private static boolean registered(MasterView view, AgentCall call) {
    return view.agent(call.agentId())
        .map(a -> a.state() == AgentEntry.State.CONNECTED)
        .orElse(false);
  }

  private static CallResult notRegistered(AgentCall call) {
    return CallResult.badRequest(
        "Agent " + call.agentId() + " is not registered; re-register first");
  }
}
