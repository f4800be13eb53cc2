package io.mezzo.master.agents;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import io.mezzo.master.registry.TaskStateMachine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Merges a re-registering agent's report with what the master knew (MESOS-API.md §6.2): the agent
 * is the authority on its tasks. A reported task the master did not know is added (its framework
 * recovered if the master does not know that either); one the master knew takes the reported state;
 * one the agent no longer has ends TASK_DROPPED (never started) or TASK_GONE. Tasks of removed
 * frameworks are not booked: the agent is told to shut those frameworks down. Part of the {@link
 * AgentRegistrar} decider: it only adds to the outcome.
 */
final class ReportedTasks {
  private static final Logger LOG = Logger.getLogger(ReportedTasks.class);

  private ReportedTasks() {}

  /**
   * What the merge decided besides its changes: the commands the agent must get after REGISTERED
   * (it ignores commands that come before), and the tasks alive on it afterwards.
   */
  record Merged(List<AgentEvent> commands, List<AgentCall.RunningTask> live) {}

  /**
   * @param known the master's entry for the agent; null when it did not know it
   */
  static Merged merge(
      MasterView view,
      Outcome.Builder out,
      AgentId agentId,
      AgentEntry known,
      AgentCall.Register reg) {
    Map<FrameworkId, FrameworkInfo> reportedInfos = new HashMap<>();
    reg.frameworks().forEach(f -> reportedInfos.put(f.id(), f));
    Map<FrameworkId, FrameworkInfo> recovered = new HashMap<>();
    Set<FrameworkId> shutdown = new LinkedHashSet<>();
    Set<TaskEntry.TaskKey> reported = new HashSet<>();
    List<AgentEvent> commands = new ArrayList<>();
    List<AgentCall.RunningTask> live = new ArrayList<>();
    for (AgentCall.RunningTask rt : reg.tasks()) {
      FrameworkId fid = rt.frameworkId();
      TaskEntry.TaskKey key = new TaskEntry.TaskKey(fid, rt.task().taskId());
      reported.add(key);
      if (removed(view, fid)) {
        shutdown.add(fid);
        continue;
      }
      FrameworkEntry fw = view.framework(fid).orElse(null);
      if (fw == null && !recovered.containsKey(fid)) {
        FrameworkInfo info = recoveredInfo(view.registry(), reportedInfos, fid);
        recovered.put(fid, info);
        out.change(new Change.FrameworkRecovered(info));
      }
      FrameworkInfo fwInfo = fw != null ? fw.info() : recovered.get(fid);
      TaskEntry task = known == null ? null : known.tasks().get(key);
      TaskState before;
      if (task == null) {
        if (view.task(key).isPresent()) {
          // The framework relaunched the id elsewhere while this agent was away: the master
          // keeps the task it knows, and this copy is killed.
          LOG.warnf(
              "agent %s reported task %s of framework %s, which is live on agent %s: killing it",
              agentId, key.taskId(), fid, view.task(key).get().agentId());
          commands.add(AgentEvent.killTask(fid, key.taskId(), null));
          continue;
        }
        String role = fwInfo.effectiveRoles().isEmpty() ? "*" : fwInfo.effectiveRoles().get(0);
        out.change(new Change.TaskAdded(fid, agentId, rt.task(), resources(rt.task()), role));
        before = null;
      } else {
        before = task.latest() == null ? null : task.state();
      }
      TaskStatus latest =
          rt.latest() != null
              ? rt.latest()
              : TaskStatus.builder(
                      rt.task().taskId(), rt.state() == null ? TaskState.TASK_STAGING : rt.state())
                  .agentId(agentId)
                  .build();
      TaskState after = before;
      if (before == null
          || (before != latest.state() && TaskStateMachine.canTransition(before, latest.state()))) {
        // A terminal one is not in the allocator's view: the agent re-joins without it.
        out.change(new Change.TaskUpdated(key, latest, !latest.state().isTerminal()));
        after = latest.state();
      }
      if (!after.isTerminal()) {
        live.add(rt);
      }
    }
    if (known != null) {
      endUnreported(view, out, known, reported);
    }
    for (FrameworkId fid : shutdown) {
      LOG.infof("agent %s runs tasks of removed framework %s: shutting it down", agentId, fid);
      commands.add(AgentEvent.shutdownFramework(fid));
    }
    return new Merged(commands, live);
  }

  /** Tasks the master knew on the agent that it no longer reports are gone. */
  private static void endUnreported(
      MasterView view, Outcome.Builder out, AgentEntry agent, Set<TaskEntry.TaskKey> reported) {
    for (TaskEntry task : agent.tasks().values()) {
      if (reported.contains(task.key()) || task.state().isTerminal()) {
        continue;
      }
      boolean neverStarted = task.state() == TaskState.TASK_STAGING;
      TaskStatus status =
          view.masterStatus(
              task,
              neverStarted ? TaskState.TASK_DROPPED : TaskState.TASK_GONE,
              TaskStatus.Reason.REASON_AGENT_REREGISTERED,
              "Task is unknown to agent " + agent.id() + " after it re-registered");
      // Not returned one by one: the agent re-joins the allocator without it.
      out.change(new Change.TaskUpdated(task.key(), status, false));
      view.framework(task.frameworkId()).ifPresent(fw -> out.update(fw, status));
      out.change(new Change.TaskCompleted(task.key()));
    }
  }

  /** Removed for good: a re-SUBSCRIBE is refused, so its tasks may only end. */
  private static boolean removed(MasterView view, FrameworkId id) {
    if (view.framework(id).isPresent()) {
      return false;
    }
    boolean durable =
        view.registry().framework(id).map(f -> Boolean.TRUE.equals(f.removed())).orElse(false);
    return durable || view.completedFrameworks().stream().anyMatch(f -> f.id().equals(id));
  }

  /** The best description of a framework known only from an agent's report. */
  private static FrameworkInfo recoveredInfo(
      Registry registry, Map<FrameworkId, FrameworkInfo> reported, FrameworkId id) {
    FrameworkInfo info = reported.get(id);
    if (info == null) {
      info = registry.framework(id).map(Registry.KnownFramework::info).orElse(null);
    }
    if (info == null) {
      info = FrameworkInfo.builder().user("unknown").name("unknown").id(id).build();
    }
    return info.withId(id);
  }

  /** AgentCallValidator checked that they parse. */
  private static Resources resources(TaskInfo task) {
    return ResourceMapping.toCore(task.resources());
  }
}
