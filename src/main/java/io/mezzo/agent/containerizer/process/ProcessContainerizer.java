package io.mezzo.agent.containerizer.process;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerRecord;
import io.mezzo.agent.containerizer.ContainerTable;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.isolator.Isolator;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.Timers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

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
 * <p>The containers and their lifecycle are a {@link ContainerTable}; the phases live in their own
 * classes: {@link ProcessLaunch} (prepare, fork, isolate, go), {@link ProcessReaper} (limitations,
 * destroy, reaping) and {@link ProcessRecovery} (re-attach after an agent restart).
 *
 * <p>Threading: all state is owned by one {@link SerialContext}; public methods enqueue work there.
 * Signals go through {@code kill(1)}, a few milliseconds of blocking on that context.
 */
public final class ProcessContainerizer implements Containerizer {
  public static final String NAME = "mesos";

  private final Timers timers;
  private final IsolatorChain isolators;
  private final SerialContext context;
  private final Executor ctx;
  private final ContainerTable<ProcessContainer> table = new ContainerTable<>();
  private final ProcessReaper reaper;
  private final ProcessLaunch launch;
  private final ProcessRecovery recovery;

  /** Where the launch waits for a wrapper's first line, so the context never blocks on it. */
  private final ExecutorService launchThreads;

  /**
   * @param timers schedules the SIGKILL after a kill grace period
   * @param isolators applied to every container, in this order
   */
  public ProcessContainerizer(Timers timers, List<Isolator> isolators) {
    this.timers = timers;
    this.isolators = new IsolatorChain(isolators);
    this.context = new SerialContext("process-containerizer");
    this.ctx = context::execute;
    this.launchThreads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "process-launch");
              t.setDaemon(true);
              return t;
            });
    this.reaper = new ProcessReaper(table, this.isolators, timers, ctx);
    this.launch = new ProcessLaunch(table, this.isolators, reaper, ctx, launchThreads);
    this.recovery = new ProcessRecovery(table, reaper, ctx);
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
        .call(() -> isolators.each("recover", i -> i.recover(checkpointed, Set.of())))
        .thenCompose(Function.identity())
        .thenApplyAsync(ignored -> recovery.recoverAll(checkpointed), ctx);
  }

  @Override
  public CompletionStage<LaunchResult> launch(ContainerConfig config) {
    return context
        .call(
            () -> {
              if (table.knows(config.containerId())) {
                return CompletableFuture.completedFuture(LaunchResult.ALREADY_LAUNCHED);
              }
              if (isDocker(config)) {
                return CompletableFuture.completedFuture(LaunchResult.NOT_SUPPORTED);
              }
              return launch.begin(config);
            })
        .thenCompose(Function.identity());
  }

  @Override
  public CompletionStage<Optional<Termination>> wait(ContainerId id) {
    return context.call(() -> table.await(id)).thenCompose(Function.identity());
  }

  @Override
  public CompletionStage<Optional<Termination>> destroy(ContainerId id, Duration gracePeriod) {
    return context
        .call(
            () -> {
              table.live(id).ifPresent(c -> reaper.destroy(c, gracePeriod));
              return table.await(id);
            })
        .thenCompose(Function.identity());
  }

  @Override
  public CompletionStage<Boolean> signal(ContainerId id, int signal) {
    return context.call(
        () -> {
          Optional<ProcessContainer> live = table.live(id);
          if (live.isEmpty()) {
            return false;
          }
          ProcessContainer c = live.get();
          if (signal == SIGKILL || c.state() == ContainerRecord.State.LAUNCHING) {
            // As Mesos: a container without a running command yet cannot take a signal, so it
            // goes.
            reaper.destroy(c, Duration.ZERO);
          } else {
            ProcessGroups.send(c.pid, signal);
          }
          return true;
        });
  }

  @Override
  public CompletionStage<Void> update(ContainerId id, List<Resource> resources) {
    return context
        .call(
            () ->
                table.live(id).isPresent()
                    ? isolators
                        .each("update", i -> i.update(id, resources))
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
              Optional<ProcessContainer> live = table.live(id);
              if (live.isEmpty()) {
                return CompletableFuture.completedFuture(ContainerUsage.at(now));
              }
              ProcessContainer c = live.get();
              List<Resource> resources = c.config().resources();
              ContainerUsage base =
                  new ContainerUsage(
                      now,
                      scalar(resources, "cpus"),
                      null,
                      null,
                      Optional.ofNullable(scalar(resources, "mem"))
                          .map(mb -> (long) (mb * 1024 * 1024))
                          .orElse(null),
                      null,
                      c.pid > 0 ? ProcessGroups.tree(c.pid).size() : 0);
              return isolators
                  .each("usage", i -> i.usage(id))
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
          Integer pid = table.live(id).filter(c -> c.pid > 0).map(c -> (int) c.pid).orElse(null);
          return new TaskStatus.ContainerStatus(id, null, pid);
        });
  }

  @Override
  public CompletionStage<Set<ContainerId>> containers() {
    return context.call(table::ids);
  }

  @Override
  public void close() {
    context.call(
        () -> {
          for (ProcessContainer c : table.all()) {
            if (c.killTimer != null) {
              c.killTimer.cancel();
            }
          }
          return null;
        });
    context.close(Duration.ofSeconds(5));
    launchThreads.shutdownNow();
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
}
