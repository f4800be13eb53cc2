package io.mezzo.agent;

import io.mezzo.agent.containerizer.ComposingContainerizer;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.fetcher.FetchException;
import io.mezzo.agent.fetcher.Fetcher;
import io.mezzo.agent.state.Checkpoints;
import io.mezzo.agent.state.Paths;
import io.mezzo.agent.status.StatusUpdateManager;
import io.mezzo.agent.user.SandboxOwner;
import io.mezzo.agent.user.TaskUsers;
import io.mezzo.agent.user.UserAccount;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus.Reason;
import io.mezzo.api.v1.executor.Event;
import io.mezzo.core.resources.Resources;
import io.mezzo.core.time.Timers;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * The custom executors of one agent, the launch phase: RUN_TASK with {@code task.executor} starts
 * the executor's container for the first task of an executor id (checkpointing its ExecutorInfo
 * with the run) and queues the task until the executor subscribes; later tasks of a live executor
 * go to it at once. The executor's calls are {@link ExecutorCalls}; kills, shutdowns and its end
 * are {@link ExecutorEnds}.
 *
 * <p>Confined to the agent's context, like the task phases.
 */
final class AgentExecutors {
  private static final Logger LOG = Logger.getLogger(AgentExecutors.class);

  /** An executor is named by its framework and its id. */
  record Key(FrameworkId frameworkId, ExecutorId executorId) {}

  /**
   * The executors that have not terminated; a terminated one leaves, its tasks stay in the book.
   */
  final Map<Key, ExecutorRun> live = new LinkedHashMap<>();

  final TaskBook book;
  final TaskReporter reporter;
  final StatusUpdateManager updates;
  final ComposingContainerizer containerizer;
  final Paths paths;
  final Timers timers;
  final Executor ctx;
  final ExecutorSettings settings;
  final String agentEndpoint;

  /** Told of an executor run that ended with all its tasks acknowledged (GC's cue). */
  java.util.function.Consumer<Paths.Run> runEnded = run -> {};

  private final RandomGenerator random;
  private final TaskUsers users;
  private final Fetcher fetcher;
  ExecutorEnds ends;

  AgentExecutors(
      TaskBook book,
      TaskReporter reporter,
      StatusUpdateManager updates,
      ComposingContainerizer containerizer,
      Paths paths,
      Timers timers,
      RandomGenerator random,
      Executor ctx,
      ExecutorSettings settings,
      String agentEndpoint,
      TaskUsers users,
      Fetcher fetcher) {
    this.users = users;
    this.fetcher = fetcher;
    this.book = book;
    this.reporter = reporter;
    this.updates = updates;
    this.containerizer = containerizer;
    this.paths = paths;
    this.timers = timers;
    this.random = random;
    this.ctx = ctx;
    this.settings = settings;
    this.agentEndpoint = agentEndpoint;
  }

  ExecutorRun find(FrameworkId fid, ExecutorId eid) {
    return fid == null || eid == null ? null : live.get(new Key(fid, eid));
  }

  /**
   * Takes on a task of a custom executor; the task's id has been checked unique. Every refusal is
   * the task's own TASK_ERROR or TASK_FAILED update, naming what is wrong.
   */
  void runTask(FrameworkInfo framework, TaskInfo given) {
    // LAUNCH carries the task as a TaskInfo, whose agent_id is required on the wire.
    TaskInfo task = given.agentId() == null ? given.withAgentId(book.agentId) : given;
    ExecutorInfo info = task.executor().withFrameworkId(framework.id());
    if (info.executorId() == null) {
      // Without an id there is no run to checkpoint the task in, so this is sent once.
      reporter.sendOnce(framework.id(), rejection(task, "Task's executor has no executor_id"));
      return;
    }
    ExecutorRun e = find(framework.id(), info.executorId());
    TaskRun t;
    try {
      t = admit(framework, task, e != null ? e.run : newRun(framework, info));
    } catch (IllegalArgumentException | UncheckedIOException err) {
      LOG.warnf("Rejecting RUN_TASK %s: %s", task.taskId(), err.getMessage());
      reporter.sendOnce(framework.id(), rejection(task, err.getMessage()));
      return;
    }
    String invalid = invalid(info);
    if (invalid != null) {
      reporter.fail(t, TaskState.TASK_ERROR, Reason.REASON_TASK_INVALID, invalid);
      return;
    }
    if (e != null && e.state() == ExecutorRun.State.TERMINATING) {
      reporter.fail(
          t,
          TaskState.TASK_FAILED,
          Reason.REASON_EXECUTOR_TERMINATED,
          "Executor " + e.id() + " is shutting down");
      return;
    }
    if (e == null) {
      e = new ExecutorRun(framework, info, t.run, ExecutorRun.State.LAUNCHING);
      live.put(new Key(framework.id(), info.executorId()), e);
      join(e, t);
      e.queued.add(task);
      launch(e);
      return;
    }
    join(e, t);
    if (e.stream != null) {
      e.stream.send(Event.launch(task));
    } else {
      e.queued.add(task);
    }
    containerizer.update(e.run.containerId(), ExecutorContainer.resources(e.info, tasksOf(e)));
  }

  private void join(ExecutorRun e, TaskRun t) {
    t.executor = e;
    t.containerizer = containerizer;
    e.tasks.put(t.id(), t);
  }

  private static String invalid(ExecutorInfo info) {
    if (info.effectiveType() != ExecutorInfo.Type.CUSTOM || info.command() == null) {
      return "Executor "
          + info.executorId()
          + " is not a CUSTOM executor with a command (the DEFAULT executor runs task groups)";
    }
    if (info.container() != null && info.container().type() == ContainerInfo.Type.DOCKER) {
      return "Executor " + info.executorId() + ": DOCKER executor containers are not supported yet";
    }
    return null;
  }

