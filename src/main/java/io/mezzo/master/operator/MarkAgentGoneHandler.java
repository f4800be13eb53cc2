package io.mezzo.master.operator;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import java.util.ArrayList;
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
 * for an agent already gone; 400 for an agent the master never admitted.
 */
public final class MarkAgentGoneHandler {
  private static final Logger LOG = Logger.getLogger(MarkAgentGoneHandler.class);
  private final MasterState state;

  public MarkAgentGoneHandler(MasterState state) {
    this.state = state;
  }

  public CallResult markGone(AgentId id) {
    if (id == null || id.value() == null) {
      return CallResult.badRequest("Expecting 'mark_agent_gone.agent_id' to be present");
    }
    Optional<Registry.AdmittedAgent> admitted = state.registry().current().agent(id);
    if (admitted.isEmpty()) {
      return CallResult.badRequest("Agent " + id.value() + " is not known to this master");
    }
    if (admitted.get().state() == Registry.AgentState.GONE) {
      return CallResult.OK;
    }
    AgentEntry agent = state.agents().get(id);
    if (agent == null) {
      // Admitted before a master restart and not back yet: remembering it as gone is all there is.
      state.saveRegistry(
          state
              .registry()
              .current()
              .withAgent(
                  new Registry.AdmittedAgent(
                      admitted.get().info(),
                      admitted.get().endpoint(),
                      Registry.AgentState.GONE,
                      null)));
      LOG.infof("agent %s marked gone by the operator (it had not re-registered)", id);
      return CallResult.OK;
    }
    markGone(agent, "marked gone by the operator");
    return CallResult.OK;
  }

  /** Marks a known agent gone; also how a drain with {@code mark_gone} ends. */
  void markGone(AgentEntry agent, String why) {
    state.saveRegistry(
        state
            .registry()
            .current()
            .withAgent(
                new Registry.AdmittedAgent(
                    agent.info(), agent.endpoint(), Registry.AgentState.GONE, null))
            .withAgentControl(agent.id(), Registry.AgentControl.NONE));
    LOG.warnf("agent %s %s", agent.id(), why);
    state.rescindOffers(new ArrayList<>(agent.offers()), "agent " + agent.id() + " is gone");
    boolean inAllocator =
        agent.state() == AgentEntry.State.CONNECTED
            || agent.state() == AgentEntry.State.DISCONNECTED;
    if (inAllocator) {
      state.allocator().removeAgent(agent.id().value());
    }
    Set<FrameworkId> frameworks = new LinkedHashSet<>();
    for (TaskEntry task : new ArrayList<>(agent.tasks().values())) {
      frameworks.add(task.frameworkId());
      if (task.state().isTerminal()) {
        continue;
      }
      task.markResourcesRecovered(); // the whole agent left the allocator
      TaskStatus status =
          state.masterStatus(
              task,
              TaskState.TASK_GONE_BY_OPERATOR,
              TaskStatus.Reason.REASON_AGENT_REMOVED_BY_OPERATOR,
              "Agent " + agent.id() + " was " + why);
      task.record(status);
      state.taskUpdated(task, status, false); // terminal ones were skipped above
      FrameworkEntry fw = state.frameworks().get(task.frameworkId());
      if (fw != null) {
        state.sendUpdate(fw, status);
      }
      state.completeTask(task);
    }
    // Should the agent still be running, it stops its tasks and is told why before the stream ends.
    frameworks.forEach(f -> agent.send(AgentEvent.shutdownFramework(f)));
    agent.send(
        AgentEvent.error(
            "This agent was " + why + "; it may not re-register with id " + agent.id()));
    agent.markGone();
    for (FrameworkEntry fw : state.frameworks().values()) {
      fw.send(Event.failure(agent.id(), null, null));
    }
    state.metrics().increment(Counter.SLAVE_REMOVALS);
    state.observers().agentRemoved(agent);
    state.requestAllocation();
  }
}
