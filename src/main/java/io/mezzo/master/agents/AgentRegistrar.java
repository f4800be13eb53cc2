package io.mezzo.master.agents;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Agent registration and re-registration (MESOS-API.md §6.2). A new agent gets {@code
 * <masterId>-S<n>} once its admission is durable. A returning agent keeps its id and reports its
 * tasks; the master merges them with what it knew. An agent marked gone is refused.
 */
public final class AgentRegistrar {
  private static final Logger LOG = Logger.getLogger(AgentRegistrar.class);
  private final MasterState state;

  public AgentRegistrar(MasterState state) {
    this.state = state;
  }

  public CallResult subscribe(AgentCall call, AgentChannel channel) {
    AgentCall.Register reg = call.register(); // AgentCallValidator checked its structure
    AgentInfo info = reg.agentInfo();
    Resources total;
    try {
      total = ResourceMapping.toCore(info.resources());
    } catch (IllegalArgumentException e) {
      return CallResult.badRequest("Agent resources are invalid: " + e.getMessage());
    }
    if (reg.endpoint() != null) {
      try {
        URI.create(reg.endpoint());
      } catch (IllegalArgumentException e) {
        return CallResult.badRequest("'register.endpoint' is not a URL: " + reg.endpoint());
      }
    }
    if (info.id() == null) {
      return register(info, total, reg, channel);
    }
    return reregister(info, total, reg, channel);
  }

  private CallResult register(
      AgentInfo info, Resources total, AgentCall.Register reg, AgentChannel channel) {
    Registry r = state.registry().current();
    AgentId id = new AgentId(state.masterId() + "-S" + r.nextAgentSeq());
    AgentInfo withId = info.withId(id);
    state.saveRegistry(
        r.withNextAgentSeq(r.nextAgentSeq() + 1)
            .withAgent(
                new Registry.AdmittedAgent(
                    withId, reg.endpoint(), Registry.AgentState.ADMITTED, null)));
    AgentEntry agent = new AgentEntry(id, withId, total, reg.endpoint(), state.now());
    agent.connect(channel, withId, total, reg.endpoint(), state.now(), false);
    agent.version(reg.version());
    state.agents().put(id, agent);
    state.allocator().addAgent(id.value(), total, Map.of());
    state.metrics().increment(Counter.SLAVE_REGISTRATIONS);
    state.observers().agentAdded(agent);
    agent.send(AgentEvent.registered(id, state.masterId(), heartbeatSeconds()));
    state.requestAllocation();
    LOG.infof("agent %s at %s registered with %s", id, info.hostname(), total);
    return CallResult.OK;
  }

  private CallResult reregister(
      AgentInfo info, Resources total, AgentCall.Register reg, AgentChannel channel) {
    AgentId id = info.id();
    var admitted = state.registry().current().agent(id);
    if (admitted.isPresent() && admitted.get().state() == Registry.AgentState.GONE) {
      return CallResult.forbidden(
          "Agent "
              + id.value()
              + " was marked gone and may not re-register; restart it with a clean work directory");
    }
    if (admitted.isEmpty()
        || admitted.get().state() != Registry.AgentState.ADMITTED
        || !info.equals(admitted.get().info())
        || !java.util.Objects.equals(reg.endpoint(), admitted.get().endpoint())) {
      state.saveRegistry(
          state
              .registry()
              .current()
              .withAgent(
                  new Registry.AdmittedAgent(
                      info, reg.endpoint(), Registry.AgentState.ADMITTED, null)));
    }
    AgentEntry agent = state.agents().get(id);
    boolean wasInAllocator =
        agent != null
            && agent.state() != AgentEntry.State.UNREACHABLE
            && agent.state() != AgentEntry.State.GONE;
    // Operators see an agent come back only when the master had let it go (or never knew it).
    boolean added = !wasInAllocator;
    if (agent == null) {
      agent = new AgentEntry(id, info, total, reg.endpoint(), state.now());
      state.agents().put(id, agent);
    }
    agent.version(reg.version());
    Registry.AgentControl control = state.registry().current().agentControl(id);
    agent.deactivated(control.stopsOffers());
    state.rescindOffers(new ArrayList<>(agent.offers()), "agent " + id + " re-registered");
    if (wasInAllocator) {
      state.allocator().removeAgent(id.value());
    }
    agent.connect(channel, info, total, reg.endpoint(), state.now(), true);
    if (added) {
      state.observers().agentAdded(agent);
    }
    mergeTasks(agent, reg);
    Map<String, Resources> used = new HashMap<>();
    for (TaskEntry t : agent.tasks().values()) {
      if (!t.state().isTerminal()) {
        used.merge(t.frameworkId().value(), t.resources(), Resources::plus);
      }
    }
    state.allocator().addAgent(id.value(), total, used);
    if (agent.deactivated()) {
      state.allocator().deactivateAgent(id.value());
    }
    state.metrics().increment(Counter.SLAVE_REREGISTRATIONS);
    agent.send(AgentEvent.registered(id, state.masterId(), heartbeatSeconds()));
    // After REGISTERED: agents ignore commands (such as a drain's kills) that come before it.
    state.observers().agentReregistered(agent);
    state.requestAllocation();
    LOG.infof(
        "agent %s at %s re-registered with %d task(s)", id, info.hostname(), reg.tasks().size());
    return CallResult.OK;
  }

