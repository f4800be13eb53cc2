package io.mezzo.agent;

import io.mezzo.agent.containerizer.ComposingContainerizer;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.state.Checkpoints;
import io.mezzo.agent.state.Paths;
import io.mezzo.agent.status.StatusUpdateManager;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * The tasks of one agent: runs them through a containerizer as the built-in command executor would
 * (STARTING, RUNNING, then FINISHED / FAILED / KILLED), kills them, turns acknowledgements into
 * completed tasks, and recovers them from checkpoints after a restart. Every update goes through
 * the {@link StatusUpdateManager}, so it is checkpointed before it is sent.
 *
 * <p>Confined to the agent's context ({@code ctx}); containerizer results hop back onto it.
 */
final class AgentTasks {
  private static final Logger LOG = Logger.getLogger(AgentTasks.class);

  /** Completed tasks kept for the state endpoints (Mesos keeps up to 1000 per framework). */
  private static final int COMPLETED_KEPT = 1000;

  private final Paths paths;
  private final ComposingContainerizer containerizer;
  private final StatusUpdateManager updates;
  private final MasterLink link;
  private final Clock clock;
  private final RandomGenerator random;
  private final Duration defaultKillGrace;
  private final Executor ctx;
  private final Map<TaskId, TaskRun> tasks = new LinkedHashMap<>();
  private final Map<FrameworkId, FrameworkInfo> frameworks = new LinkedHashMap<>();
  private final Deque<TaskRun> completed = new ArrayDeque<>();
  private AgentId agentId;
  private Resources total;

  AgentTasks(
      Paths paths,
      ComposingContainerizer containerizer,
      StatusUpdateManager updates,
      MasterLink link,
      Clock clock,
      RandomGenerator random,
      Duration defaultKillGrace,
      Executor ctx) {
    this.paths = paths;
    this.containerizer = containerizer;
    this.updates = updates;
    this.link = link;
    this.clock = clock;
    this.random = random;
    this.defaultKillGrace = defaultKillGrace;
    this.ctx = ctx;
  }

  /** The id updates carry; set at registration (and at recovery, from the checkpoint). */
  void agentId(AgentId id) {
    this.agentId = id;
  }

  // ---- RUN_TASK ------------------------------------------------------------------------------

  void runTask(FrameworkInfo framework, TaskInfo task) {
    FrameworkId fid = framework == null ? null : framework.id();
    TaskId tid = task == null ? null : task.taskId();
    if (fid == null || tid == null) {
      LOG.warnf("Dropping RUN_TASK without framework id or task id: %s", task);
      return;
    }
    if (tasks.containsKey(tid)) {
      // Not through the update manager: the id's stream belongs to the running task, and a terminal
      // update acknowledged there would close it. Sent once, without uuid, like a master's update.
      String why = "Task id " + tid + " is already in use on this agent";
      LOG.warnf("Rejecting RUN_TASK %s of framework %s: %s", tid, fid, why);
      sendOnce(
          fid,
          TaskStatus.builder(tid, TaskState.TASK_ERROR)
              .source(Source.SOURCE_AGENT)
              .reason(Reason.REASON_TASK_INVALID)
              .message(why)
              .agentId(agentId)
              .timestamp(now())
              .build());
      return;
    }
    ContainerId cid = newContainerId();
    Paths.Run run;
    try {
      run = paths.run(agentId, fid, ExecutorId.of(tid.value()), cid);
      run.taskMetaDir(tid);
    } catch (IllegalArgumentException e) {
      // Without a usable path there is nowhere to checkpoint, so this too is sent once.
      LOG.warnf("Rejecting RUN_TASK %s of framework %s: %s", tid, fid, e.getMessage());
      sendOnce(
          fid,
          TaskStatus.builder(tid, TaskState.TASK_ERROR)
              .source(Source.SOURCE_AGENT)
              .reason(Reason.REASON_TASK_INVALID)
              .message(e.getMessage())
              .agentId(agentId)
              .timestamp(now())
              .build());
      return;
    }
    frameworks.put(fid, framework);
    TaskRun t = new TaskRun(framework, task, run, TaskState.TASK_STAGING);
    tasks.put(tid, t);
    try {
      Checkpoints.writeJson(paths.frameworkInfoFile(agentId, fid), framework);
      Checkpoints.writeJson(run.taskInfoFile(tid), task);
    } catch (UncheckedIOException e) {
      fail(
          t,
          TaskState.TASK_FAILED,
          Reason.REASON_CONTAINER_LAUNCH_FAILED,
          "Failed to checkpoint the task: " + e.getMessage());
      return;
    }
    if (task.executor() != null) {
      fail(
          t,
          TaskState.TASK_ERROR,
          Reason.REASON_TASK_INVALID,
          "custom executors are not supported yet");
      return;
    }
    if (task.command() == null) {
      fail(
          t,
          TaskState.TASK_ERROR,
          Reason.REASON_TASK_INVALID,
          "Task has neither a command nor an executor");
      return;
    }
    Optional<String> invalid = invalidResources(task);
    if (invalid.isPresent()) {
      fail(t, TaskState.TASK_ERROR, Reason.REASON_TASK_INVALID, invalid.get());
      return;
    }
    t.containerizer = containerizer;
    try {
      Files.createDirectories(run.sandbox());
      Checkpoints.symlinkAtomically(run.latestLink(), Path.of(cid.value()));
    } catch (java.io.IOException | UncheckedIOException e) {
      fail(
          t,
          TaskState.TASK_FAILED,
          Reason.REASON_CONTAINER_LAUNCH_FAILED,
          "Failed to create the sandbox " + run.sandbox() + ": " + e.getMessage());
      return;
    }
    send(t, TaskStatus.builder(tid, TaskState.TASK_STARTING).source(Source.SOURCE_EXECUTOR));
    LOG.infof(
        "Launching task %s of framework %s in container %s (%s container)",
        tid, fid, cid, containerType(task));
    containerizer
        .launch(new ContainerConfig(run, task, framework))
        .handleAsync(
            (result, error) -> {
              launched(t, result, error);
              return null;
            },
            ctx);
  }

