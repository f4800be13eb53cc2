package io.mezzo.agent;

import io.mezzo.agent.containerizer.ComposingContainerizer;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.fetcher.Fetcher;
import io.mezzo.agent.health.TaskChecks;
import io.mezzo.agent.state.Paths;
import io.mezzo.agent.status.StatusUpdateManager;
import io.mezzo.agent.user.TaskUsers;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.core.resources.Resources;
import io.mezzo.core.time.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * The tasks of one agent: runs them through a containerizer as the built-in command executor would
 * (STARTING, RUNNING, then FINISHED / FAILED / KILLED), kills them, turns acknowledgements into
 * completed tasks, and recovers them from checkpoints after a restart. Every update goes through
 * the {@link StatusUpdateManager}, so it is checkpointed before it is sent.
 *
 * <p>This is the front the agent calls; each phase has its own class: {@link TaskLaunch}, {@link
 * TaskEnds}, {@link TaskRecovery}, over the shared {@link TaskBook} and {@link TaskReporter}.
 *
 * <p>Confined to the agent's context ({@code ctx}); containerizer results hop back onto it.
 */
final class AgentTasks {
  private static final Logger LOG = Logger.getLogger(AgentTasks.class);

  private final ComposingContainerizer containerizer;
  private final StatusUpdateManager updates;
  private final TaskBook book;
  private final TaskLaunch launch;
  private final TaskEnds ends;
  private final TaskRecovery recovery;
  private final AgentExecutors executors;
  private final ExecutorEnds executorEnds;
  private final ExecutorCalls executorCalls;
  private final ExecutorRecovery executorRecovery;
  private final TaskGroups groups;
  private final TaskHealth health;
  private Consumer<Paths.Run> runCompleted = run -> {};
  private final Fetcher fetcher;

  AgentTasks(
      Paths paths,
      ComposingContainerizer containerizer,
      StatusUpdateManager updates,
      MasterLink link,
      Timers timers,
      RandomGenerator random,
      Duration defaultKillGrace,
      TaskUsers users,
      Fetcher fetcher,
      Executor ctx,
      ExecutorSettings executorSettings,
      String agentEndpoint,
      Supplier<AgentInfo> agentInfo,
      int maxConcurrentLaunches) {
    this.containerizer = containerizer;
    this.updates = updates;
    this.book = new TaskBook(containerizer);
    TaskReporter reporter = new TaskReporter(book, updates, link, timers.clock());
    this.health =
        new TaskHealth(
            book,
            reporter,
            timers,
            ctx,
            TaskChecks.ProbeMaker.REAL,
            users,
            this::killWithItsPolicy);
    this.ends = new TaskEnds(book, reporter, containerizer, defaultKillGrace, ctx, health);
    this.executors =
        new AgentExecutors(
            book,
            reporter,
            updates,
            containerizer,
            paths,
            timers,
            random,
            ctx,
            executorSettings,
            agentEndpoint,
            users,
            fetcher);
    this.executorEnds = new ExecutorEnds(executors, link);
    executors.ends = executorEnds;
    this.executorCalls = new ExecutorCalls(executors, link, agentInfo);
    this.executorRecovery = new ExecutorRecovery(executors);
    this.launch =
        new TaskLaunch(
            book,
            reporter,
            ends,
            paths,
            containerizer,
            fetcher,
            random,
            users,
            ctx,
            executors,
            health,
            maxConcurrentLaunches);
    ends.queuedKill = launch::killQueued;
    this.groups =
        new TaskGroups(
            book,
            reporter,
            ends,
            link,
            paths,
            containerizer,
            updates,
            random,
            health,
            users,
            fetcher,
            ctx);
    this.fetcher = fetcher;
    this.recovery =
        new TaskRecovery(
            book, ends, groups, paths, containerizer, updates, executorRecovery, health, ctx);
  }

  /** A kill the agent decides (unhealthy, past its deadline): the task's own kill policy. */
  private void killWithItsPolicy(TaskRun t) {
    ends.killTask(t.frameworkId(), t.id(), null);
  }

  /**
   * The agent is stopping: ends every executor subscription (executors keep running and subscribe
   * to the next agent on this work dir), stops the tasks' health checks, checks and deadlines, and
   * the fetcher's threads (fetches under way end and their tasks are not launched).
   */
  void close() {
    executors.closeStreams();
    health.close();
    fetcher.close();
  }

  /** The id updates carry; set at registration (and at recovery, from the checkpoint). */
  void agentId(AgentId id) {
    book.agentId = id;
  }

  /** The agent's total resources, once detected; tasks are checked against them. */
  void totalResources(Resources total) {
    book.total = total;
  }

  void runTask(FrameworkInfo framework, TaskInfo task) {
    launch.runTask(framework, task);
  }

  void runTaskGroup(FrameworkInfo framework, ExecutorInfo executor, TaskGroupInfo group) {
    groups.runTaskGroup(framework, executor, group);
  }

  void killTask(FrameworkId fid, TaskId tid, KillPolicy policy) {
    TaskRun t = book.tasks.get(tid);
    if (t != null
        && t.group != null
        && !t.isTerminal()
        && (fid == null || t.frameworkId().equals(fid))) {
      groups.kill(t, policy);
      return;
    }
    if (t != null && t.executor != null && (fid == null || fid.equals(t.frameworkId()))) {
      executorEnds.killTask(t, policy);
      return;
    }
    ends.killTask(fid, tid, policy);
  }