  /**
   * Reconciles the agent's report with the master's view: the agent is the authority on its tasks.
   */
  private void mergeTasks(AgentEntry agent, AgentCall.Register reg) {
    Map<FrameworkId, FrameworkInfo> infos = new HashMap<>();
    reg.frameworks().forEach(f -> infos.put(f.id(), f));
    Set<TaskEntry.TaskKey> reported = new HashSet<>();
    for (AgentCall.RunningTask rt : reg.tasks()) {
      TaskEntry.TaskKey key = new TaskEntry.TaskKey(rt.frameworkId(), rt.task().taskId());
      reported.add(key);
      FrameworkEntry fw = state.frameworks().get(rt.frameworkId());
      if (fw == null) {
        FrameworkInfo fi =
            infos.getOrDefault(
                rt.frameworkId(),
                new FrameworkInfo(
                    "unknown",
                    "unknown",
                    rt.frameworkId(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null));
        fw =
            new FrameworkEntry(
                rt.frameworkId(),
                fi.withId(rt.frameworkId()),
                FrameworkEntry.State.RECOVERED,
                state.now());
        state.frameworks().put(fw.id(), fw);
        state
            .allocator()
            .addFramework(
                fw.id().value(), new LinkedHashSet<>(fi.effectiveRoles()), Set.of(), false);
        state.observers().frameworkAdded(fw);
      }
      TaskEntry task = agent.tasks().get(key);
      if (task == null) {
        Resources res;
        try {
          res = ResourceMapping.toCore(rt.task().resources());
        } catch (IllegalArgumentException e) {
          res = Resources.empty();
        }
        String role =
            fw.info().effectiveRoles().isEmpty() ? "*" : fw.info().effectiveRoles().get(0);
        task = new TaskEntry(fw.id(), agent.id(), rt.task(), res, role);
        agent.tasks().put(key, task);
        fw.tasks().put(key, task);
        state.observers().taskAdded(task);
      }
      TaskStatus latest =
          rt.latest() != null
              ? rt.latest()
              : TaskStatus.builder(
                      rt.task().taskId(), rt.state() == null ? TaskState.TASK_STAGING : rt.state())
                  .agentId(agent.id())
                  .build();
      if (task.latest() == null || task.state() != latest.state()) {
        boolean wasTerminal = task.latest() != null && task.state().isTerminal();
        if (task.record(latest)) {
          state.taskUpdated(task, latest, wasTerminal);
        }
        if (task.state().isTerminal()) {
          task.markResourcesRecovered(); // not in the allocator's view: the agent is re-added
          // without it
        }
      }
    }
    for (TaskEntry task : new ArrayList<>(agent.tasks().values())) {
      if (reported.contains(task.key()) || task.state().isTerminal()) {
        continue;
      }
      boolean neverStarted = task.state() == TaskState.TASK_STAGING;
      TaskStatus status =
          state.masterStatus(
              task,
              neverStarted ? TaskState.TASK_DROPPED : TaskState.TASK_GONE,
              TaskStatus.Reason.REASON_AGENT_REREGISTERED,
              "Task is unknown to agent " + agent.id() + " after it re-registered");
      task.record(status);
      state.taskUpdated(task, status, false); // terminal ones were skipped above
      task.markResourcesRecovered();
      FrameworkEntry fw = state.frameworks().get(task.frameworkId());
      if (fw != null) {
        state.sendUpdate(fw, status);
      }
      state.completeTask(task);
    }
  }

  private double heartbeatSeconds() {
    // Three heartbeats per ping period, so one lost request never counts as a missed ping.
    return state.config().agentPingTimeout().toMillis() / 3000.0;
  }
}
