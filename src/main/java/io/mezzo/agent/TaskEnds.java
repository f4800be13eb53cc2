package io.mezzo.agent;

import io.mezzo.agent.containerizer.ComposingContainerizer;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.TaskStatus.Reason;
import io.mezzo.api.v1.TaskStatus.Source;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The ending phase of a task: a kill (KILL_TASK, SHUTDOWN_FRAMEWORK) destroys its container with
 * the kill policy's grace period, and a container's termination becomes the task's terminal update
 * (FINISHED, FAILED with the reason, KILLED, or FAILED from SOURCE_AGENT for a limitation).
 */
final class TaskEnds {
  private static final Logger LOG = Logger.getLogger(AgentTasks.class);

  private final TaskBook book;
  private final TaskReporter reporter;
  private final ComposingContainerizer containerizer;
  private final Duration defaultKillGrace;
  private final Executor ctx;
  private final TaskHealth health;

  /** Takes a kill of a task still waiting for its launch slot; set once the launch phase exists. */
  Predicate<TaskRun> queuedKill = t -> false;

  TaskEnds(
      TaskBook book,
      TaskReporter reporter,
      ComposingContainerizer containerizer,
      Duration defaultKillGrace,
      Executor ctx,
      TaskHealth health) {
    this.health = health;
    this.book = book;
    this.reporter = reporter;
    this.containerizer = containerizer;
    this.defaultKillGrace = defaultKillGrace;
    this.ctx = ctx;
  }

  /** Reports the task's end once its container terminates. */
  void watch(TaskRun t) {
    t.containerizer
        .wait(t.run.containerId())
        .handleAsync(
            (termination, err) -> {
              terminated(t, err == null ? termination : Optional.empty());
              return null;
            },
            ctx);
  }

  /** Reports the task's end from its container's termination (empty: nobody knows it). */
  void terminated(TaskRun t, Optional<Termination> termination) {
    if (t.isTerminal()) {
      return;
    }
    health.ended(t);
    if (termination.isEmpty()) {
      reporter.fail(
          t,
          TaskState.TASK_FAILED,
          Reason.REASON_EXECUTOR_TERMINATED,
          "No configured containerizer ("
              + String.join(",", containerizer.names())
              + ") knows container "
              + t.run.containerId());
      return;
    }
    Termination end = termination.get();
    TaskStatus.Builder b;
    if (end.limitation() != null) {
      // The agent, not the task, ended it: Mesos reports container limitations from SOURCE_AGENT.
      reporter.send(
          t,
          TaskStatus.builder(t.id(), TaskState.TASK_FAILED)
              .reason(end.limitation().reason())
              .message(end.message())
              .source(Source.SOURCE_AGENT)
              .limitation(ResourceMapping.limitation(end.limitation().resources())));
      return;
    } else if (health.endReason(t) != null) {
      b = health.endReason(t);
    } else if (t.killRequested) {
      b =
          TaskStatus.builder(t.id(), TaskState.TASK_KILLED)
              .message("Task killed: " + end.message());
    } else if (end.exitStatus() == null) {
      b =
          TaskStatus.builder(t.id(), TaskState.TASK_FAILED)
              .reason(Reason.REASON_EXECUTOR_TERMINATED)
              .message(end.message());
    } else if (end.exitStatus() == 0) {
      b = TaskStatus.builder(t.id(), TaskState.TASK_FINISHED).message(end.message());
    } else {
      b = TaskStatus.builder(t.id(), TaskState.TASK_FAILED).message(end.message());
    }
    reporter.send(t, b.source(Source.SOURCE_EXECUTOR));
  }

  void killTask(FrameworkId fid, TaskId tid, KillPolicy policy) {
    TaskRun t = book.tasks.get(tid);
    if (t == null || (fid != null && !fid.equals(t.frameworkId()))) {
      LOG.infof("Ignoring KILL_TASK for task %s of framework %s: unknown on this agent", tid, fid);
      return;
    }
    if (t.isTerminal()) {
      LOG.infof("Ignoring KILL_TASK for task %s: it already ended %s", tid, t.state());
      return;
    }
    Duration grace = grace(policy).or(() -> grace(t.task.killPolicy())).orElse(defaultKillGrace);
    if (queuedKill.test(t)) {
      // It never got a launch slot: nothing runs, and it already is TASK_KILLED.
      LOG.infof("Killed task %s of framework %s before its launch started", tid, t.frameworkId());
      return;
    }
    boolean first = !t.killRequested;
    t.killRequested = true;
    t.killGrace = grace;
    LOG.infof("Killing task %s of framework %s (grace period %s)", tid, t.frameworkId(), grace);
    if (first
        && t.state() == TaskState.TASK_RUNNING
        && t.framework.hasCapability(FrameworkInfo.Capability.Type.TASK_KILLING_STATE)) {
      reporter.send(
          t, TaskStatus.builder(tid, TaskState.TASK_KILLING).source(Source.SOURCE_EXECUTOR));
    }
    if (t.fetching != null) {
      // Still fetching: the container does not exist yet; stopping the fetch ends the task KILLED.
      t.fetching.cancel(true);
    } else if (t.containerizer != null) {
      t.containerizer.destroy(t.run.containerId(), grace);
    }
  }

  void shutdownFramework(FrameworkId fid) {
    List<TaskRun> victims =
        book.tasks.values().stream()
            .filter(t -> t.frameworkId().equals(fid) && !t.isTerminal() && t.executor == null)
            .toList();
    LOG.infof("Shutting down framework %s: killing %d task(s)", fid, victims.size());
    victims.forEach(t -> killTask(fid, t.id(), null));
  }

  private static Optional<Duration> grace(KillPolicy policy) {
    return policy == null || policy.gracePeriod() == null
        ? Optional.empty()
        : Optional.of(policy.gracePeriod().toDuration());
  }
}
