package io.mezzo.agent;

import io.mezzo.agent.containerizer.ComposingContainerizer;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.fetcher.Fetcher;
import io.mezzo.agent.state.Checkpoints;
import io.mezzo.agent.state.Paths;
import io.mezzo.agent.status.StatusUpdateManager;
import io.mezzo.agent.user.TaskUsers;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.core.resources.Resources;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * Task groups on this agent, run by Mezzo's in-agent default executor ({@link DefaultExecutorRun}):
 * launches ({@link TaskGroupLaunch}), the default executor's rules for ends — a task that fails or
 * is killed takes its whole group down (the others end TASK_KILLED), KILL_TASK of one task kills
 * its group — the executor's exit once all its tasks ended ({@code EXITED_EXECUTOR} to the master),
 * and recovery after an agent restart. Each task's own end is reported by {@link TaskEnds} as for a
 * command task.
 *
 * <p>Confined to the agent's context.
 */
final class TaskGroups {
  private static final Logger LOG = Logger.getLogger(TaskGroups.class);

  private record Key(FrameworkId framework, ExecutorId executor) {}

  private final Map<Key, DefaultExecutorRun> live = new LinkedHashMap<>();
  private final TaskBook book;
  private final TaskEnds ends;
  private final MasterLink link;
  private final Paths paths;
  private final ComposingContainerizer containerizer;
  private final StatusUpdateManager updates;
  private final Executor ctx;
  private final TaskGroupLaunch launch;
  private final TaskHealth health;

  TaskGroups(
      TaskBook book,
      TaskReporter reporter,
      TaskEnds ends,
      MasterLink link,
      Paths paths,
      ComposingContainerizer containerizer,
      StatusUpdateManager updates,
      RandomGenerator random,
      TaskHealth health,
      TaskUsers users,
      Fetcher fetcher,
      Executor ctx) {
    this.book = book;
    this.health = health;
    this.ends = ends;
    this.link = link;
    this.paths = paths;
    this.containerizer = containerizer;
    this.updates = updates;
    this.ctx = ctx;
    this.launch =
        new TaskGroupLaunch(
            this, book, reporter, paths, containerizer, random, health, users, fetcher, ctx);
  }

  void runTaskGroup(FrameworkInfo framework, ExecutorInfo executor, TaskGroupInfo group) {
    launch.run(framework, executor, group);
  }

  /** The running default executor {@code eid} of {@code fid}, or null. */
  DefaultExecutorRun live(FrameworkId fid, ExecutorId eid) {
    return live.get(new Key(fid, eid));
  }

  void started(DefaultExecutorRun ex) {
    live.putIfAbsent(new Key(ex.frameworkId(), ex.executorId()), ex);
  }

  /**
   * KILL_TASK of a task of a group kills the whole group, as Mesos's default executor does; each
   * task ends TASK_KILLED through {@link TaskEnds}.
   */
  void kill(TaskRun t, KillPolicy policy) {
    DefaultExecutorRun.Group g = t.group;
    LOG.infof(
        "Killing task %s kills its whole task group %s (default executor %s)",
        t.id(), g.tasks.stream().map(TaskRun::id).toList(), g.executor.executorId());
    g.killing = true;
    for (TaskRun o : g.tasks) {
      if (!o.isTerminal()) {
        ends.killTask(o.frameworkId(), o.id(), policy);
      }
    }
  }

  /**
   * SHUTDOWN_EXECUTOR for a default executor: every task of every group is killed (with the
   * executor's shutdown grace period, if it has one) and the executor then exits.
   *
   * @return false if no such default executor runs here (it may be another kind of executor)
   */
  boolean shutdown(FrameworkId fid, ExecutorId eid) {
    DefaultExecutorRun ex = live(fid, eid);
    if (ex == null) {
      return false;
    }
    LOG.infof("Shutting down default executor %s of framework %s", eid, fid);
    KillPolicy policy =
        ex.info.shutdownGracePeriod() == null
            ? null
            : new KillPolicy(ex.info.shutdownGracePeriod());
    for (DefaultExecutorRun.Group g : ex.groups) {
      g.killing = true;
      g.tasks.stream()
          .filter(t -> !t.isTerminal())
          .forEach(t -> ends.killTask(t.frameworkId(), t.id(), policy));
    }
    return true;
  }

  /** Reports the task's end once its nested container terminates, then applies the group rules. */
  void watch(TaskRun t) {
    t.containerizer
        .wait(t.run.containerId())
        .handleAsync(
            (termination, err) -> {
              ends.terminated(t, err == null ? termination : Optional.empty());
              ended(t);
              return null;
            },
            ctx);
  }

  private void ended(TaskRun t) {
    DefaultExecutorRun.Group g = t.group;
    if (t.isTerminal() && t.state() != TaskState.TASK_FINISHED && !g.killing) {
      killRest(g, t);
    }
    maybeExited(g.executor);
  }

  private void killRest(DefaultExecutorRun.Group g, TaskRun cause) {
    g.killing = true;
    List<TaskRun> rest = g.tasks.stream().filter(o -> !o.isTerminal()).toList();
    if (!rest.isEmpty()) {
      LOG.infof(
          "Task %s of group %s ended %s: the default executor kills the rest of its group %s",
          cause.id(),
          g.tasks.stream().map(TaskRun::id).toList(),
          cause.state(),
          rest.stream().map(TaskRun::id).toList());
    }
    rest.forEach(o -> ends.killTask(o.frameworkId(), o.id(), null));
  }

