package io.mezzo.agent.containerizer.process;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.isolator.ContainerLaunchInfo;
import io.mezzo.agent.isolator.Isolator;
import io.mezzo.agent.state.Checkpoints;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.Timers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The {@code mesos} containerizer without images: runs a task's {@code CommandInfo} as a plain
 * process tree in its own session (see {@link ProcessLauncher}), with the configured {@link
 * Isolator}s applied at each step of the lifecycle. A container ends when its main command exits;
 * processes it left behind in its group are then killed, as Mesos's posix launcher does.
 *
 * <p>The wrapper's pid is checkpointed to {@code pids/forked.pid} before the command starts, and
 * the wrapper writes the command's exit status to {@code exit_status}, so {@link #recover} can
 * re-attach to a live container or learn how it ended.
 *
 * <p>Threading: all state is owned by one {@link SerialContext}; public methods enqueue work there.
 * Signals go through {@code kill(1)}, a few milliseconds of blocking on that context.
 */
public final class ProcessContainerizer implements Containerizer {
  public static final String NAME = "mesos";
  private static final Logger LOG = Logger.getLogger(ProcessContainerizer.class);

  /** How long a forked wrapper may take to report that it runs in its own session. */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

  /** How many ended containers are remembered for a late {@link #wait}. */
  private static final int TERMINATED_KEPT = 1024;

  private final Timers timers;
  private final List<Isolator> isolators;
  private final SerialContext context;
  private final Executor ctx;

  /** Where the launch waits for a wrapper's first line, so the context never blocks on it. */
  private final ExecutorService launchThreads;

