package io.mezzo.agent;

import io.mezzo.agent.containerizer.ComposingContainerizer;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.state.Checkpoints;
import io.mezzo.agent.state.Paths;
import io.mezzo.agent.status.StatusUpdateManager;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * The recovery phase of the agent's tasks: after a restart, the task table is rebuilt from the
 * checkpoints (task and framework info, update streams), the containers of open tasks are handed to
 * the containerizers to re-attach, and their ends are then reported as they come.
 */
final class TaskRecovery {
  private static final Logger LOG = Logger.getLogger(AgentTasks.class);

  private final TaskBook book;
  private final TaskEnds ends;
  private final TaskGroups groups;
  private final Paths paths;
  private final ComposingContainerizer containerizer;
  private final StatusUpdateManager updates;
  private final ExecutorRecovery executors;
  private final TaskHealth health;
  private final Executor ctx;

  TaskRecovery(
      TaskBook book,
      TaskEnds ends,
      TaskGroups groups,
      Paths paths,
      ComposingContainerizer containerizer,
      StatusUpdateManager updates,
      ExecutorRecovery executors,
      TaskHealth health,
      Executor ctx) {
    this.health = health;
    this.ctx = ctx;
    this.executors = executors;
    this.book = book;
    this.ends = ends;
    this.groups = groups;
    this.paths = paths;
    this.containerizer = containerizer;
    this.updates = updates;
  }

  /**
   * Rebuilds the task table from the checkpoints of {@code agent} and recovers the update streams.
   * Tasks whose terminal update was acknowledged stay book.completed.
   *
   * @return the containers to re-attach to
   */
  List<ContainerConfig> recover(AgentId agent) {
    List<ContainerConfig> toRecover = new ArrayList<>();
    for (Paths.Run run : paths.listRuns(agent)) {
      if (executors.recoverRun(agent, run, toRecover)) {
        continue;
      }
      if (groups.recover(agent, run, toRecover)) {
        continue;
      }
      for (TaskId tid : run.listTasks()) {
        recoverTask(agent, run, tid, toRecover);
      }
    }
    LOG.infof("Recovered %d task(s) of agent %s", book.tasks.size(), agent);
    return toRecover;
  }

  private void recoverTask(AgentId agent, Paths.Run run, TaskId tid, List<ContainerConfig> out) {
    Optional<TaskInfo> task = Checkpoints.readJson(run.taskInfoFile(tid), TaskInfo.class);
    if (task.isEmpty()) {
      LOG.warnf("Skipping task %s in %s: no task.info", tid, run.metaDir());
      return;
    }
    FrameworkInfo framework =
        Checkpoints.readJson(paths.frameworkInfoFile(agent, run.frameworkId()), FrameworkInfo.class)
            .orElse(FrameworkInfo.builder().id(run.frameworkId()).build());
    Optional<StatusUpdateManager.Recovered> stream = updates.recover(tid, run.taskUpdatesFile(tid));
    TaskState state = stream.map(s -> s.latest().state()).orElse(TaskState.TASK_STAGING);
    TaskRun t = new TaskRun(framework, task.get(), run, state);
    t.latest = stream.map(StatusUpdateManager.Recovered::latest).orElse(null);
    if (stream.isPresent() && stream.get().closed()) {
      book.completed.addLast(t);
      return;
    }
    TaskRun previous = book.tasks.put(tid, t);
    if (previous != null) {
      LOG.warnf(
          "Task %s has two open runs (%s, %s); keeping the latter",
          tid, previous.run.containerId(), run.containerId());
    }
    book.frameworks.put(run.frameworkId(), framework);
    if (!state.isTerminal()) {
      t.containerizer = containerizer;
      out.add(new ContainerConfig(run, task.get(), framework));
    }
  }

  /** After the containerizers recovered: reports the recovered tasks' ends as they come. */
  void watchRecovered() {
    for (TaskRun t : List.copyOf(book.tasks.values())) {
      if (t.isTerminal() || t.group != null) {
        continue;
      }
      ends.watch(t);
      t.containerizer
          .status(t.run.containerId())
          .thenAccept(
              status ->
                  ctx.execute(
                      () -> {
                        if (!t.isTerminal()) {
                          health.recovered(t, status);
                        }
                      }));
    }
    groups.watchRecovered();
  }
}