  /**
   * SHUTDOWN_EXECUTOR: ends a default executor and its tasks.
   *
   * @return false if {@code eid} is not a default executor running here
   */
  boolean shutdownDefaultExecutor(FrameworkId fid, ExecutorId eid) {
    return groups.shutdown(fid, eid);
  }

  void shutdownFramework(FrameworkId fid) {
    executorEnds.shutdownFramework(fid);
    ends.shutdownFramework(fid);
  }

  void shutdownExecutor(FrameworkId fid, ExecutorId eid) {
    executorEnds.shutdownExecutor(fid, eid);
  }

  void frameworkToExecutor(FrameworkId fid, ExecutorId eid, String data) {
    executorCalls.frameworkToExecutor(fid, eid, data);
  }

  /** The executor API's calls, for {@link ExecutorApi}. */
  ExecutorCalls executorCalls() {
    return executorCalls;
  }

  /** The custom executors to report when re-registering. */
  /** The live custom and default executors, for re-registration. */
  List<ExecutorInfo> executorInfos() {
    List<ExecutorInfo> out = new ArrayList<>(executors.infos());
    out.addAll(groups.executors());
    return out;
  }

  void acknowledge(FrameworkId fid, TaskId tid, String uuid) {
    TaskRun t = book.tasks.get(tid);
    if (t != null && fid != null && !fid.equals(t.frameworkId())) {
      LOG.infof(
          "Ignoring acknowledgement %s of task %s: framework %s does not own it", uuid, tid, fid);
      return;
    }
    StatusUpdateManager.AckResult result = updates.acknowledge(tid, uuid);
    if (t != null && t.executor != null) {
      executorCalls.acknowledged(t, uuid, result);
    }
    if (result == StatusUpdateManager.AckResult.STREAM_CLOSED && t != null) {
      book.complete(t);
      Paths.Run done = completedRun(t);
      if (done != null) {
        runCompleted.accept(done);
      }
    }
  }

  /**
   * The run whose sandbox may be collected now that {@code t} completed, if any: a command task's
   * own run; a custom or default executor's run only once that executor has ended and none of its
   * tasks is left (a live executor keeps its sandbox, as in Mesos).
   */
  private Paths.Run completedRun(TaskRun t) {
    if (t.group != null) {
      DefaultExecutorRun ex = t.group.executor;
      boolean left =
          book.tasks.values().stream().anyMatch(o -> o.group != null && o.group.executor == ex);
      return ex.isExited() && !left ? ex.run : null;
    }
    if (t.executor != null) {
      ExecutorRun ex = t.executor;
      return ex.isTerminated() && ex.tasks.isEmpty() ? ex.run : null;
    }
    return book.tasks.values().stream().noneMatch(o -> o.run.equals(t.run)) ? t.run : null;
  }

  /** Told of each run whose tasks are all acknowledged terminal (garbage collection's cue). */
  void onRunCompleted(Consumer<Paths.Run> listener) {
    this.runCompleted = listener;
    executors.runEnded = listener;
  }

  /** The recovered runs whose tasks are all acknowledged terminal. */
  List<Paths.Run> completedRuns() {
    return book.completed.stream()
        .map(t -> t.run)
        .distinct()
        .filter(r -> book.tasks.values().stream().noneMatch(o -> o.run.equals(r)))
        .toList();
  }

  /** Garbage collection removed {@code run}'s sandbox: its completed tasks stop offering it. */
  void sandboxRemoved(Paths.Run run) {
    book.completed.stream().filter(t -> t.run.equals(run)).forEach(t -> t.sandboxRemoved = true);
  }

  /**
   * Rebuilds the task table from the checkpoints of {@code agent} and recovers the update streams.
   * Tasks whose terminal update was acknowledged stay completed.
   *
   * @return the containers to re-attach to
   */
  List<ContainerConfig> recover(AgentId agent) {
    return recovery.recover(agent);
  }

  /** After the containerizers recovered: reports the recovered tasks' ends as they come. */
  void watchRecovered() {
    recovery.watchRecovered();
    executorRecovery.watchRecovered();
  }

  /** The tasks to report when re-registering: everything not yet acknowledged terminal. */
  List<AgentCall.RunningTask> reportable() {
    return book.reportable();
  }

  List<FrameworkInfo> frameworks() {
    return book.frameworks();
  }

  List<AgentSnapshot.FrameworkView> frameworkViews() {
    return book.frameworkViews();
  }

  /**
   * The resources of the tasks that have not ended; a task with unreadable resources counts none.
   */
  Resources used() {
    return book.used().plus(executors.used()).plus(groups.executorResources());
  }

  List<AgentSnapshot.TaskView> completedViews() {
    return book.completedViews();
  }

  List<FrameworkInfo> completedFrameworks() {
    return book.completedFrameworks();
  }

  /** Usage of every container that has not ended, for the monitor endpoint. */
  CompletionStage<List<ContainerStatistics>> statistics() {
    List<CompletableFuture<ContainerStatistics>> all = new ArrayList<>();
    for (TaskRun t : book.tasks.values()) {
      if (t.isTerminal() || t.containerizer == null || t.executor != null) {
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
}
