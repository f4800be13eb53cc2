package io.mezzo.agent;

import io.mezzo.agent.containerizer.ComposingContainerizer;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.fetcher.Fetcher;
import io.mezzo.agent.state.Paths;
import io.mezzo.agent.status.StatusUpdateManager;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.core.resources.Resources;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
  private final Fetcher fetcher;

  AgentTasks(
      Paths paths,
      ComposingContainerizer containerizer,
      StatusUpdateManager updates,
      MasterLink link,
      Clock clock,
      RandomGenerator random,
      Duration defaultKillGrace,
      Fetcher fetcher,
      Executor ctx) {
    this.containerizer = containerizer;
    this.updates = updates;
    this.book = new TaskBook(containerizer);
    TaskReporter reporter = new TaskReporter(book, updates, link, clock);
    this.ends = new TaskEnds(book, reporter, containerizer, defaultKillGrace, ctx);
    this.launch = new TaskLaunch(book, reporter, ends, paths, containerizer, fetcher, random, ctx);
    this.fetcher = fetcher;
    this.recovery = new TaskRecovery(book, ends, paths, containerizer, updates);
  }

  /** Stops the fetcher's threads; fetches under way end and their tasks are not launched. */
  void close() {
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

  void killTask(FrameworkId fid, TaskId tid, KillPolicy policy) {
    ends.killTask(fid, tid, policy);
  }

  void shutdownFramework(FrameworkId fid) {
    ends.shutdownFramework(fid);
  }

  void acknowledge(FrameworkId fid, TaskId tid, String uuid) {
    TaskRun t = book.tasks.get(tid);
    if (t != null && fid != null && !fid.equals(t.frameworkId())) {
      LOG.infof(
          "Ignoring acknowledgement %s of task %s: framework %s does not own it", uuid, tid, fid);
      return;
    }
    if (updates.acknowledge(tid, uuid) == StatusUpdateManager.AckResult.STREAM_CLOSED
        && t != null) {
      book.complete(t);
    }
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
    return book.used();
  }

  List<AgentSnapshot.TaskView> completedViews() {
    return book.completedViews();
  }

  /** Usage of every container that has not ended, for the monitor endpoint. */
  CompletionStage<List<ContainerStatistics>> statistics() {
    List<CompletableFuture<ContainerStatistics>> all = new ArrayList<>();
    for (TaskRun t : book.tasks.values()) {
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
}