  /** Once every task of the executor ended, the executor exits and the master is told. */
  void maybeExited(DefaultExecutorRun ex) {
    if (ex.isExited() || !ex.allTerminal()) {
      return;
    }
    ex.exit();
    live.remove(new Key(ex.frameworkId(), ex.executorId()), ex);
    LOG.infof(
        "Default executor %s of framework %s exited: all its tasks ended",
        ex.executorId(), ex.frameworkId());
    if (book.agentId == null) {
      return;
    }
    link.send(AgentCall.exitedExecutor(book.agentId, ex.frameworkId(), ex.executorId(), 0))
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                LOG.warnf(
                    "Could not tell the master that executor %s exited: %s",
                    ex.executorId(), TaskReporter.describe(e));
              }
            });
  }

  /** The running default executors' infos, for re-registration. */
  List<ExecutorInfo> executors() {
    return live.values().stream().map(ex -> ex.info).toList();
  }

  /** What the running default executors themselves account, on top of their tasks. */
  Resources executorResources() {
    Resources sum = Resources.empty();
    for (DefaultExecutorRun ex : live.values()) {
      try {
        sum = sum.plus(ResourceMapping.toCore(ex.info.resources()));
      } catch (IllegalArgumentException e) {
        LOG.debugf("Executor %s has unreadable resources: %s", ex.executorId(), e.getMessage());
      }
    }
    return sum;
  }

  /**
   * Rebuilds a default executor and its groups from {@code run}'s checkpoint, if it is one.
   *
   * @param out where the nested containers to re-attach to are added
   * @return whether {@code run} was a default executor's run
   */
  boolean recover(AgentId agent, Paths.Run run, List<ContainerConfig> out) {
    Optional<DefaultExecutorRun.Checkpoint> cp =
        Checkpoints.readJson(run.taskGroupsFile(), DefaultExecutorRun.Checkpoint.class);
    if (cp.isEmpty()) {
      return false;
    }
    FrameworkInfo framework =
        Checkpoints.readJson(paths.frameworkInfoFile(agent, run.frameworkId()), FrameworkInfo.class)
            .orElse(FrameworkInfo.builder().id(run.frameworkId()).build());
    DefaultExecutorRun ex = new DefaultExecutorRun(framework, cp.get().executorInfo(), run);
    Map<TaskId, Paths.Run> nestedOf = new HashMap<>();
    for (Paths.Run n : run.listNested()) {
      n.listTasks().forEach(tid -> nestedOf.put(tid, n));
    }
    for (List<TaskId> ids : cp.get().taskGroups()) {
      DefaultExecutorRun.Group g = new DefaultExecutorRun.Group(ex);
      for (TaskId tid : ids) {
        Paths.Run n = nestedOf.get(tid);
        Optional<TaskInfo> task =
            n == null
                ? Optional.empty()
                : Checkpoints.readJson(n.taskInfoFile(tid), TaskInfo.class);
        if (task.isEmpty()) {
          LOG.warnf("Skipping task %s of executor %s: no task.info", tid, run.executorId());
          continue;
        }
        Optional<StatusUpdateManager.Recovered> stream =
            updates.recover(tid, n.taskUpdatesFile(tid));
        TaskState state = stream.map(s -> s.latest().state()).orElse(TaskState.TASK_STAGING);
        TaskRun t = new TaskRun(framework, task.get(), n, state);
        t.latest = stream.map(StatusUpdateManager.Recovered::latest).orElse(null);
        t.group = g;
        g.tasks.add(t);
        if (stream.isPresent() && stream.get().closed()) {
          book.completed.addLast(t);
          continue;
        }
        book.tasks.put(tid, t);
        book.frameworks.put(run.frameworkId(), framework);
        t.containerizer = containerizer;
        if (!state.isTerminal()) {
          out.add(new ContainerConfig(n, task.get(), framework));
        }
      }
      ex.groups.add(g);
    }
    if (ex.allTerminal()) {
      ex.exit();
    } else {
      live.put(new Key(ex.frameworkId(), ex.executorId()), ex);
    }
    LOG.infof(
        "Recovered default executor %s of framework %s with %d task group(s)",
        run.executorId(), run.frameworkId(), ex.groups.size());
    return true;
  }

  /**
   * After the containerizers recovered: watches the recovered groups' tasks, and finishes what the
   * previous agent could not, a group kill begun before the restart.
   */
  void watchRecovered() {
    for (DefaultExecutorRun ex : List.copyOf(live.values())) {
      for (DefaultExecutorRun.Group g : ex.groups) {
        g.tasks.stream().filter(t -> !t.isTerminal()).forEach(this::watch);
        // Checks resume and max_completion_time counts from the launch, as for a command task.
        g.tasks.stream().filter(t -> !t.isTerminal()).forEach(t -> health.recovered(t, null));
        g.tasks.stream()
            .filter(t -> t.isTerminal() && t.state() != TaskState.TASK_FINISHED)
            .findFirst()
            .ifPresent(t -> killRest(g, t));
      }
    }
  }
}
