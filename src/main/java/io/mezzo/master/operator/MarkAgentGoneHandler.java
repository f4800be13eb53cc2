package io.mezzo.master.operator;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Message;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentControl;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * MARK_AGENT_GONE (MESOS-API.md §4.2): the operator says the agent will never come back. The
 * decision is made durable first (the registry marks it GONE, so it is refused if it ever tries to
 * re-register, also after a master restart); then its offers are rescinded, its resources leave the
 * pool, its tasks end TASK_GONE_BY_OPERATOR (TASK_LOST for frameworks that are not
 * partition-aware), its frameworks are shut down on it and its stream is closed. Idempotent: 200
 * for an agent already gone; 400 for an agent the master never admitted. A decider: returns an
 * {@link Outcome}.
 */
public final class MarkAgentGoneHandler {
  private static final Logger LOG = Logger.getLogger(MarkAgentGoneHandler.class);

  public Outcome markGone(MasterView view, AgentId id) {
    if (id == null || id.value() == null) {
      return Outcome.reply(
          CallResult.badRequest("Expecting 'mark_agent_gone.agent_id' to be present"));
    }
    Optional<Registry.AdmittedAgent> admitted = view.registry().agent(id);
    if (admitted.isEmpty()) {
      return Outcome.reply(
          CallResult.badRequest("Agent " + id.value() + " is not known to this master"));
    }
    if (admitted.get().state() == Registry.AgentState.GONE) {
      return Outcome.reply(CallResult.OK);
    }
    Outcome.Builder out = Outcome.builder();
    AgentEntry agent = view.agent(id).orElse(null);
    if (agent == null) {
      // Admitted before a master restart and not back yet: remembering it as gone is all there is.
      LOG.infof("agent %s marked gone by the operator (it had not re-registered)", id);
      Registry.AdmittedAgent a = admitted.get();
      return out.persist(
              view.registry()
                  .withAgent(
                      new Registry.AdmittedAgent(
                          a.info(), a.endpoint(), Registry.AgentState.GONE, null)))
          .reply(CallResult.OK);
    }
    markGone(view, out, agent, "marked gone by the operator", true);
    return out.reply(CallResult.OK);
  }

  /**
   * Decides a known agent gone into {@code out}; also how a drain with {@code mark_gone} ends.
   *
   * @param rescindOffers false when an earlier part of the same outcome already rescinded them
   */
  static void markGone(
      MasterView view, Outcome.Builder out, AgentEntry agent, String why, boolean rescindOffers) {
    out.persist(
        out.registryOr(view.registry())
            .withAgent(
                new Registry.AdmittedAgent(
                    agent.info(), agent.endpoint(), Registry.AgentState.GONE, null))
            .withAgentControl(agent.id(), AgentControl.NONE));
    if (rescindOffers) {
      agent.offers().forEach(id -> view.offer(id).ifPresent(out::rescind));
    }
    Set<FrameworkId> frameworks = new LinkedHashSet<>();
    for (TaskEntry task : agent.tasks().values()) {
      frameworks.add(task.frameworkId());
      if (task.state().isTerminal()) {
        continue;
      }
      TaskStatus status =
          view.masterStatus(
              task,
              TaskState.TASK_GONE_BY_OPERATOR,
              TaskStatus.Reason.REASON_AGENT_REMOVED_BY_OPERATOR,
              "Agent " + agent.id() + " was " + why);
      // The whole agent leaves the allocator, so its tasks' resources are not returned one by one.
      out.change(new Change.TaskUpdated(task.key(), status, false));
      view.framework(task.frameworkId()).ifPresent(fw -> out.update(fw, status));
      out.change(new Change.TaskCompleted(task.key()));
    }
    out.change(new Change.AgentGone(agent.id(), why));
    // Should the agent still be running, it stops its tasks and is told why before the stream ends.
    frameworks.forEach(f -> out.toAgent(agent.id(), AgentEvent.shutdownFramework(f)));
    out.toAgent(
        agent.id(),
        AgentEvent.error(
            "This agent was " + why + "; it may not re-register with id " + agent.id()));
    out.send(new Message.CloseAgent(agent.id()));
    for (FrameworkEntry fw : view.frameworks()) {
      out.toFramework(fw.id(), Event.failure(agent.id(), null, null));
    }
    out.count(Counter.SLAVE_REMOVALS).allocate();
  }
}
