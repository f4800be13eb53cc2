package io.mezzo.agent;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.TaskStatus.Reason;
import io.mezzo.api.v1.TaskStatus.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * The launch phase of a task group, as Mesos's default executor runs one: the group is checked as a
 * whole ({@link TaskGroupValidation}), checkpointed, given its sandboxes (the executor's, and each
 * task's nested under it at {@code containers/<id>}, linked from {@code tasks/<task_id>}), reported
 * STARTING, and every task is launched as a nested container at once. Only when all of them run is
 * each reported RUNNING; if any could not start, the started ones are destroyed and every task of
 * the group ends TASK_FAILED naming the task that failed and why.
 */
final class TaskGroupLaunch {
  private static final Logger LOG = Logger.getLogger(TaskGroupLaunch.class);

  private final TaskGroups groups;
  private final TaskBook book;
  private final TaskReporter reporter;
  private final Paths paths;
  private final ComposingContainerizer containerizer;
  private final RandomGenerator random;
  private final TaskHealth health;
  private final TaskUsers users;
  private final Fetcher fetcher;
  private final Executor ctx;

  TaskGroupLaunch(
      TaskGroups groups,
      TaskBook book,
      TaskReporter reporter,
      Paths paths,
      ComposingContainerizer containerizer,
      RandomGenerator random,
      TaskHealth health,
      TaskUsers users,
      Fetcher fetcher,
      Executor ctx) {
    this.fetcher = fetcher;
    this.health = health;
    this.users = users;
    this.groups = groups;
    this.book = book;
    this.reporter = reporter;
    this.paths = paths;
    this.containerizer = containerizer;
    this.random = random;
    this.ctx = ctx;
  }

  void run(FrameworkInfo framework, ExecutorInfo executor, TaskGroupInfo group) {
    FrameworkId fid = framework == null ? null : framework.id();
    if (fid == null) {
      LOG.warnf("Dropping RUN_TASK_GROUP without a framework id: %s", group);
      return;
    }
    DefaultExecutorRun live =
        executor == null || executor.executorId() == null
            ? null
            : groups.live(fid, executor.executorId());
    Optional<String> invalid =
        TaskGroupValidation.check(
            executor, group, book.agentId, book.tasks.keySet(), book.total, live);
    if (invalid.isPresent()) {
      reject(fid, executor, group, invalid.get());
      return;
    }
    DefaultExecutorRun ex;
    try {
      ex =
          live != null
              ? live
              : new DefaultExecutorRun(
                  framework,
                  executor.withFrameworkId(fid),
                  paths.run(book.agentId, fid, executor.executorId(), ContainerId.of(uuid())));
    } catch (IllegalArgumentException e) {
      // An id that cannot be a directory name: nowhere to checkpoint, so nothing is taken on.
      reject(fid, executor, group, e.getMessage());
      return;
    }
    DefaultExecutorRun.Group g = new DefaultExecutorRun.Group(ex);
    for (TaskInfo task : group.tasks()) {
      TaskRun t = new TaskRun(framework, task, ex.run.nested(uuid()), TaskState.TASK_STAGING);
      t.group = g;
      g.tasks.add(t);
    }
    ex.groups.add(g);
    book.frameworks.put(fid, framework);
    g.tasks.forEach(t -> book.tasks.put(t.id(), t));
    groups.started(ex);
    Map<TaskRun, UserAccount> userOf = new HashMap<>();
    try {
      userOf = users(framework, g);
      prepare(ex, g, userOf);
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      String why = "Failed to prepare the task group: " + e.getMessage();
      g.tasks.forEach(
          t -> reporter.fail(t, TaskState.TASK_FAILED, Reason.REASON_CONTAINER_LAUNCH_FAILED, why));
      groups.maybeExited(ex);
      return;
    }
    // Each task's URIs land in its own sandbox before any container starts; one failed fetch
    // fails the whole group's launch, as a task that cannot start does.
    Map<TaskRun, UserAccount> owners = userOf;
    List<CompletableFuture<Optional<String>>> fetches = new ArrayList<>();
    for (TaskRun t : g.tasks) {
      UserAccount u = owners.get(t);
      CompletableFuture<Void> f =
          fetcher.fetch(
              t.task.command().uris(),
              t.run.sandbox(),
              t.run.stderr(),
              u == null ? null : u.name());
      t.fetching = f.isDone() ? null : f;
      fetches.add(f.handle((ok, err) -> fetchFailure(t, err)));
    }
    CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
        .thenRunAsync(
            () -> fetched(g, owners, fetches.stream().map(CompletableFuture::join).toList()), ctx);
  }

  private static Optional<String> fetchFailure(TaskRun t, Throwable error) {
    if (error == null) {
      return Optional.empty();
    }
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return Optional.of(
        "task "
            + t.id()
            + ": "
            + (cause instanceof FetchException
                ? cause.getMessage()
                : "Failed to fetch URIs: " + TaskReporter.describe(cause)));
  }

  /** On the context, once every task's URIs are fetched (or one fetch failed, or was killed). */
  private void fetched(
      DefaultExecutorRun.Group g, Map<TaskRun, UserAccount> userOf, List<Optional<String>> fails) {
    g.tasks.forEach(t -> t.fetching = null);
    boolean killed = g.tasks.stream().anyMatch(t -> t.killRequested);
    Optional<String> failed = fails.stream().flatMap(Optional::stream).findFirst();
    if (killed || failed.isPresent()) {
      g.killing = true;
      for (TaskRun t : g.tasks) {
        if (t.isTerminal()) {
          continue;
        }
        if (killed) {
          reporter.fail(
              t,
              TaskState.TASK_KILLED,
              Reason.REASON_TASK_KILLED_DURING_LAUNCH,
              "Task group killed while fetching its URIs");
        } else {
          reporter.fail(
              t,
              TaskState.TASK_FAILED,
              Reason.REASON_CONTAINER_LAUNCH_FAILED,
              "Task group launch failed: " + failed.get());
        }
      }
      groups.maybeExited(g.executor);
      return;
    }
    DefaultExecutorRun ex = g.executor;
    FrameworkInfo framework = ex.framework;
    LOG.infof(
        "Launching task group %s of framework %s under default executor %s (container %s)",
        g.tasks.stream().map(TaskRun::id).toList(),
        ex.frameworkId(),
        ex.executorId(),
        ex.run.containerId());
    List<CompletableFuture<Optional<String>>> launches = new ArrayList<>();
    for (TaskRun t : g.tasks) {
      t.containerizer = containerizer;
      reporter.send(
          t, TaskStatus.builder(t.id(), TaskState.TASK_STARTING).source(Source.SOURCE_EXECUTOR));
      launches.add(
          containerizer
              .launch(new ContainerConfig(t.run, t.task, framework, userOf.get(t)))
              .toCompletableFuture()
              .handle((result, error) -> failure(t, result, error)));
    }
    CompletableFuture.allOf(launches.toArray(CompletableFuture[]::new))
        .thenRunAsync(
            () -> launched(g, launches.stream().map(CompletableFuture::join).toList()), ctx);
  }

  /** Every task of the group gets the reason once, without a stream of its own. */
  private void reject(FrameworkId fid, ExecutorInfo executor, TaskGroupInfo group, String why) {
    LOG.warnf("Rejecting RUN_TASK_GROUP of framework %s: %s", fid, why);
    if (group == null || group.tasks().isEmpty()) {
      return;
    }
    for (TaskInfo t : group.tasks()) {
      if (t == null || t.taskId() == null) {
        continue;
      }
      reporter.sendOnce(
          fid,
          TaskStatus.builder(t.taskId(), TaskState.TASK_ERROR)
              .source(Source.SOURCE_AGENT)
              .reason(Reason.REASON_TASK_GROUP_INVALID)
              .message(why)
              .agentId(book.agentId)
              .executorId(executor == null ? null : executor.executorId())
              .timestamp(reporter.now())
              .build());
    }
  }

  /**
   * Checkpoints the framework, the executor with its groups and each task, then makes the
   * sandboxes: the executor's (on first use) and each task's, with its SANDBOX_PATH volumes.
   */
  private void prepare(
      DefaultExecutorRun ex, DefaultExecutorRun.Group g, Map<TaskRun, UserAccount> userOf)
      throws IOException {
    Checkpoints.writeJson(paths.frameworkInfoFile(book.agentId, ex.frameworkId()), ex.framework);
    Checkpoints.writeJson(ex.run.taskGroupsFile(), ex.checkpoint());
    for (TaskRun t : g.tasks) {
      Checkpoints.writeJson(t.run.taskInfoFile(t.id()), t.task);
    }
    Files.createDirectories(ex.run.sandbox());
    if (userOf.get(null) != null) {
      SandboxOwner.own(paths.workDir(), ex.run.sandbox(), userOf.get(null));
    }
    Checkpoints.symlinkAtomically(ex.run.latestLink(), ex.run.sandbox().getFileName());
    for (TaskRun t : g.tasks) {
      Files.createDirectories(t.run.sandbox());
      if (userOf.get(t) != null) {
        SandboxOwner.own(paths.workDir(), t.run.sandbox(), userOf.get(t));
      }
      Path link = ex.run.taskSandboxLink(t.id());
      Files.createDirectories(link.getParent());
      Checkpoints.symlinkAtomically(link, link.getParent().relativize(t.run.sandbox()));
      for (JsonNode v : TaskGroupValidation.sandboxVolumes(t.task)) {
        Path at = t.run.sandbox().resolve(v.path("container_path").asText()).normalize();
        Path from =
            ex.run.sandbox().resolve(v.path("source").path("sandbox_path").path("path").asText());
        Files.createDirectories(from.normalize());
        if (userOf.get(null) != null) {
          // The volume lives in the executor's sandbox, which is its user's to write.
          Files.setAttribute(from.normalize(), "unix:uid", userOf.get(null).uid());
          Files.setAttribute(from.normalize(), "unix:gid", userOf.get(null).gid());
        }
        Files.createDirectories(at.getParent());
        Checkpoints.symlinkAtomically(at, from.normalize());
      }
    }
  }

  /**
   * Who each task runs as (its CommandInfo.user, else FrameworkInfo.user, as Mesos's default
   * executor launches nested containers), and under the null key the executor's own user, the
   * framework's: its sandbox holds the tasks' shared volumes. One unknown user fails the group.
   *
   * @throws IllegalArgumentException naming the user and the task
   */
  private Map<TaskRun, UserAccount> users(FrameworkInfo framework, DefaultExecutorRun.Group g) {
    Map<TaskRun, UserAccount> out = new HashMap<>();
    out.put(null, users.resolve(framework, null).orElse(null));
    for (TaskRun t : g.tasks) {
      try {
        out.put(t, users.resolve(framework, t.task.command()).orElse(null));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("task " + t.id() + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Why a task's container did not start, or empty if it runs. */
  private Optional<String> failure(TaskRun t, Containerizer.LaunchResult result, Throwable error) {
    if (error == null && result == Containerizer.LaunchResult.SUCCESS) {
      return Optional.empty();
    }
    String cause =
        error != null
            ? TaskReporter.describe(error)
            : result == Containerizer.LaunchResult.NOT_SUPPORTED
                ? "no configured containerizer runs it (configured: "
                    + String.join(",", containerizer.names())
                    + ")"
                : "the containerizer answered " + result;
    return Optional.of("task " + t.id() + " could not start: " + cause);
  }

  /** On the context, once every launch answered: all RUNNING, or none left running. */
  private void launched(DefaultExecutorRun.Group g, List<Optional<String>> failures) {
    Optional<String> failed = failures.stream().flatMap(Optional::stream).findFirst();
    boolean killed = g.tasks.stream().anyMatch(t -> t.killRequested);
    if (failed.isEmpty() && !killed) {
      for (TaskRun t : g.tasks) {
        ContainerId cid = t.run.containerId();
        // Mesos's default executor watches each task's health check, check and
        // max_completion_time as the command executor does; an unhealthy task is killed and its
        // non-successful end then takes the group down (TaskGroups.ended).
        health.launched(t);
        containerizer
            .status(cid)
            .handleAsync(
                (status, err) -> {
                  if (!t.isTerminal() && !t.killRequested && t.state() == TaskState.TASK_STARTING) {
                    reporter.send(
                        t,
                        TaskStatus.builder(t.id(), TaskState.TASK_RUNNING)
                            .source(Source.SOURCE_EXECUTOR)
                            .checkStatus(TaskHealth.noResultYet(t.task)),
                        err == null ? status : null);
                    health.running(t, err == null ? status : null);
                  }
                  groups.watch(t);
                  return null;
                },
                ctx);
      }
      return;
    }
    g.killing = true;
    String why = failed.orElse("the task group was killed during launch");
    LOG.warnf(
        "Task group %s did not start as a whole (%s); destroying its started containers",
        g.tasks.stream().map(TaskRun::id).toList(), why);
    List<CompletableFuture<?>> destroys = new ArrayList<>();
    for (int i = 0; i < g.tasks.size(); i++) {
      if (failures.get(i).isEmpty()) {
        destroys.add(containerizer.destroy(g.tasks.get(i).run.containerId()).toCompletableFuture());
      }
    }
    CompletableFuture.allOf(destroys.toArray(CompletableFuture[]::new))
        .handleAsync(
            (x, err) -> {
              for (int i = 0; i < g.tasks.size(); i++) {
                TaskRun t = g.tasks.get(i);
                if (t.isTerminal()) {
                  continue;
                }
                if (killed) {
                  reporter.fail(
                      t,
                      TaskState.TASK_KILLED,
                      Reason.REASON_TASK_KILLED_DURING_LAUNCH,
                      "Task group killed during launch");
                } else {
                  Optional<String> own =
                      failures.get(i).map(f -> "Failed to launch container: " + f);
                  reporter.fail(
                      t,
                      TaskState.TASK_FAILED,
                      Reason.REASON_CONTAINER_LAUNCH_FAILED,
                      own.orElse("Task group launch failed: " + why));
                }
              }
              groups.maybeExited(g.executor);
              return null;
            },
            ctx);
  }

  private String uuid() {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }
}
