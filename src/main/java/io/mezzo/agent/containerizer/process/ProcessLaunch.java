package io.mezzo.agent.containerizer.process;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerTable;
import io.mezzo.agent.containerizer.Containerizer.LaunchResult;
import io.mezzo.agent.isolator.ContainerLaunchInfo;
import io.mezzo.agent.state.Checkpoints;
import io.mezzo.api.v1.ContainerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The launch phase of a process container: isolators prepare, the wrapper forks into its own
 * session and parks, its pid is checkpointed, isolators isolate it, and only then is it told to
 * exec the command. Any failure (or a destroy on the way) unwinds so that nothing of the command
 * runs and {@code wait} reports the container terminated with the reason.
 */
final class ProcessLaunch {
  private static final Logger LOG = Logger.getLogger(ProcessContainerizer.class);

  /** How long a forked wrapper may take to report that it runs in its own session. */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

  private final ContainerTable<ProcessContainer> table;
  private final IsolatorChain isolators;
  private final ProcessReaper reaper;
  private final Executor ctx;

  /** Where the launch waits for a wrapper's first line, so the context never blocks on it. */
  private final ExecutorService launchThreads;

  ProcessLaunch(
      ContainerTable<ProcessContainer> table,
      IsolatorChain isolators,
      ProcessReaper reaper,
      Executor ctx,
      ExecutorService launchThreads) {
    this.table = table;
    this.isolators = isolators;
    this.reaper = reaper;
    this.ctx = ctx;
    this.launchThreads = launchThreads;
  }

  /** On the context: starts the launch of a config already known to be new and ours. */
  CompletionStage<LaunchResult> begin(ContainerConfig config) {
    ContainerId id = config.containerId();
    ProcessContainer c = table.launching(new ProcessContainer(config));
    return isolators
        .each("prepare", i -> i.prepare(config))
        .thenApplyAsync(infos -> fork(c, infos), ctx)
        .thenCompose(
            p ->
                CompletableFuture.supplyAsync(() -> ready(p), launchThreads)
                    .orTimeout(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .thenApplyAsync(pid -> attach(c, pid), ctx)
        .thenCompose(pid -> isolators.each("isolate", i -> i.isolate(id, pid)))
        .thenApplyAsync(ignored -> start(c), ctx)
        .handleAsync(
            (result, error) -> {
              if (error == null) {
                return result;
              }
              String why = IsolatorChain.describe(error);
              launchFailed(c, why);
              throw new CompletionException(
                  new IllegalStateException(why, IsolatorChain.unwrap(error)));
            },
            ctx);
  }

  private Process fork(ProcessContainer c, List<Optional<ContainerLaunchInfo>> infos) {
    if (c.destroyRequested()) {
      throw new IllegalStateException("the container was destroyed during launch");
    }
    ContainerLaunchInfo launchInfo = new ContainerLaunchInfo(Map.of());
    for (Optional<ContainerLaunchInfo> info : infos) {
      if (info.isPresent()) {
        launchInfo = launchInfo.merge(info.get());
      }
    }
    try {
      c.process = ProcessLauncher.fork(c.config(), launchInfo);
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
        c.config().run().forkedPidFile(), (pid + "\n").getBytes(StandardCharsets.US_ASCII));
    CompletableFuture<?> exit =
        pid == c.process.pid()
            ? c.process.onExit()
            : ProcessHandle.of(pid)
                .map(h -> (CompletableFuture<?>) h.onExit())
                .orElse(CompletableFuture.completedFuture(null));
    exit.whenCompleteAsync((x, e) -> reaper.reaped(c), ctx);
    if (c.destroyRequested()) {
      throw new IllegalStateException("the container was destroyed during launch");
    }
    return pid;
  }

  private LaunchResult start(ProcessContainer c) {
    if (c.isTerminated()) {
      throw new IllegalStateException("the launch wrapper exited before the command started");
    }
    if (c.destroyRequested()) {
      throw new IllegalStateException("the container was destroyed during launch");
    }
    try {
      ProcessLauncher.release(c.process, true);
    } catch (IOException e) {
      throw new IllegalStateException("the launch wrapper exited before the command started", e);
    }
    c.running();
    LOG.infof(
        "Launched container %s for task %s: pid %d", c.id(), c.config().task().taskId(), c.pid);
    reaper.watch(c);
    return LaunchResult.SUCCESS;
  }

  private void launchFailed(ProcessContainer c, String why) {
    LOG.warnf("Launch of container %s failed: %s", c.id(), why);
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
      p.onExit().whenCompleteAsync((x, e) -> reaper.finish(c, null), ctx);
    } else {
      reaper.finish(c, null);
    }
  }
}
