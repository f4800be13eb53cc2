package io.mezzo.agent;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.state.Checkpoints;
import io.mezzo.agent.state.Paths;
import io.mezzo.agent.status.StatusUpdateManager;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The recovery phase of custom executors: a run with a checkpointed {@code executor.info} and open
 * tasks is rebuilt, its container handed to the containerizers to re-attach, and the executor given
 * the re-registration timeout to subscribe again; one that does not is destroyed and its tasks fail
 * with {@code REASON_EXECUTOR_REREGISTRATION_TIMEOUT}.
 */
final class ExecutorRecovery {
  private static final Logger LOG = Logger.getLogger(AgentExecutors.class);

  private final AgentExecutors executors;
  private final List<ExecutorRun> recovered = new ArrayList<>();

  ExecutorRecovery(AgentExecutors executors) {
    this.executors = executors;
  }

  /**
   * Recovers {@code run} if it is a custom executor's.
   *
   * @return false for a command task's run, which the caller recovers as before
   */
  boolean recoverRun(AgentId agent, Paths.Run run, List<ContainerConfig> toRecover) {
    Optional<ExecutorInfo> info = Checkpoints.readJson(run.executorInfoFile(), ExecutorInfo.class);
    if (info.isEmpty()) {
      return false;
    }
    TaskBook book = executors.book;
    FrameworkInfo framework =
        Checkpoints.readJson(
                executors.paths.frameworkInfoFile(agent, run.frameworkId()), FrameworkInfo.class)
            .orElse(FrameworkInfo.builder().id(run.frameworkId()).build());
    ExecutorRun e = new ExecutorRun(framework, info.get(), run, ExecutorRun.State.REGISTERING);
    for (TaskId tid : run.listTasks()) {
      Optional<TaskInfo> task = Checkpoints.readJson(run.taskInfoFile(tid), TaskInfo.class);
      if (task.isEmpty()) {
        continue;
      }
      Optional<StatusUpdateManager.Recovered> stream =
          executors.updates.recover(tid, run.taskUpdatesFile(tid));
      TaskState state = stream.map(s -> s.latest().state()).orElse(TaskState.TASK_STAGING);
      TaskRun t = new TaskRun(framework, task.get(), run, state);
      t.latest = stream.map(StatusUpdateManager.Recovered::latest).orElse(null);
      if (stream.isPresent() && stream.get().closed()) {
        book.completed.addLast(t);
        continue;
      }
      stream.ifPresent(
          s -> {
            s.pending().stream().map(TaskStatus::uuid).forEach(t.reportedUuids::add);
            t.reportedUuids.add(s.latest().uuid());
          });
      t.executor = e;
      t.containerizer = executors.containerizer;
      e.tasks.put(tid, t);
      book.tasks.put(tid, t);
      book.frameworks.put(run.frameworkId(), framework);
      if (stream.isEmpty()) {
        // Never reported: it may not have reached the executor; LAUNCH it again on subscribing
        // unless the executor lists it as unacknowledged.
        e.queued.add(task.get());
      }
    }
    if (e.tasks.values().stream().allMatch(TaskRun::isTerminal)) {
      return true;
    }
    executors.live.put(new AgentExecutors.Key(run.frameworkId(), e.id()), e);
    toRecover.add(
        ExecutorContainer.config(
            e, AgentExecutors.tasksOf(e), executors.agentEndpoint, executors.settings));
    recovered.add(e);
    LOG.infof(
        "Recovered executor %s of framework %s with %d task(s)",
        e.id(), e.frameworkId(), e.tasks.size());
    return true;
  }

  /** After the containerizers recovered: watch each executor and wait for it to re-subscribe. */
  void watchRecovered() {
    for (ExecutorRun e : recovered) {
      executors.ends.watch(e);
      if (e.state() == ExecutorRun.State.REGISTERING) {
        executors.ends.awaitSubscription(
            e,
            executors.settings.reregistrationTimeout(),
            TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT);
      }
    }
    recovered.clear();
  }
}
