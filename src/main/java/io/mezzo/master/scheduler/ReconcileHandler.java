package io.mezzo.master.scheduler;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.TimeInfo;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import java.time.Instant;
import java.util.Optional;

/**
 * RECONCILE (MESOS-API.md §3.4). Implicit: the latest state of every task the master knows for the
 * framework. Explicit: per task, its latest state, or what the master can say about an unknown one.
 * Replies carry no uuid and REASON_RECONCILIATION. A decider: returns an {@link Outcome}.
 */
public final class ReconcileHandler {
  public Outcome reconcile(MasterView view, FrameworkEntry fw, Call.Reconcile reconcile) {
    Outcome.Builder out = Outcome.builder().count(Counter.MESSAGES_RECONCILE_TASKS);
    if (reconcile.tasks().isEmpty()) {
      for (TaskEntry task : fw.tasks().values()) {
        out.update(fw, latest(view, task));
      }
      return out.reply(CallResult.ACCEPTED);
    }
    for (Call.Reconcile.Task t : reconcile.tasks()) {
      explicit(view, out, fw, t.taskId(), t.agentId());
    }
    return out.reply(CallResult.ACCEPTED);
  }

  /** Answers for one task; also used when a KILL names a task the master does not know. */
  public void explicit(
      MasterView view, Outcome.Builder out, FrameworkEntry fw, TaskId taskId, AgentId agentId) {
    TaskEntry task = fw.tasks().get(new TaskEntry.TaskKey(fw.id(), taskId));
    if (task == null) {
      task =
          fw.completedTasks().stream()
              .filter(c -> c.taskId().equals(taskId))
              .findFirst()
              .orElse(null);
    }
    if (task != null) {
      out.update(fw, latest(view, task));
      return;
    }
    unknown(view, taskId, agentId).ifPresent(s -> out.update(fw, s));
  }

  private static TaskStatus latest(MasterView view, TaskEntry task) {
    TaskStatus base =
        task.latest() != null
            ? task.latest()
            : TaskStatus.builder(task.taskId(), TaskState.TASK_STAGING)
                .agentId(task.agentId())
                .build();
    return base.forReconciliation(view.nowSeconds());
  }

  private static Optional<TaskStatus> unknown(MasterView view, TaskId taskId, AgentId agentId) {
    TaskStatus.Builder b =
        TaskStatus.builder(taskId, TaskState.TASK_UNKNOWN)
            .source(TaskStatus.Source.SOURCE_MASTER)
            .reason(TaskStatus.Reason.REASON_RECONCILIATION)
            .message("Reconciliation: Task is unknown")
            .agentId(agentId)
            .timestamp(view.nowSeconds());
    if (agentId == null) {
      // Mesos answers nothing while any recovered agent has yet to re-register: the task may be on
      // it. The framework asks again (with backoff) and gets its answer once agents are back or
      // marked unreachable.
      return anyAgentRecovering(view) ? Optional.empty() : Optional.of(b.build());
    }
    AgentEntry agent = view.agent(agentId).orElse(null);
    Optional<Registry.AdmittedAgent> admitted = view.registry().agent(agentId);
    if (agent != null && agent.state() == AgentEntry.State.CONNECTED) {
      return Optional.of(
          TaskStatus.builder(taskId, TaskState.TASK_GONE)
              .source(TaskStatus.Source.SOURCE_MASTER)
              .reason(TaskStatus.Reason.REASON_RECONCILIATION)
              .message("Reconciliation: Task is unknown to the agent")
              .agentId(agentId)
              .timestamp(view.nowSeconds())
              .build());
    }
    if (agent != null && agent.state() == AgentEntry.State.UNREACHABLE) {
      return Optional.of(unreachable(taskId, agentId, agent.unreachableTime(), view));
    }
    if (agent == null
        && admitted.isPresent()
        && admitted.get().state() == Registry.AgentState.UNREACHABLE) {
      // Unreachable before this master took over: the registry has the time it was marked.
      Long since = admitted.get().unreachableSinceMillis();
      return Optional.of(
          unreachable(taskId, agentId, since == null ? null : Instant.ofEpochMilli(since), view));
    }
    if (admitted.isPresent() && admitted.get().state() == Registry.AgentState.GONE) {
      return Optional.of(
          TaskStatus.builder(taskId, TaskState.TASK_GONE_BY_OPERATOR)
              .source(TaskStatus.Source.SOURCE_MASTER)
              .reason(TaskStatus.Reason.REASON_RECONCILIATION)
              .message("Reconciliation: Task is gone")
              .agentId(agentId)
              .timestamp(view.nowSeconds())
              .build());
    }
    if (agent != null || admitted.isPresent()) {
      return Optional
          .empty(); // agent known but not re-registered yet: no answer, the client retries
    }
    return Optional.of(b.build());
  }

  /**
   * An agent of the registry that this master has not heard from yet (Mesos's "recovered" agents,
   * until they re-register or {@code agent_reregister_timeout} marks them unreachable). O(agents),
   * only for a task named without its agent.
   */
  private static boolean anyAgentRecovering(MasterView view) {
    for (Registry.AdmittedAgent a : view.registry().agents()) {
      if (a.state() == Registry.AgentState.ADMITTED && view.agent(a.info().id()).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** TASK_UNREACHABLE from the master, with the time the agent became unreachable if known. */
  private static TaskStatus unreachable(
      TaskId taskId, AgentId agentId, Instant since, MasterView view) {
    return TaskStatus.builder(taskId, TaskState.TASK_UNREACHABLE)
        .source(TaskStatus.Source.SOURCE_MASTER)
        .reason(TaskStatus.Reason.REASON_RECONCILIATION)
        .message("Reconciliation: Task is unreachable")
        .agentId(agentId)
        .unreachableTime(since == null ? null : TimeInfo.of(since))
        .timestamp(view.nowSeconds())
        .build();
  }
}
