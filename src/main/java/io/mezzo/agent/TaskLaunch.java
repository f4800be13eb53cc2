package io.mezzo.agent;

import io.mezzo.agent.containerizer.ComposingContainerizer;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.fetcher.FetchException;
import io.mezzo.agent.fetcher.Fetcher;
import io.mezzo.agent.state.Checkpoints;
import io.mezzo.agent.state.Paths;
import io.mezzo.agent.user.SandboxOwner;
import io.mezzo.agent.user.TaskUsers;
import io.mezzo.agent.user.UserAccount;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.TaskStatus.Reason;
import io.mezzo.api.v1.TaskStatus.Source;
import io.mezzo.core.resources.Resources;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * The launch phase of a task, as the built-in command executor runs it: RUN_TASK is checked (unique
 * id, usable paths, a command, resources this agent has) and queued in TASK_STAGING for a launch
 * slot ({@link LaunchQueue}); with a slot it is checkpointed, given a sandbox, reported STARTING,
 * launched through the containerizer and reported RUNNING once its container runs; {@link TaskEnds}
 * then reports its end.
 *
 * <p>The slots bound the work a burst puts on the agent: only a few tasks at a time are forking,
 * checkpointing and fetching, so the agent's context stays free for heartbeats, acknowledgements
 * and reads, and a kill of a task still queued ({@link #killQueued}) ends it before anything of it
 * ran.
 */
final class TaskLaunch {
  private static final Logger LOG = Logger.getLogger(AgentTasks.class);

  private final TaskBook book;
  private final TaskReporter reporter;
  private final TaskEnds ends;
  private final Paths paths;
  private final ComposingContainerizer containerizer;
  private final Fetcher fetcher;
  private final RandomGenerator random;
  private final TaskUsers users;
  private final Executor ctx;
  private final AgentExecutors executors;
  private final TaskHealth health;
  private final LaunchQueue<TaskRun> queue;

  private final QueuedKillReports killedWhileQueued;

  /** The framework info last checkpointed per framework by this agent run. */
  private final Map<FrameworkId, FrameworkInfo> checkpointedFrameworks = new HashMap<>();

  /**
   * @param maxConcurrentLaunches how many tasks may be between their launch slot and a running
   *     container at once; the others wait in TASK_STAGING
   */
  TaskLaunch(
      TaskBook book,
      TaskReporter reporter,
      TaskEnds ends,
      Paths paths,
      ComposingContainerizer containerizer,
      Fetcher fetcher,
      RandomGenerator random,
      TaskUsers users,
      Executor ctx,
      AgentExecutors executors,
      TaskHealth health,
      int maxConcurrentLaunches) {
    this.queue = new LaunchQueue<>(maxConcurrentLaunches, this::start);
    this.killedWhileQueued =
        new QueuedKillReports(
            ctx,
            t ->
                checkpointAndFail(
                    t,
                    TaskState.TASK_KILLED,
                    Reason.REASON_TASK_KILLED_DURING_LAUNCH,
                    "Task killed before its launch started"));
    this.health = health;
    this.executors = executors;
    this.book = book;
    this.reporter = reporter;
    this.ends = ends;
    this.paths = paths;
    this.containerizer = containerizer;
    this.fetcher = fetcher;
    this.random = random;
    this.users = users;
    this.ctx = ctx;
  }

  void runTask(FrameworkInfo framework, TaskInfo task) {
    FrameworkId fid = framework == null ? null : framework.id();
    TaskId tid = task == null ? null : task.taskId();
    if (fid == null || tid == null) {
      LOG.warnf("Dropping RUN_TASK without framework id or task id: %s", task);
      return;
    }
    if (book.tasks.containsKey(tid)) {
      // Not through the update manager: the id's stream belongs to the running task, and a terminal
      // update acknowledged there would close it. Sent once, without uuid, like a master's update.
      String why = "Task id " + tid + " is already in use on this agent";
      LOG.warnf("Rejecting RUN_TASK %s of framework %s: %s", tid, fid, why);
      reporter.sendOnce(
          fid,
          TaskStatus.builder(tid, TaskState.TASK_ERROR)
              .source(Source.SOURCE_AGENT)
              .reason(Reason.REASON_TASK_INVALID)
              .message(why)
              .agentId(book.agentId)
              .timestamp(reporter.now())
              .build());
      return;
    }
    if (task.executor() != null) {
      executors.runTask(framework, task);
      return;
    }
    ContainerId cid = newContainerId();
    Paths.Run run;
    try {
      run = paths.run(book.agentId, fid, ExecutorId.of(tid.value()), cid);
      run.taskMetaDir(tid);
    } catch (IllegalArgumentException e) {
      // Without a usable path there is nowhere to checkpoint, so this too is sent once.
      LOG.warnf("Rejecting RUN_TASK %s of framework %s: %s", tid, fid, e.getMessage());
      reporter.sendOnce(
          fid,
          TaskStatus.builder(tid, TaskState.TASK_ERROR)
              .source(Source.SOURCE_AGENT)
              .reason(Reason.REASON_TASK_INVALID)
              .message(e.getMessage())
              .agentId(book.agentId)
              .timestamp(reporter.now())
              .build());
      return;
    }
    book.frameworks.put(fid, framework);
    TaskRun t = new TaskRun(framework, task, run, TaskState.TASK_STAGING);
    book.tasks.put(tid, t);
    if (task.command() == null) {
      checkpointAndFail(
          t,
          TaskState.TASK_ERROR,
          Reason.REASON_TASK_INVALID,
          "Task has neither a command nor an executor");
      return;
    }
    Optional<String> invalid = invalidResources(task);
    if (invalid.isPresent()) {
      checkpointAndFail(t, TaskState.TASK_ERROR, Reason.REASON_TASK_INVALID, invalid.get());
      return;
    }
    // The costly part (checkpoints, sandbox, fetch, fork) waits for a launch slot; until then the
    // task is TASK_STAGING and costs the agent only this entry.
    queue.submit(t);
  }

  /**
   * Whether a kill found {@code t} still waiting for a launch slot: it is then out of the queue at
   * once, so nothing of it ever runs, and reported TASK_KILLED shortly after ({@link
   * QueuedKillReports}).
   */
  boolean killQueued(TaskRun t) {
    if (!queue.cancel(t)) {
      return false;
    }
    t.killRequested = true;
    killedWhileQueued.add(t);
    return true;
  }

  /**
   * The queue gave {@code t} a slot: checkpoint it, make its sandbox, fetch its URIs, launch it.
   * Every way out of the launch (it runs, it failed, it was killed) frees the slot through {@link
   * #release}.
   */
  private void start(TaskRun t) {
    t.holdsLaunchSlot = true;
    try {
      prepare(t);
    } catch (RuntimeException e) {
      LOG.errorf(e, "Launch of task %s failed unexpectedly", t.id());
      if (!t.isTerminal()) {
        reporter.fail(
            t,
            TaskState.TASK_FAILED,
            Reason.REASON_CONTAINER_LAUNCH_FAILED,
            "Failed to launch: " + TaskReporter.describe(e));
      }
      release(t);
    }
  }

  private void prepare(TaskRun t) {
    FrameworkInfo framework = t.framework;
    TaskInfo task = t.task;
    Paths.Run run = t.run;
    ContainerId cid = run.containerId();
    try {
      checkpoint(t);
    } catch (UncheckedIOException e) {
      failLaunch(
          t,
          TaskState.TASK_FAILED,
          Reason.REASON_CONTAINER_LAUNCH_FAILED,
          "Failed to checkpoint the task: " + e.getMessage());
      return;
    }
    UserAccount user;
    try {
      user = users.resolve(framework, task.command()).orElse(null);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      failLaunch(t, TaskState.TASK_FAILED, Reason.REASON_CONTAINER_LAUNCH_FAILED, e.getMessage());
      return;
    }
    t.containerizer = containerizer;
    try {
      Files.createDirectories(run.sandbox());
      if (user != null) {
        SandboxOwner.own(paths.workDir(), run.sandbox(), user);
      }
      Checkpoints.symlinkAtomically(run.latestLink(), Path.of(cid.value()));
    } catch (java.io.IOException | UncheckedIOException e) {
      failLaunch(
          t,
          TaskState.TASK_FAILED,
          Reason.REASON_CONTAINER_LAUNCH_FAILED,
          "Failed to create the sandbox " + run.sandbox() + ": " + e.getMessage());
      return;
    }
    // The URIs land in the sandbox before the container starts, so both containerizers see them.
    CompletableFuture<Void> fetch =
        fetcher.fetch(
            task.command().uris(), run.sandbox(), run.stderr(), user == null ? null : user.name());
    if (fetch.isDone() && !fetch.isCompletedExceptionally()) {
      // Nothing to fetch: launch at once, in the same turn, as before there was a fetcher.
      fetched(t, user, null);
      return;
    }
    t.fetching = fetch;
    fetch.handleAsync(
        (ok, error) -> {
          fetched(t, user, error);
          return null;
        },
        ctx);
  }

  /**
   * Checkpoints the framework and the task: a restarted agent finds every task that got this far.
   * The framework's info is written again only when it changed, not once per task of a burst.
   */
  private void checkpoint(TaskRun t) {
    FrameworkId fid = t.frameworkId();
    if (!t.framework.equals(checkpointedFrameworks.get(fid))) {
      Checkpoints.writeJson(paths.frameworkInfoFile(book.agentId, fid), t.framework);
      checkpointedFrameworks.put(fid, t.framework);
    }
    Checkpoints.writeJson(t.run.taskInfoFile(t.id()), t.task);
  }

  /** Fails a task that never got a slot, checkpointing it first so its update has a task. */
  private void checkpointAndFail(TaskRun t, TaskState state, Reason reason, String message) {
    try {
      checkpoint(t);
    } catch (UncheckedIOException e) {
      LOG.warnf("Cannot checkpoint task %s: %s", t.id(), e.getMessage());
    }
    reporter.fail(t, state, reason, message);
  }

  private void failLaunch(TaskRun t, TaskState state, Reason reason, String message) {
    reporter.fail(t, state, reason, message);
    release(t);
  }

  /** The launch of {@code t} is over: its slot goes to the next queued task. */
  private void release(TaskRun t) {
    if (t.holdsLaunchSlot) {
      t.holdsLaunchSlot = false;
      queue.done(t);
    }
  }

  private void fetched(TaskRun t, UserAccount user, Throwable fetchError) {
    t.fetching = null;
    if (t.isTerminal()) {
      release(t);
      return;
    }
    Throwable cause =
        fetchError instanceof CompletionException && fetchError.getCause() != null
            ? fetchError.getCause()
            : fetchError;
    if (t.killRequested) {
      failLaunch(
          t,
          TaskState.TASK_KILLED,
          Reason.REASON_TASK_KILLED_DURING_LAUNCH,
          "Task killed while fetching its URIs");
      return;
    } else if (cause != null) {
      failLaunch(
          t,
          TaskState.TASK_FAILED,
          Reason.REASON_CONTAINER_LAUNCH_FAILED,
          cause instanceof FetchException
              ? cause.getMessage()
              : "Failed to fetch URIs: " + TaskReporter.describe(cause));
      return;
    }
    TaskId tid = t.id();
    FrameworkId fid = t.frameworkId();
    ContainerId cid = t.run.containerId();
    TaskInfo task = t.task;
    FrameworkInfo framework = t.framework;
    reporter.send(
        t, TaskStatus.builder(tid, TaskState.TASK_STARTING).source(Source.SOURCE_EXECUTOR));
    LOG.infof(
        "Launching task %s of framework %s in container %s (%s container)",
        tid, fid, cid, containerType(task));
    containerizer
        .launch(new ContainerConfig(t.run, task, framework, user))
        .handleAsync(
            (result, error) -> {
              launched(t, result, error);
              return null;
            },
            ctx);
  }

  private void launched(TaskRun t, Containerizer.LaunchResult result, Throwable error) {
    release(t);
    if (t.isTerminal()) {
      return;
    }
    if (error != null || result != Containerizer.LaunchResult.SUCCESS) {
      String cause =
          error != null
              ? TaskReporter.describe(error)
              : result == Containerizer.LaunchResult.NOT_SUPPORTED
                  ? "no configured containerizer runs "
                      + containerType(t.task)
                      + " containers (configured: "
                      + String.join(",", containerizer.names())
                      + ")"
                  : "the containerizer answered " + result;
      if (t.killRequested) {
        reporter.fail(
            t,
            TaskState.TASK_KILLED,
            Reason.REASON_TASK_KILLED_DURING_LAUNCH,
            "Task killed during launch: " + cause);
      } else {
        reporter.fail(
            t,
            TaskState.TASK_FAILED,
            Reason.REASON_CONTAINER_LAUNCH_FAILED,
            "Failed to launch container: " + cause);
      }
      return;
    }
    Containerizer c = t.containerizer;
    ContainerId cid = t.run.containerId();
    if (t.killRequested) {
      c.destroy(cid, t.killGrace);
    } else {
      health.launched(t);
    }
    c.status(cid)
        .handleAsync(
            (status, err) -> {
              if (!t.isTerminal() && !t.killRequested && t.state() == TaskState.TASK_STARTING) {
                reporter.send(
                    t,
                    TaskStatus.builder(t.id(), TaskState.TASK_RUNNING)
                        .source(Source.SOURCE_EXECUTOR)
                        .checkStatus(TaskHealth.noResultYet(t.task)),
                    status);
                health.running(t, status);
              }
              ends.watch(t);
              return null;
            },
            ctx);
  }

  /**
   * Why the task's resources cannot be run here, if they cannot: a value that is not a valid
   * resource (a negative cpus), or more than this agent has at all. The master checks both against
   * the offer; the agent checks again so a task that slipped through fails alone instead of
   * starving its neighbours.
   */
  private Optional<String> invalidResources(TaskInfo task) {
    Resources asked;
    try {
      asked = ResourceMapping.toCore(task.resources());
    } catch (IllegalArgumentException e) {
      return Optional.of("Invalid task resources: " + e.getMessage());
    }
    if (book.total != null && !book.total.unreserved().contains(asked.unreserved())) {
      return Optional.of("Task asks for " + asked + " but this agent has only " + book.total);
    }
    return Optional.empty();
  }

  static ContainerInfo.Type containerType(TaskInfo task) {
    return task.container() == null || task.container().type() == null
        ? ContainerInfo.Type.MESOS
        : task.container().type();
  }

  private ContainerId newContainerId() {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return ContainerId.of(new UUID(hi, lo).toString());
  }
}
