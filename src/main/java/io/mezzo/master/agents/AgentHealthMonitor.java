package io.mezzo.master.agents;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.TimeInfo;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import java.time.Duration;
import java.util.ArrayList;
import org.jboss.logging.Logger;

/**
 * Agent liveness (MESOS-API.md §6.3). Every {@code agent_ping_timeout} each agent that sent no
 * heartbeat during the period misses a ping; after {@code max_agent_ping_timeouts} in a row it is
 * marked unreachable (durably first), its offers are rescinded, its resources leave the pool, and
 * its tasks become TASK_UNREACHABLE (TASK_LOST for frameworks that are not partition-aware). A
 * broken stream alone only disconnects the agent: no offers are made for it until it re-subscribes.
 */
public final class AgentHealthMonitor {
  private static final Logger LOG = Logger.getLogger(AgentHealthMonitor.class);
  private final MasterState state;

  public AgentHealthMonitor(MasterState state) {
    this.state = state;
  }

  public CallResult heartbeat(AgentCall call) {
    AgentEntry agent = state.agents().get(call.agentId());
    if (agent == null
        || agent.state() == AgentEntry.State.UNREACHABLE
        || agent.state() == AgentEntry.State.GONE) {
      return CallResult.badRequest(
          "Agent " + call.agentId() + " is not registered; re-register first");
    }
    agent.heartbeat(state.now());
    return CallResult.ACCEPTED;
  }

  public void disconnected(AgentEntry agent, AgentChannel channel) {
    if (!agent.disconnect(channel)) {
      return;
    }
    LOG.infof("agent %s disconnected", agent.id());
    state.rescindOffers(new ArrayList<>(agent.offers()), "agent " + agent.id() + " disconnected");
    state.allocator().deactivateAgent(agent.id().value());
  }

  /** Runs once per ping period. */
  public void check() {
    Duration period = state.config().agentPingTimeout();
    for (AgentEntry agent : new ArrayList<>(state.agents().values())) {
      if (agent.state() != AgentEntry.State.CONNECTED
          && agent.state() != AgentEntry.State.DISCONNECTED) {
        continue;
      }
      if (Duration.between(agent.lastHeartbeat(), state.now()).compareTo(period) < 0) {
        continue;
      }
      int missed = agent.missPing();
      if (missed >= state.config().maxAgentPingTimeouts()) {
        markUnreachable(agent, "no heartbeat for " + missed + " ping periods of " + period);
      }
    }
  }

  /** Sends a HEARTBEAT on every agent stream so agents can detect a silent master. */
  public void heartbeatAgents() {
    for (AgentEntry agent : state.agents().values()) {
      if (agent.state() == AgentEntry.State.CONNECTED) {
        agent.send(AgentEvent.heartbeat());
      }
    }
  }

  public void markUnreachable(AgentEntry agent, String why) {
    LOG.warnf("agent %s marked unreachable: %s", agent.id(), why);
    state.saveRegistry(
        state
            .registry()
            .current()
            .withAgent(
                new Registry.AdmittedAgent(
                    agent.info(),
                    agent.endpoint(),
                    Registry.AgentState.UNREACHABLE,
                    state.now().toEpochMilli())));
    state.rescindOffers(new ArrayList<>(agent.offers()), "agent " + agent.id() + " unreachable");
    boolean wasInAllocator =
        agent.state() == AgentEntry.State.CONNECTED
            || agent.state() == AgentEntry.State.DISCONNECTED;
    agent.markUnreachable(state.now());
    if (wasInAllocator) {
      state.allocator().removeAgent(agent.id().value());
    }
    for (TaskEntry task : new ArrayList<>(agent.tasks().values())) {
      if (task.state().isTerminal()) {
        continue;
      }
      task.markResourcesRecovered(); // the whole agent left the allocator
      FrameworkEntry fw = state.frameworks().get(task.frameworkId());
      boolean aware = fw != null && fw.partitionAware();
      TaskStatus status =
          TaskStatus.builder(
                  task.taskId(), aware ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST)
              .source(TaskStatus.Source.SOURCE_MASTER)
              .reason(TaskStatus.Reason.REASON_AGENT_REMOVED)
              .message("Agent " + agent.id() + " is unreachable: " + why)
              .agentId(agent.id())
              .unreachableTime(TimeInfo.of(state.now()))
              .timestamp(state.nowSeconds())
              .build();
      task.record(status);
      state.taskUpdated(task, status, false); // terminal ones were skipped above
      if (fw != null) {
        state.sendUpdate(fw, status);
      }
      if (status.state().isTerminal()) {
        state.completeTask(task);
      }
    }
    state.observers().agentRemoved(agent);
    for (FrameworkEntry fw : state.frameworks().values()) {
      fw.send(Event.failure(agent.id(), null, null));
    }
    state.metrics().increment(Counter.SLAVE_REMOVALS);
    state.requestAllocation();
  }
}