  private final Map<ContainerId, ProcessContainer> containers = new HashMap<>();
  private final Map<ContainerId, Termination> terminated =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ContainerId, Termination> eldest) {
          return size() > TERMINATED_KEPT;
        }
      };

  /**
   * @param timers schedules the SIGKILL after a kill grace period
   * @param isolators applied to every container, in this order
   */
  public ProcessContainerizer(Timers timers, List<Isolator> isolators) {
    this.timers = timers;
    this.isolators = List.copyOf(isolators);
    this.context = new SerialContext("process-containerizer");
    this.ctx = context::execute;
    this.launchThreads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "process-launch");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompletionStage<Set<ContainerId>> recover(List<ContainerConfig> all) {
    // Under a composing containerizer every checkpointed container is offered; Docker ones are not
    // ours.
    List<ContainerConfig> checkpointed = all.stream().filter(c -> !isDocker(c)).toList();
    return context
        .call(() -> eachIsolator("recover", i -> i.recover(checkpointed, Set.of())))
        .thenCompose(Function.identity())
        .thenApplyAsync(
            ignored -> {
              Set<ContainerId> known = new HashSet<>();
              for (ContainerConfig config : checkpointed) {
                recoverOne(config);
                known.add(config.containerId());
              }
              return known;
            },
            ctx);
  }

  private void recoverOne(ContainerConfig config) {
    ContainerId id = config.containerId();
    ProcessContainer c = new ProcessContainer(config, ProcessContainer.State.RUNNING);
    containers.put(id, c);
    Optional<Long> pid = readLong(config.run().forkedPidFile());
    Optional<Long> exit = readLong(config.run().exitStatusFile());
    Optional<ProcessHandle> live =
        pid.flatMap(ProcessHandle::of).filter(ProcessContainerizer::isWrapper);
    if (exit.isEmpty() && live.isPresent()) {
      c.pid = pid.get();
      c.attached = true;
      LOG.infof("Recovered container %s: pid %d is still running", id, c.pid);
      live.get().onExit().whenCompleteAsync((p, e) -> reaped(c), ctx);
      watch(c);
    } else {
      pid.ifPresent(p -> c.pid = p);
      LOG.infof(
          "Recovered container %s: it ended while the agent was down (exit status %s)",
          id, exit.map(String::valueOf).orElse("unknown"));
      reaped(c);
    }
  }

  @Override
  public CompletionStage<LaunchResult> launch(ContainerConfig config) {
    return context.call(() -> begin(config)).thenCompose(Function.identity());
  }

  private CompletionStage<LaunchResult> begin(ContainerConfig config) {
    ContainerId id = config.containerId();
    if (containers.containsKey(id) || terminated.containsKey(id)) {
      return CompletableFuture.completedFuture(LaunchResult.ALREADY_LAUNCHED);
    }
    if (isDocker(config)) {
      return CompletableFuture.completedFuture(LaunchResult.NOT_SUPPORTED);
    }
    ProcessContainer c = new ProcessContainer(config, ProcessContainer.State.PREPARING);
    containers.put(id, c);
    return eachIsolator("prepare", i -> i.prepare(config))
        .thenApplyAsync(infos -> fork(c, infos), ctx)
        .thenCompose(
            p ->
                CompletableFuture.supplyAsync(() -> ready(p), launchThreads)
                    .orTimeout(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .thenApplyAsync(pid -> attach(c, pid), ctx)
        .thenCompose(pid -> eachIsolator("isolate", i -> i.isolate(id, pid)))
        .thenApplyAsync(ignored -> start(c), ctx)
        .handleAsync(
            (result, error) -> {
              if (error == null) {
                return result;
              }
              String why = describe(error);
              launchFailed(c, why);
              throw new CompletionException(new IllegalStateException(why, unwrap(error)));
            },
            ctx);
  }

  private Process fork(ProcessContainer c, List<Optional<ContainerLaunchInfo>> infos) {
    if (c.destroyRequested) {
      throw new IllegalStateException("the container was destroyed during launch");
    }
    ContainerLaunchInfo launchInfo = new ContainerLaunchInfo(Map.of());
    for (Optional<ContainerLaunchInfo> info : infos) {
      if (info.isPresent()) {
        launchInfo = launchInfo.merge(info.get());
      }
    }
    try {
      c.process = ProcessLauncher.fork(c.config, launchInfo);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the command: " + e.getMessage(), e);
    }
    return c.process;
  }

  /** Runs on a launch thread: reading the wrapper's first line blocks for a few milliseconds. */
  private static long ready(Process p) {
    try {
      return ProcessLauncher.awaitReady(p);
    } catch (IOException e) {
      throw new CompletionException(new IllegalStateException(e.getMessage(), e));
    }
  }

  /** The wrapper leads its own session now: checkpoint its pid and watch for its exit. */
  private long attach(ProcessContainer c, long pid) {
    c.forked(pid);
    // Checkpointed before the command runs: a restarted agent must find every task it started.
    Checkpoints.writeAtomically(
        c.config.run().forkedPidFile(), (pid + "\n").getBytes(StandardCharsets.US_ASCII));
    CompletableFuture<?> exit =
        pid == c.process.pid()
            ? c.process.onExit()
            : ProcessHandle.of(pid)
                .map(h -> (CompletableFuture<?>) h.onExit())
                .orElse(CompletableFuture.completedFuture(null));
    exit.whenCompleteAsync((x, e) -> reaped(c), ctx);
    if (c.destroyRequested) {
      throw new IllegalStateException("the container was destroyed during launch");
    }
    return pid;
  }

  private LaunchResult start(ProcessContainer c) {
    if (c.state() != ProcessContainer.State.ISOLATING) {
      throw new IllegalStateException("the launch wrapper exited before the command started");
    }
    if (c.destroyRequested) {
      throw new IllegalStateException("the container was destroyed during launch");
    }
    try {
      ProcessLauncher.release(c.process, true);
    } catch (IOException e) {
      throw new IllegalStateException("the launch wrapper exited before the command started", e);
    }
    c.started();
    LOG.infof(
        "Launched container %s for task %s: pid %d",
        c.config.containerId(), c.config.task().taskId(), c.pid);
    watch(c);
    return LaunchResult.SUCCESS;
  }

  private void launchFailed(ProcessContainer c, String why) {
    LOG.warnf("Launch of container %s failed: %s", c.config.containerId(), why);
    if (c.isTerminated()) {
      return;
    }
    c.launchFailure = why;
    if (c.attached) {
      // The wrapper is parked before the command; closing its stdin without "go" ends it, and the
      // exit watcher finishes the termination.
      try {
        ProcessLauncher.release(c.process, false);
      } catch (IOException ignored) {
        // Already gone: the exit watcher handles that too.
      }
      ProcessGroups.signal(c.pid, ProcessGroups.Signal.KILL);
    } else if (c.process != null) {
      // Forked but never reported ready: nothing of the command runs yet.
      Process p = c.process;
      p.destroyForcibly();
      p.onExit().whenCompleteAsync((x, e) -> finish(c, null), ctx);
    } else {
      finish(c, null);
    }
  }

  private void watch(ProcessContainer c) {
    for (Isolator i : isolators) {
      CompletableFuture<ContainerLimitation> limit =
          i.watch(c.config.containerId()).toCompletableFuture();
      c.watches.put(i, limit);
      limit.thenAcceptAsync(limitation -> limited(c, i, limitation), ctx);
    }
  }

  private void limited(ProcessContainer c, Isolator isolator, ContainerLimitation limitation) {
    if (c.isTerminated() || c.limitation != null) {
      return;
    }
    LOG.warnf(
        "Container %s hit a limit of %s: %s",
        c.config.containerId(), isolator.name(), limitation.message());
    c.limitation = limitation;
    destroyNow(c, Duration.ZERO);
  }

  /** The wrapper exited: kill what it left in its group, clean up isolators, report the end. */
  private void reaped(ProcessContainer c) {
    if (c.isTerminated()) {
      return;
    }
    Integer exit = readLong(c.config.run().exitStatusFile()).map(Long::intValue).orElse(null);
    if (exit == null && c.process != null && c.process.pid() == c.pid && c.launchFailure == null) {
      // No status file: the wrapper itself was killed (SIGKILL), so its own status is the best
      // fact.
      exit = c.process.exitValue();
    }
    if (c.attached) {
      ProcessGroups.signal(c.pid, ProcessGroups.Signal.KILL);
    }
    finish(c, exit);
  }

  private void finish(ProcessContainer c, Integer exit) {
    ContainerId id = c.config.containerId();
    eachIsolator("cleanup", i -> i.cleanup(id))
        .whenCompleteAsync(
            (ok, err) -> {
              if (err != null) {
                LOG.warnf("Cleanup of container %s failed: %s", id, describe(err));
              }
              if (c.limitation == null) {
                lateLimitation(c);
              }
              Termination t =
                  new Termination(exit, c.destroyRequested, c.limitation, message(c, exit));
              containers.remove(id);
              terminated.put(id, t);
              c.terminated(t);
              LOG.infof("Container %s terminated: %s", id, t.message());
            },
            ctx);
  }

  /**
   * A limit an isolator found only at cleanup (its poll had not seen it before the container ended,
   * e.g. the OOM killer ended the main command): it explains the end better than the exit status.
   */
  private void lateLimitation(ProcessContainer c) {
    for (Map.Entry<Isolator, CompletableFuture<ContainerLimitation>> w : c.watches.entrySet()) {
      CompletableFuture<ContainerLimitation> f = w.getValue();
      if (f.isDone() && !f.isCompletedExceptionally()) {
        c.limitation = f.join();
        LOG.warnf(
            "Container %s hit a limit of %s: %s",
            c.config.containerId(), w.getKey().name(), c.limitation.message());
        return;
      }
    }
  }

  private static String message(ProcessContainer c, Integer exit) {
    if (c.launchFailure != null) {
      return "Failed to launch container: " + c.launchFailure;
    }
    if (c.limitation != null) {
      return c.limitation.message();
    }
    if (exit != null) {
      return "Command exited with status " + exit;
    }
    return c.destroyRequested
        ? "Command was killed"
        : "Command ended while the agent was down; its exit status is unknown";
  }

  @Override
  public CompletionStage<Optional<Termination>> wait(ContainerId id) {
    return context
        .call(
            () -> {
              ProcessContainer c = containers.get(id);
              if (c != null) {
                return c.termination;
              }
              Termination t = terminated.get(id);
              return CompletableFuture.completedFuture(Optional.ofNullable(t));
            })
        .thenCompose(Function.identity());
  }

  @Override
  public CompletionStage<Optional<Termination>> destroy(ContainerId id, Duration gracePeriod) {
    return context
        .call(
            () -> {
              ProcessContainer c = containers.get(id);
              if (c == null) {
                return CompletableFuture.completedFuture(Optional.ofNullable(terminated.get(id)));
              }
              destroyNow(c, gracePeriod);
              return c.termination;
            })
        .thenCompose(Function.identity());
  }

  private void destroyNow(ProcessContainer c, Duration grace) {
    c.destroyRequested = true;
    switch (c.state()) {
      case PREPARING -> {
        // Nothing runs yet; the launch checks the flag before it forks.
      }
      case ISOLATING -> ProcessGroups.signal(c.pid, ProcessGroups.Signal.KILL);
      case RUNNING -> {
        c.destroying();
        if (grace.isZero() || grace.isNegative()) {
          ProcessGroups.signal(c.pid, ProcessGroups.Signal.KILL);
        } else {
          LOG.infof(
              "Sending SIGTERM to container %s (pid %d); SIGKILL in %s",
              c.config.containerId(), c.pid, grace);
          ProcessGroups.signal(c.pid, ProcessGroups.Signal.TERM);
          c.killTimer = timers.schedule(grace, () -> ctx.execute(() -> escalate(c)));
        }
      }
      case DESTROYING -> {
        if (grace.isZero() || grace.isNegative()) {
          escalate(c);
        }
      }
      case TERMINATED -> {
        // Nothing left to do.
      }
    }
  }

  private void escalate(ProcessContainer c) {
    if (!c.isTerminated()) {
      LOG.infof("Sending SIGKILL to container %s (pid %d)", c.config.containerId(), c.pid);
      ProcessGroups.signal(c.pid, ProcessGroups.Signal.KILL);
    }
  }

  @Override
  public CompletionStage<Void> update(ContainerId id, List<Resource> resources) {
    return context
        .call(
            () ->
                containers.containsKey(id)
                    ? eachIsolator("update", i -> i.update(id, resources))
                        .thenApply(x -> (Void) null)
                    : CompletableFuture.<Void>completedFuture(null))
        .thenCompose(Function.identity());
  }

  @Override
  public CompletionStage<ContainerUsage> usage(ContainerId id) {
    return context
        .call(
            () -> {
              double now = timers.clock().millis() / 1000.0;
              ProcessContainer c = containers.get(id);
              if (c == null) {
                return CompletableFuture.completedFuture(ContainerUsage.at(now));
              }
              ContainerUsage base =
                  new ContainerUsage(
                      now,
                      scalar(c.config.resources(), "cpus"),
                      null,
                      null,
                      Optional.ofNullable(scalar(c.config.resources(), "mem"))
                          .map(mb -> (long) (mb * 1024 * 1024))
                          .orElse(null),
                      null,
                      c.pid > 0 ? ProcessGroups.tree(c.pid).size() : 0);
              return eachIsolator("usage", i -> i.usage(id))
                  .thenApply(
                      reports -> {
                        ContainerUsage u = base;
                        for (ContainerUsage r : reports) {
                          u = u.merge(r);
                        }
                        return u;
                      });
            })
        .thenCompose(Function.identity());
  }

  @Override
  public CompletionStage<TaskStatus.ContainerStatus> status(ContainerId id) {
    return context.call(
        () -> {
          ProcessContainer c = containers.get(id);
          Integer pid = c == null || c.pid <= 0 ? null : (int) c.pid;
          return new TaskStatus.ContainerStatus(id, null, pid);
        });
  }

  @Override
  public CompletionStage<Set<ContainerId>> containers() {
    return context.call(() -> Set.copyOf(containers.keySet()));
  }

  @Override
  public void close() {
    context.call(
        () -> {
          containers
              .values()
              .forEach(
                  c -> {
                    if (c.killTimer != null) {
                      c.killTimer.cancel();
                    }
                  });
          return null;
        });
    context.close(Duration.ofSeconds(5));
    launchThreads.shutdownNow();
  }

  /** Runs one hook of every isolator in order, stopping at the first failure, which names it. */
  private <T> CompletionStage<List<T>> eachIsolator(
      String hook, Function<Isolator, CompletionStage<T>> call) {
    CompletionStage<List<T>> acc = CompletableFuture.completedFuture(new ArrayList<>());
    for (Isolator isolator : isolators) {
      acc =
          acc.thenCompose(
              results -> {
                CompletionStage<T> step;
                try {
                  step = call.apply(isolator);
                } catch (RuntimeException e) {
                  step = CompletableFuture.failedFuture(e);
                }
                return step.handle(
                    (r, e) -> {
                      if (e != null) {
                        throw new CompletionException(
                            new IllegalStateException(
                                "isolator "
                                    + isolator.name()
                                    + " failed to "
                                    + hook
                                    + ": "
                                    + describe(e),
                                unwrap(e)));
                      }
                      results.add(r);
                      return results;
                    });
              });
    }
    return acc;
  }

  private static boolean isDocker(ContainerConfig config) {
    ContainerInfo info = config.task().container();
    return info != null && info.type() == ContainerInfo.Type.DOCKER;
  }

  private static Double scalar(List<Resource> resources, String name) {
    double sum = 0;
    boolean found = false;
    for (Resource r : resources) {
      if (name.equals(r.name()) && r.scalar() != null && r.scalar().value() != null) {
        sum += r.scalar().value();
        found = true;
      }
    }
    return found ? sum : null;
  }

  private static boolean isWrapper(ProcessHandle h) {
    // Guards against pid reuse while the agent was down; when the command line is unreadable we
    // trust the pid, as Mesos does.
    return h.isAlive()
        && h.info().commandLine().map(cl -> cl.contains(ProcessLauncher.WRAPPER_NAME)).orElse(true);
  }

  private static Optional<Long> readLong(Path file) {
    return Checkpoints.read(file)
        .flatMap(
            bytes -> {
              try {
                return Optional.of(
                    Long.parseLong(new String(bytes, StandardCharsets.US_ASCII).strip()));
              } catch (NumberFormatException e) {
                LOG.warnf("Ignoring unreadable checkpoint %s", file);
                return Optional.empty();
              }
            });
  }

  private static Throwable unwrap(Throwable e) {
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static String describe(Throwable e) {
    Throwable t = unwrap(e);
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
