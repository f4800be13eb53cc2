package io.mezzo.agent;

import io.mezzo.agent.health.ProbeTarget;
import io.mezzo.agent.health.TaskChecks;
import io.mezzo.agent.user.TaskUsers;
import io.mezzo.agent.user.UserAccount;
import io.mezzo.api.v1.CheckStatusInfo;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.TaskStatus.Reason;
import io.mezzo.api.v1.TaskStatus.Source;
import io.mezzo.core.time.Timers;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * What the command executor watches while a task runs: its health check and check (through {@link
 * TaskChecks}), turned into TASK_RUNNING updates with {@code healthy} or {@code check_status} when
 * they change and a kill when the task turns unhealthy for good; and its {@code
 * max_completion_time}, after which it is killed and ends TASK_FAILED with
 * REASON_MAX_COMPLETION_TIME_REACHED. {@link TaskEnds} asks {@link #endReason} how such a task
 * ended.
 *
 * <p>Confined to the agent's context, like every class of the task phases.
 */
final class TaskHealth implements TaskChecks.Reports, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AgentTasks.class);

  private final TaskBook book;
  private final TaskReporter reporter;
  private final Timers timers;
  private final Executor ctx;
  private final Consumer<TaskRun> kill;
  private final TaskUsers users;
  private final TaskChecks checks;
  private final Map<TaskId, Timers.Cancellable> deadlines = new HashMap<>();

  /**
   * @param kill kills a task with its own kill policy
   */
  TaskHealth(
      TaskBook book,
      TaskReporter reporter,
      Timers timers,
      Executor ctx,
      TaskChecks.ProbeMaker probes,
      TaskUsers users,
      Consumer<TaskRun> kill) {
    this.users = users;
    this.book = book;
    this.reporter = reporter;
    this.timers = timers;
    this.ctx = ctx;
    this.kill = kill;
    this.checks = new TaskChecks(timers, ctx, probes, this);
  }

  /**
   * What the first TASK_RUNNING of a task with a check carries, as in Mesos: the check's type and
   * an empty result, so a framework knows a check is coming. Null without a check.
   */
  static CheckStatusInfo noResultYet(io.mezzo.api.v1.TaskInfo task) {
    if (task.check() == null || task.check().type() == null) {
      return null;
    }
    return switch (task.check().type()) {
      case COMMAND ->
          new CheckStatusInfo(task.check().type(), new CheckStatusInfo.Command(null), null, null);
      case HTTP ->
          new CheckStatusInfo(task.check().type(), null, new CheckStatusInfo.Http(null), null);
      case TCP ->
          new CheckStatusInfo(task.check().type(), null, null, new CheckStatusInfo.Tcp(null));
      case UNKNOWN -> null;
    };
  }

  /** The container started: the completion deadline runs from now. */
  void launched(TaskRun t) {
    deadline(t, timers.clock().instant());
  }

  /** The task was reported RUNNING: its checks start (after their delays). */
  void running(TaskRun t, TaskStatus.ContainerStatus container) {
    checks.start(t.task, target(t, container));
  }

  /**
   * A task recovered running after an agent restart: checks resume, and the completion deadline
   * runs from when the task was launched (its checkpointed task info), not from the restart.
   */
  void recovered(TaskRun t, TaskStatus.ContainerStatus container) {
    Instant launched = timers.clock().instant();
    try {
      launched = Files.getLastModifiedTime(t.run.taskInfoFile(t.id())).toInstant();
    } catch (IOException e) {
      LOG.debugf("No launch time for task %s, its deadline counts from now: %s", t.id(), e);
    }
    deadline(t, launched);
    if (t.state() == TaskState.TASK_RUNNING) {
      running(t, container);
    }
  }

  /** The task ended: its checks and deadline stop. */
  void ended(TaskRun t) {
    checks.stop(t.id());
    Timers.Cancellable c = deadlines.remove(t.id());
    if (c != null) {
      c.cancel();
    }
  }

  /**
   * How a task the agent killed for its health or deadline ended, or null if it was not: the
   * terminal update to send instead of a plain TASK_KILLED.
   */
  TaskStatus.Builder endReason(TaskRun t) {
    if (t.completionTimeReached) {
      return TaskStatus.builder(t.id(), TaskState.TASK_FAILED)
          .reason(Reason.REASON_MAX_COMPLETION_TIME_REACHED)
          .message(
              "Task exceeded its max_completion_time of "
                  + t.task.maxCompletionTime().toDuration().toMillis()
                  + " ms and was killed")
          .healthy(t.healthy)
          .checkStatus(t.checkStatus);
    }
    if (t.unhealthy != null) {
      return TaskStatus.builder(t.id(), TaskState.TASK_KILLED)
          .message("Task is unhealthy: " + t.unhealthy)
          .healthy(false)
          .checkStatus(t.checkStatus);
    }
    return null;
  }

  @Override
  public void healthChanged(TaskId task, boolean healthy, String detail) {
    TaskRun t = running(task);
    if (t != null) {
      t.healthy = healthy;
      reporter.send(
          t,
          TaskStatus.builder(task, TaskState.TASK_RUNNING)
              .source(Source.SOURCE_EXECUTOR)
              .reason(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED)
              .message(detail)
              .healthy(healthy)
              .checkStatus(t.checkStatus));
    }
  }

  @Override
  public void unhealthy(TaskId task, String detail) {
    TaskRun t = book.tasks.get(task);
    if (t != null && !t.isTerminal() && !t.killRequested) {
      LOG.infof("Killing task %s: it is unhealthy: %s", task, detail);
      t.unhealthy = detail;
      kill.accept(t);
    }
  }

  @Override
  public void checkChanged(TaskId task, CheckStatusInfo status) {
    TaskRun t = running(task);
    if (t != null) {
      t.checkStatus = status;
      reporter.send(
          t,
          TaskStatus.builder(task, TaskState.TASK_RUNNING)
              .source(Source.SOURCE_EXECUTOR)
              .reason(Reason.REASON_TASK_CHECK_STATUS_UPDATED)
              .healthy(t.healthy)
              .checkStatus(status));
    }
  }

  /** The task, if it is still RUNNING (a killing task reports no more health). */
  private TaskRun running(TaskId task) {
    TaskRun t = book.tasks.get(task);
    return t != null && t.state() == TaskState.TASK_RUNNING && !t.killRequested ? t : null;
  }

  private void deadline(TaskRun t, Instant from) {
    if (t.task.maxCompletionTime() == null || deadlines.containsKey(t.id())) {
      return;
    }
    Duration max = t.task.maxCompletionTime().toDuration();
    Duration left = Duration.between(timers.clock().instant(), from.plus(max));
    deadlines.put(t.id(), timers.schedule(left, () -> ctx.execute(() -> expired(t))));
  }

  private void expired(TaskRun t) {
    deadlines.remove(t.id());
    if (t.isTerminal() || t.killRequested || book.tasks.get(t.id()) != t) {
      return;
    }
    LOG.infof("Killing task %s: it reached its max_completion_time", t.id());
    t.completionTimeReached = true;
    checks.stop(t.id());
    kill.accept(t);
  }

  /** Where the task's probes reach it (see {@link ProbeTarget}). */
  private ProbeTarget target(TaskRun t, TaskStatus.ContainerStatus container) {
    Map<String, String> env = new HashMap<>();
    CommandInfo command = t.task.command();
    if (command != null && command.environment() != null) {
      for (CommandInfo.Environment.Variable v : command.environment().variables()) {
        env.put(v.name(), v.value() == null ? "" : v.value());
      }
    }
    env.put("MESOS_SANDBOX", t.run.sandbox().toString());
    env.put("MESOS_DIRECTORY", t.run.sandbox().toString());
    env.put("MESOS_TASK_ID", t.id().value());
    env.put("MESOS_FRAMEWORK_ID", t.frameworkId().value());
    env.put("MESOS_CONTAINER_ID", t.run.containerId().value());
    ContainerInfo c = t.task.container();
    boolean docker = c != null && c.type() == ContainerInfo.Type.DOCKER;
    boolean ownNetwork =
        docker
            && c.docker() != null
            && c.docker().network() != ContainerInfo.DockerInfo.Network.HOST;
    Integer pid = container == null ? null : container.executorPid();
    if (docker) {
      // Inside the container the host's paths mean nothing: checks get the container's own
      // environment, as `docker exec` would give them.
      env.clear();
      env.putAll(containerEnvironment(pid));
    }
    return new ProbeTarget(t.run.sandbox(), env, pid, docker, ownNetwork, docker ? null : user(t));
  }

  /** Who the task's command runs as, resolved as its launch did, so its command checks match. */
  private UserAccount user(TaskRun t) {
    try {
      return users.resolve(t.framework, t.task.command()).orElse(null);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      // The task launched as this user, so it existed then; without it the checks cannot run
      // as the task does, and running them as the agent would pass what the task cannot do.
      LOG.warnf("Checks of task %s run as the agent: %s", t.id(), e.getMessage());
      return null;
    }
  }

  private static Map<String, String> containerEnvironment(Integer pid) {
    Map<String, String> env = new HashMap<>();
    if (pid == null) {
      return env;
    }
    try {
      String all = Files.readString(java.nio.file.Path.of("/proc", pid.toString(), "environ"));
      for (String kv : all.split("\0")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debugf("Cannot read the environment of process %d: %s", pid, e);
    }
    return env;
  }

  /** Stops every checker and deadline: the agent is stopping (tasks keep running). */
  @Override
  public void close() {
    checks.close();
    deadlines.values().forEach(Timers.Cancellable::cancel);
    deadlines.clear();
  }
}
