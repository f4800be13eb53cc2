package io.mezzo.agent;

import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskId;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of Mesos's default executor on this agent: the executor of {@code LAUNCH_GROUP} tasks.
 * Mezzo's default executor is not a separate process; the agent itself plays it. The run owns a
 * container id (the parent of its tasks' nested containers, with no process of its own) and a
 * sandbox (Mesos's {@code .../executors/<eid>/runs/<cid>}) that every task's sandbox lives under.
 *
 * <pre>
 *   RUNNING ──(a task fails or is killed; KILL_TASK of one task)──▶ that group KILLING
 *      │                                                                │
 *      └──────────────(every task of every group is terminal)───────────┴──▶ EXITED
 * </pre>
 *
 * A later RUN_TASK_GROUP with the same executor id adds a group to a RUNNING executor, as Mesos's
 * default executor accepts several groups; an EXITED executor is not reused (a new run is made).
 *
 * <p>Confined to the agent's context, like the task phases.
 */
final class DefaultExecutorRun {
  final FrameworkInfo framework;
  final ExecutorInfo info;

  /** The executor's paths: its container id is the parent of its tasks' containers. */
  final Paths.Run run;

  final List<Group> groups = new ArrayList<>();
  private boolean exited;

  DefaultExecutorRun(FrameworkInfo framework, ExecutorInfo info, Paths.Run run) {
    this.framework = framework;
    this.info = info;
    this.run = run;
  }

  FrameworkId frameworkId() {
    return run.frameworkId();
  }

  ExecutorId executorId() {
    return run.executorId();
  }

  List<TaskRun> tasks() {
    List<TaskRun> all = new ArrayList<>();
    groups.forEach(g -> all.addAll(g.tasks));
    return all;
  }

  boolean allTerminal() {
    return tasks().stream().allMatch(TaskRun::isTerminal);
  }

  boolean isExited() {
    return exited;
  }

  /**
   * Marks the run EXITED.
   *
   * @throws IllegalStateException if a task has not ended, or it exited already
   */
  void exit() {
    if (exited || !allTerminal()) {
      throw new IllegalStateException(
          "cannot go from " + (exited ? "EXITED" : "RUNNING") + " to EXITED: executor " + info);
    }
    exited = true;
  }

  /** What {@link Paths.Run#taskGroupsFile()} holds for this run. */
  Checkpoint checkpoint() {
    return new Checkpoint(
        info, groups.stream().map(g -> g.tasks.stream().map(TaskRun::id).toList()).toList());
  }

  /** The tasks that were launched together, and whether the executor is killing them. */
  static final class Group {
    final DefaultExecutorRun executor;
    final List<TaskRun> tasks = new ArrayList<>();

    /** Set once the default executor decided to kill the whole group; never unset. */
    boolean killing;

    Group(DefaultExecutorRun executor) {
      this.executor = executor;
    }
  }

  /**
   * The default executor's checkpoint: its info and the task ids of each group, so a restarted
   * agent knows which tasks live and die together.
   */
  public record Checkpoint(ExecutorInfo executorInfo, List<List<TaskId>> taskGroups) {
    public Checkpoint {
      taskGroups = taskGroups == null ? List.of() : List.copyOf(taskGroups);
    }
  }
}
