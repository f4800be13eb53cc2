package io.mezzo.agent;

import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.CheckStatusInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One task on this agent, from RUN_TASK until its terminal update is acknowledged. Owned by the
 * agent's context.
 *
 * <pre>
 *   TASK_STAGING ──▶ TASK_STARTING ──▶ TASK_RUNNING ──▶ TASK_KILLING
 *        │                 │                 │                │
 *        ▼                 ▼                 ▼                ▼
 *   TASK_ERROR,       TASK_FAILED,      TASK_FINISHED, TASK_FAILED, TASK_KILLED
 *   TASK_FAILED       TASK_KILLED
 * </pre>
 *
 * A task recovered from a checkpoint starts in the last state it reported.
 */
final class TaskRun {
  private static final Set<TaskState> ENDS =
      EnumSet.of(TaskState.TASK_FINISHED, TaskState.TASK_FAILED, TaskState.TASK_KILLED);
  private static final Map<TaskState, Set<TaskState>> NEXT =
      Map.of(
          TaskState.TASK_STAGING,
          EnumSet.of(
              TaskState.TASK_STARTING,
              TaskState.TASK_ERROR,
              TaskState.TASK_FAILED,
              TaskState.TASK_KILLED),
          TaskState.TASK_STARTING,
          EnumSet.of(
              TaskState.TASK_RUNNING,
              TaskState.TASK_KILLING,
              TaskState.TASK_FINISHED,
              TaskState.TASK_FAILED,
              TaskState.TASK_KILLED),
          TaskState.TASK_RUNNING,
          EnumSet.of(
              // Health and check results are TASK_RUNNING updates of a running task.
              TaskState.TASK_RUNNING,
              TaskState.TASK_KILLING,
              TaskState.TASK_FINISHED,
              TaskState.TASK_FAILED,
              TaskState.TASK_KILLED),
          TaskState.TASK_KILLING,
          ENDS);

  final FrameworkInfo framework;
  final TaskInfo task;

  /**
   * Sandbox and checkpoint paths; a task that never launched still checkpoints its updates here.
   */
  final Paths.Run run;

  /** The task group it belongs to under a default executor; null for a command task. */
  DefaultExecutorRun.Group group;

  /** The containerizer that runs it; null if it never got one (invalid task). */
  Containerizer containerizer;

  private TaskState state;
  TaskStatus latest;

  /** The custom executor that runs it; null for a command task (the agent is its executor). */
  ExecutorRun executor;

  /** The uuids of updates its custom executor sent, so acknowledgements can go back to it. */
  final Set<String> reportedUuids = new java.util.HashSet<>();

  boolean killRequested;

  /** Whether its launch holds one of the agent's launch slots (from the slot until it runs). */
  boolean holdsLaunchSlot;

  /** Garbage collection removed the run's sandbox: views stop offering it. */
  boolean sandboxRemoved;

  Duration killGrace;

  /** What {@link TaskHealth} found: the latest health and check result, and why it killed. */
  Boolean healthy;

  CheckStatusInfo checkStatus;
  String unhealthy;
  boolean completionTimeReached;

  /** The fetch of its URIs while it runs, so a kill can stop it; null before and after. */
  java.util.concurrent.Future<Void> fetching;

  TaskRun(FrameworkInfo framework, TaskInfo task, Paths.Run run, TaskState initial) {
    this.framework = framework;
    this.task = task;
    this.run = run;
    this.state = initial;
  }

  TaskId id() {
    return task.taskId();
  }

  FrameworkId frameworkId() {
    return run.frameworkId();
  }

  TaskState state() {
    return state;
  }

  boolean isTerminal() {
    return state.isTerminal();
  }

  /**
   * Moves to a state its custom executor reported: an executor may repeat a state (health updates)
   * or skip ones, but nothing follows a terminal state.
   *
   * @throws IllegalStateException if the task already ended
   */
  void reported(TaskState to) {
    if (state.isTerminal()) {
      throw new IllegalStateException("cannot go from " + state + " to " + to + ": task " + id());
    }
    state = to;
  }

  /**
   * Moves to {@code to}.
   *
   * @throws IllegalStateException if the diagram has no such edge
   */
  void transition(TaskState to) {
    Set<TaskState> allowed = NEXT.getOrDefault(state, Set.of());
    if (!allowed.contains(to)) {
      throw new IllegalStateException("cannot go from " + state + " to " + to + ": task " + id());
    }
    state = to;
  }
}