  private Paths.Run newRun(FrameworkInfo framework, ExecutorInfo info) {
    return paths.run(book.agentId, framework.id(), info.executorId(), newContainerId());
  }

  /** Checkpoints the task in the executor's run and enters it in the book. */
  private TaskRun admit(FrameworkInfo framework, TaskInfo task, Paths.Run run) {
    run.taskMetaDir(task.taskId());
    book.frameworks.put(framework.id(), framework);
    Checkpoints.writeJson(paths.frameworkInfoFile(book.agentId, framework.id()), framework);
    Checkpoints.writeJson(run.taskInfoFile(task.taskId()), task);
    TaskRun t = new TaskRun(framework, task, run, TaskState.TASK_STAGING);
    book.tasks.put(task.taskId(), t);
    return t;
  }

  private io.mezzo.api.v1.TaskStatus rejection(TaskInfo task, String why) {
    return io.mezzo.api.v1.TaskStatus.builder(task.taskId(), TaskState.TASK_ERROR)
        .source(io.mezzo.api.v1.TaskStatus.Source.SOURCE_AGENT)
        .reason(Reason.REASON_TASK_INVALID)
        .message(why)
        .agentId(book.agentId)
        .timestamp(reporter.now())
        .build();
  }

  private void launch(ExecutorRun e) {
    UserAccount user;
    try {
      // As Mesos: the executor runs as ExecutorInfo.command.user, else FrameworkInfo.user.
      user = users.resolve(e.framework, e.info.command()).orElse(null);
    } catch (IllegalArgumentException | UncheckedIOException err) {
      ends.launchFailed(e, "Failed to launch executor " + e.id() + ": " + err.getMessage());
      return;
    }
    try {
      // Written only for an executor that launches: recovery takes a run with it for an executor's.
      Checkpoints.writeJson(e.run.executorInfoFile(), e.info);
      Files.createDirectories(e.run.sandbox());
      if (user != null) {
        SandboxOwner.own(paths.workDir(), e.run.sandbox(), user);
      }
      Checkpoints.symlinkAtomically(e.run.latestLink(), Path.of(e.run.containerId().value()));
    } catch (java.io.IOException | UncheckedIOException err) {
      ends.launchFailed(e, "Failed to create the sandbox " + e.run.sandbox() + ": " + err);
      return;
    }
    // As Mesos: ExecutorInfo.command.uris land in the executor's sandbox before its container.
    fetcher
        .fetch(
            e.info.command().uris(),
            e.run.sandbox(),
            e.run.sandbox().resolve("stderr"),
            user == null ? null : user.name())
        .handleAsync(
            (ok, err) -> {
              fetched(e, user, err);
              return null;
            },
            ctx);
  }

  private void fetched(ExecutorRun e, UserAccount user, Throwable fetchError) {
    if (fetchError != null) {
      Throwable cause =
          fetchError instanceof CompletionException && fetchError.getCause() != null
              ? fetchError.getCause()
              : fetchError;
      ends.launchFailed(
          e,
          "Failed to fetch the URIs of executor "
              + e.id()
              + ": "
              + (cause instanceof FetchException
                  ? cause.getMessage()
                  : TaskReporter.describe(cause)));
      return;
    }
    LOG.infof(
        "Launching executor %s of framework %s in container %s",
        e.id(), e.frameworkId(), e.run.containerId());
    ContainerConfig config = ExecutorContainer.config(e, tasksOf(e), agentEndpoint, settings);
    containerizer
        .launch(new ContainerConfig(config.run(), config.task(), config.framework(), user))
        .handleAsync(
            (result, err) -> {
              launched(e, result, err);
              return null;
            },
            ctx);
  }

  private void launched(ExecutorRun e, Containerizer.LaunchResult result, Throwable err) {
    if (err != null || result != Containerizer.LaunchResult.SUCCESS) {
      ends.launchFailed(
          e,
          "Failed to launch the container of executor "
              + e.id()
              + ": "
              + (err != null
                  ? TaskReporter.describe(err)
                  : "the containerizer answered " + result));
      return;
    }
    ends.watch(e);
    if (e.state() == ExecutorRun.State.TERMINATING && e.stream == null) {
      // Shut down while its container was still starting: the destroy found nothing to end then.
      containerizer.destroy(e.run.containerId());
      return;
    }
    if (e.state() == ExecutorRun.State.LAUNCHING) {
      e.transition(ExecutorRun.State.REGISTERING);
      ends.awaitSubscription(
          e, settings.registrationTimeout(), Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT);
    }
  }

  static List<TaskInfo> tasksOf(ExecutorRun e) {
    return e.tasks.values().stream().filter(t -> !t.isTerminal()).map(t -> t.task).toList();
  }

  /** The resources of executors that have not ended (their tasks count in the book). */
  Resources used() {
    Resources sum = Resources.empty();
    for (ExecutorRun e : live.values()) {
      try {
        sum = sum.plus(ResourceMapping.toCore(e.info.resources()));
      } catch (IllegalArgumentException err) {
        LOG.debugf("Executor %s has resources that do not add up: %s", e.id(), err.getMessage());
      }
    }
    return sum;
  }

  void closeStreams() {
    for (ExecutorRun e : live.values()) {
      e.cancelTimer();
      if (e.stream != null) {
        e.stream.close();
        e.stream = null;
      }
    }
  }

  /** The executors to report when re-registering, each with its framework id. */
  List<ExecutorInfo> infos() {
    return live.values().stream().map(e -> e.info).toList();
  }

  private ContainerId newContainerId() {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return ContainerId.of(new UUID(hi, lo).toString());
  }
}