  private void launched(TaskRun t, Containerizer.LaunchResult result, Throwable error) {
    if (t.isTerminal()) {
      return;
    }
    if (error != null || result != Containerizer.LaunchResult.SUCCESS) {
      String cause =
          error != null
              ? describe(error)
              : result == Containerizer.LaunchResult.NOT_SUPPORTED
                  ? "no configured containerizer runs "
                      + containerType(t.task)
                      + " containers (configured: "
                      + String.join(",", containerizer.names())
                      + ")"
                  : "the containerizer answered " + result;
      if (t.killRequested) {
        fail(
            t,
            TaskState.TASK_KILLED,
            Reason.REASON_TASK_KILLED_DURING_LAUNCH,
            "Task killed during launch: " + cause);
      } else {
        fail(
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
    }
    c.status(cid)
        .handleAsync(
            (status, err) -> {
              if (!t.isTerminal() && !t.killRequested && t.state() == TaskState.TASK_STARTING) {
                send(
                    t,
                    TaskStatus.builder(t.id(), TaskState.TASK_RUNNING)
                        .source(Source.SOURCE_EXECUTOR),
                    status);
              }
              watch(t);
              return null;
            },
            ctx);
  }

  /** Reports the task's end once its container terminates. */
  private void watch(TaskRun t) {
    t.containerizer
        .wait(t.run.containerId())
        .handleAsync(
            (termination, err) -> {
              terminated(t, err == null ? termination : Optional.empty());
              return null;
            },
            ctx);
  }

  private void terminated(TaskRun t, Optional<Termination> termination) {
    if (t.isTerminal()) {
      return;
    }
    if (termination.isEmpty()) {
      fail(
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
      send(
          t,
          TaskStatus.builder(t.id(), TaskState.TASK_FAILED)
              .reason(end.limitation().reason())
              .message(end.message())
              .source(Source.SOURCE_AGENT)
              .limitation(ResourceMapping.limitation(end.limitation().resources())));
      return;
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
    send(t, b.source(Source.SOURCE_EXECUTOR));
  }

  // ---- KILL_TASK, SHUTDOWN_FRAMEWORK ---------------------------------------------------------

  void killTask(FrameworkId fid, TaskId tid, KillPolicy policy) {
    TaskRun t = tasks.get(tid);
    if (t == null || (fid != null && !fid.equals(t.frameworkId()))) {
      LOG.infof("Ignoring KILL_TASK for task %s of framework %s: unknown on this agent", tid, fid);
      return;
    }
    if (t.isTerminal()) {
      LOG.infof("Ignoring KILL_TASK for task %s: it already ended %s", tid, t.state());
      return;
    }
    Duration grace = grace(policy).or(() -> grace(t.task.killPolicy())).orElse(defaultKillGrace);
    boolean first = !t.killRequested;
    t.killRequested = true;
    t.killGrace = grace;
    LOG.infof("Killing task %s of framework %s (grace period %s)", tid, t.frameworkId(), grace);
    if (first
        && t.state() == TaskState.TASK_RUNNING
        && t.framework.hasCapability(FrameworkInfo.Capability.Type.TASK_KILLING_STATE)) {
      send(t, TaskStatus.builder(tid, TaskState.TASK_KILLING).source(Source.SOURCE_EXECUTOR));
    }
    if (t.containerizer != null) {
      t.containerizer.destroy(t.run.containerId(), grace);
    }
  }

  void shutdownFramework(FrameworkId fid) {
    List<TaskRun> victims =
        tasks.values().stream()
            .filter(t -> t.frameworkId().equals(fid) && !t.isTerminal())
            .toList();
    LOG.infof("Shutting down framework %s: killing %d task(s)", fid, victims.size());
    victims.forEach(t -> killTask(fid, t.id(), null));
  }

  // ---- ACKNOWLEDGE ---------------------------------------------------------------------------

  void acknowledge(FrameworkId fid, TaskId tid, String uuid) {
    TaskRun t = tasks.get(tid);
    if (t != null && fid != null && !fid.equals(t.frameworkId())) {
      LOG.infof(
          "Ignoring acknowledgement %s of task %s: framework %s does not own it", uuid, tid, fid);
      return;
    }
    if (updates.acknowledge(tid, uuid) == StatusUpdateManager.AckResult.STREAM_CLOSED
        && t != null) {
      complete(t);
    }
  }

  private void complete(TaskRun t) {
    tasks.remove(t.id());
    completed.addLast(t);
    while (completed.size() > COMPLETED_KEPT) {
      completed.removeFirst();
    }
    if (tasks.values().stream().noneMatch(o -> o.frameworkId().equals(t.frameworkId()))) {
      frameworks.remove(t.frameworkId());
    }
    LOG.infof(
        "Task %s of framework %s completed: %s acknowledged", t.id(), t.frameworkId(), t.state());
  }

  // ---- recovery ------------------------------------------------------------------------------

  /**
   * Rebuilds the task table from the checkpoints of {@code agent} and recovers the update streams.
   * Tasks whose terminal update was acknowledged stay completed.
   *
   * @return the containers to re-attach to
   */
  List<ContainerConfig> recover(AgentId agent) {
    List<ContainerConfig> toRecover = new ArrayList<>();
    for (Paths.Run run : paths.listRuns(agent)) {
      for (TaskId tid : run.listTasks()) {
        recoverTask(agent, run, tid, toRecover);
      }
    }
    LOG.infof("Recovered %d task(s) of agent %s", tasks.size(), agent);
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
            .orElse(
                new FrameworkInfo(
                    null,
                    null,
                    run.frameworkId(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null));
    Optional<StatusUpdateManager.Recovered> stream = updates.recover(tid, run.taskUpdatesFile(tid));
    TaskState state = stream.map(s -> s.latest().state()).orElse(TaskState.TASK_STAGING);
    TaskRun t = new TaskRun(framework, task.get(), run, state);
    t.latest = stream.map(StatusUpdateManager.Recovered::latest).orElse(null);
    if (stream.isPresent() && stream.get().closed()) {
      completed.addLast(t);
      return;
    }
    TaskRun previous = tasks.put(tid, t);
    if (previous != null) {
      LOG.warnf(
          "Task %s has two open runs (%s, %s); keeping the latter",
          tid, previous.run.containerId(), run.containerId());
    }
    frameworks.put(run.frameworkId(), framework);
    if (!state.isTerminal()) {
      t.containerizer = containerizer;
      out.add(new ContainerConfig(run, task.get(), framework));
    }
  }

  /** After the containerizers recovered: reports the recovered tasks' ends as they come. */
  void watchRecovered() {
    for (TaskRun t : List.copyOf(tasks.values())) {
      if (t.isTerminal()) {
        continue;
      }
      watch(t);
    }
  }

  // ---- views ---------------------------------------------------------------------------------

  /** The tasks to report when re-registering: everything not yet acknowledged terminal. */
  List<AgentCall.RunningTask> reportable() {
    return tasks.values().stream()
        .map(t -> new AgentCall.RunningTask(t.frameworkId(), t.task, t.state(), t.latest))
        .toList();
  }

  List<FrameworkInfo> frameworks() {
    return List.copyOf(frameworks.values());
  }

  List<AgentSnapshot.FrameworkView> frameworkViews() {
    List<AgentSnapshot.FrameworkView> out = new ArrayList<>();
    for (FrameworkInfo f : frameworks.values()) {
      List<AgentSnapshot.ExecutorView> executors =
          tasks.values().stream()
              .filter(t -> t.frameworkId().equals(f.id()))
              .map(
                  t ->
                      new AgentSnapshot.ExecutorView(
                          t.run.executorId(),
                          t.run.containerId(),
                          containerizer.ownerOf(t.run.containerId()).orElse(null),
                          t.run.sandbox(),
                          List.of(view(t))))
              .toList();
      out.add(new AgentSnapshot.FrameworkView(f, executors));
    }
    return out;
  }

  /**
   * The resources of the tasks that have not ended; a task with unreadable resources counts none.
   */
  Resources used() {
    Resources sum = Resources.empty();
    for (TaskRun t : tasks.values()) {
      if (!t.isTerminal()) {
        try {
          sum = sum.plus(ResourceMapping.toCore(t.task.resources()));
        } catch (IllegalArgumentException e) {
          LOG.debugf("Task %s has resources that do not add up: %s", t.id(), e.getMessage());
        }
      }
    }
    return sum;
  }

  List<AgentSnapshot.TaskView> completedViews() {
    return completed.stream().map(AgentTasks::view).toList();
  }

  private static AgentSnapshot.TaskView view(TaskRun t) {
    return new AgentSnapshot.TaskView(
        t.frameworkId(),
        t.id(),
        t.task.name(),
        t.state(),
        t.run.executorId(),
        t.run.containerId(),
        t.run.sandbox(),
        t.task.resources(),
        t.latest);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void send(TaskRun t, TaskStatus.Builder b) {
    send(t, b, null);
  }

  /**
   * Moves the task to the update's state, checkpoints the update and sends it when its turn comes.
   * Updates of a task with a container carry {@code container_status} ({@code launched}, or just
   * the container id).
   */
  private void send(TaskRun t, TaskStatus.Builder b, TaskStatus.ContainerStatus launched) {
    b.agentId(agentId).executorId(t.run.executorId()).timestamp(now());
    if (t.containerizer != null) {
      b.containerStatus(
          launched != null
              ? launched
              : new TaskStatus.ContainerStatus(t.run.containerId(), null, null));
    }
    TaskStatus status = b.build();
    t.transition(status.state());
    try {
      t.latest = updates.update(t.frameworkId(), status, t.run.taskUpdatesFile(t.id()));
    } catch (RuntimeException e) {
      t.latest = status;
      LOG.errorf(
          e, "Cannot checkpoint %s of task %s; it will not be delivered", status.state(), t.id());
    }
    LOG.infof(
        "Task %s is %s%s",
        t.id(), status.state(), status.message() == null ? "" : ": " + status.message());
  }

  private void fail(TaskRun t, TaskState state, Reason reason, String message) {
    TaskStatus.Builder b =
        TaskStatus.builder(t.id(), state)
            .reason(reason)
            .message(message)
            .source(state == TaskState.TASK_KILLED ? Source.SOURCE_EXECUTOR : Source.SOURCE_AGENT);
    send(t, b);
  }

  private void sendOnce(FrameworkId fid, TaskStatus status) {
    link.send(AgentCall.statusUpdate(agentId, fid, status))
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                LOG.warnf(
                    "Could not send %s of task %s: %s",
                    status.state(), status.taskId(), describe(e));
              }
            });
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
    if (total != null && !total.unreserved().contains(asked.unreserved())) {
      return Optional.of("Task asks for " + asked + " but this agent has only " + total);
    }
    return Optional.empty();
  }

  /** The agent's total resources, once detected; tasks are checked against them. */
  void totalResources(Resources total) {
    this.total = total;
  }

  /** Usage of every container that has not ended, for the monitor endpoint. */
  CompletionStage<List<ContainerStatistics>> statistics() {
    List<CompletableFuture<ContainerStatistics>> all = new ArrayList<>();
    for (TaskRun t : tasks.values()) {
      if (t.isTerminal() || t.containerizer == null) {
        continue;
      }
      all.add(
          containerizer
              .usage(t.run.containerId())
              .toCompletableFuture()
              .thenApply(
                  u ->
                      new ContainerStatistics(
                          t.frameworkId(),
                          t.run.executorId(),
                          t.task.name(),
                          t.id(),
                          t.run.containerId(),
                          containerizer.ownerOf(t.run.containerId()).orElse(null),
                          u)));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(x -> all.stream().map(CompletableFuture::join).toList());
  }

  private static ContainerInfo.Type containerType(TaskInfo task) {
    return task.container() == null || task.container().type() == null
        ? ContainerInfo.Type.MESOS
        : task.container().type();
  }

  private static Optional<Duration> grace(KillPolicy policy) {
    return policy == null || policy.gracePeriod() == null
        ? Optional.empty()
        : Optional.of(policy.gracePeriod().toDuration());
  }

  private ContainerId newContainerId() {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return ContainerId.of(new UUID(hi, lo).toString());
  }

  private double now() {
    return clock.millis() / 1000.0;
  }

  private static String describe(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
