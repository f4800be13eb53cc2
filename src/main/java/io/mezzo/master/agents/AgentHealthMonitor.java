package io.mezzo.master.agents;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.TimeInfo;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Agent liveness (MESOS-API.md §6.3). Every {@code agent_ping_timeout} each agent that sent no
 * heartbeat during the period misses a ping; after {@code max_agent_ping_timeouts} in a row it is
 * marked unreachable (durably first), its offers are rescinded, its resources leave the pool, and
 * its tasks become TASK_UNREACHABLE (TASK_LOST for frameworks that are not partition-aware). A
 * broken stream alone only disconnects the agent: no offers are made for it until it re-subscribes.
 * A decider: returns an {@link Outcome}.
 */
public final class AgentHealthMonitor {
  private static final Logger LOG = Logger.getLogger(AgentHealthMonitor.class);

  public Outcome heartbeat(MasterView view, AgentCall call) {
    AgentEntry agent = view.agent(call.agentId()).orElse(null);
    if (agent == null
        || agent.state() == AgentEntry.State.UNREACHABLE
        || agent.state() == AgentEntry.State.GONE) {
      return Outcome.reply(
          CallResult.badRequest(
              "Agent " + call.agentId() + " is not registered; re-register first"));
    }
    return Outcome.builder()
        .change(new Change.AgentHeartbeat(agent.id()))
        .reply(CallResult.ACCEPTED);
  }

  /** The channel closed: only the agent whose current channel it is disconnects. */
  public Outcome disconnected(MasterView view, AgentChannel channel) {
    Outcome.Builder out = Outcome.builder();
    for (AgentEntry agent : view.agents()) {
      if (!agent.hasChannel(channel)) {
        continue; // a stale channel of an agent that re-subscribed since
      }
      LOG.infof("agent %s disconnected", agent.id());
      agent.offers().forEach(id -> view.offer(id).ifPresent(out::rescind));
      out.change(new Change.AgentDisconnected(agent.id(), channel));
    }
    return out.reply(CallResult.OK);
  }

  /** Runs once per ping period. */
  public Outcome check(MasterView view) {
    Outcome.Builder out = Outcome.builder();
    Duration period = view.config().agentPingTimeout();
    for (AgentEntry agent : view.agents()) {
      if (agent.state() != AgentEntry.State.CONNECTED
          && agent.state() != AgentEntry.State.DISCONNECTED) {
        continue;
      }
      if (Duration.between(agent.lastHeartbeat(), view.now()).compareTo(period) < 0) {
        continue;
      }
      out.change(new Change.AgentMissedPing(agent.id()));
      int missed = agent.missedPings() + 1;
      if (missed >= view.config().maxAgentPingTimeouts()) {
        markUnreachable(
            view, out, agent, "no heartbeat for " + missed + " ping periods of " + period);
      }
    }
    return out.reply(CallResult.OK);
  }

  /**
   * Runs once, {@code agent_reregister_timeout} after this master recovered the registry: every
   * agent of the registry that is still admitted but has not re-registered with this master is
   * marked unreachable (durably), as Mesos's {@code recoveredSlavesTimeout} does. The master knows
   * no tasks of such an agent, so no task update goes out; reconciliation then answers
   * TASK_UNREACHABLE for its tasks instead of nothing, and the agent may still come back.
   */
  public Outcome recoveredAgentsTimedOut(MasterView view) {
    Outcome.Builder out = Outcome.builder();
    Registry next = view.registry();
    int missing = 0;
    for (Registry.AdmittedAgent a : view.registry().agents()) {
      if (a.state() == Registry.AgentState.ADMITTED && view.agent(a.info().id()).isEmpty()) {
        next =
            next.withAgent(a.withState(Registry.AgentState.UNREACHABLE, view.now().toEpochMilli()));
        missing++;
      }
    }
    if (missing > 0) {
      LOG.warnf(
          "%d recovered agent(s) did not re-register within agent_reregister_timeout %s; marked"
              + " unreachable",
          missing, view.config().agentReregisterTimeout());
      out.persist(next);
    }
    return out.reply(CallResult.OK);
  }

  /** A HEARTBEAT on every agent stream so agents can detect a silent master. */
  public Outcome heartbeatAgents(MasterView view) {
    Outcome.Builder out = Outcome.builder();
    for (AgentEntry agent : view.agents()) {
      if (agent.state() == AgentEntry.State.CONNECTED) {
        out.toAgent(agent.id(), AgentEvent.heartbeat());
      }
    }
    return out.reply(CallResult.OK);
  }

  private static void markUnreachable(
      MasterView view, Outcome.Builder out, AgentEntry agent, String why) {
    LOG.warnf("agent %s marked unreachable: %s", agent.id(), why);
    out.persist(
        out.registryOr(view.registry())
            .withAgent(
                new Registry.AdmittedAgent(
                    agent.info(),
                    agent.endpoint(),
                    Registry.AgentState.UNREACHABLE,
                    view.now().toEpochMilli(),
                    // It may come back, and only with the secret it holds, to its reservations.
                    view.registry()
                        .agent(agent.id())
                        .map(Registry.AdmittedAgent::secretHash)
                        .orElse(null),
                    view.registry()
                        .agent(agent.id())
                        .map(Registry.AdmittedAgent::checkpointedResources)
                        .orElse(null))));
    agent.offers().forEach(id -> view.offer(id).ifPresent(out::rescind));
    for (TaskEntry task : agent.tasks().values()) {
      if (task.state().isTerminal()) {
        continue;
      }
      FrameworkEntry fw = view.framework(task.frameworkId()).orElse(null);
      boolean aware = fw != null && fw.partitionAware();
      TaskStatus status =
          TaskStatus.builder(
                  task.taskId(), aware ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST)
              .source(TaskStatus.Source.SOURCE_MASTER)
              .reason(TaskStatus.Reason.REASON_AGENT_REMOVED)
              .message("Agent " + agent.id() + " is unreachable: " + why)
              .agentId(agent.id())
              .unreachableTime(TimeInfo.of(view.now()))
              .timestamp(view.nowSeconds())
              .build();
      // The whole agent leaves the allocator, so its tasks' resources are not returned one by one.
      out.change(new Change.TaskUpdated(task.key(), status, false));
      if (fw != null) {
        out.update(fw, status);
      }
      if (status.state().isTerminal()) {
        out.change(new Change.TaskCompleted(task.key()));
      }
    }
    out.change(new Change.AgentUnreachable(agent.id(), why));
    for (FrameworkEntry fw : view.frameworks()) {
      out.toFramework(fw.id(), Event.failure(agent.id(), null, null));
    }
    out.count(Counter.SLAVE_REMOVALS).allocate();
  }
}
