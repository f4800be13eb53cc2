package io.mezzo.agent.containerizer.docker;

import io.mezzo.agent.cgroups.Cgroup;
import io.mezzo.agent.cgroups.ContainerCgroups;
import io.mezzo.agent.cgroups.CpuControl;
import io.mezzo.agent.cgroups.MemoryControl;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerTable;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.isolator.ContainerResources;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ContainerInfo;
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
import java.util.function.Function;

/**
 * The {@code docker} containerizer: runs tasks with {@code ContainerInfo.type = DOCKER} as
 * containers of a Docker Engine (or podman's compatible service), named {@code mezzo-<container
 * id>} and labelled with this agent's owner mark, so a restarted agent finds its containers.
 *
 * <p>Each container's output is copied from the engine into the sandbox {@code stdout}/{@code
 * stderr}; a kill is the engine's stop (SIGTERM, SIGKILL after the grace period). With cgroups,
 * each container goes under its own parent cgroup {@code <cgroups root>/docker/<container id>},
 * from which the agent reads statistics and tells an OOM kill apart from any other SIGKILL: podman
 * reports {@code OOMKilled=false} even after one, so exit status 137 plus the parent's memory peak
 * at the limit (or its OOM counter) count as an OOM kill too. A finished container is removed.
 *
 * <p>The containers and their lifecycle are a {@link ContainerTable}; the phases live in their own
 * classes: {@link DockerLaunch}, {@link DockerReaper} (output, exit, destroy, OOM), {@link
 * DockerRecovery}, and {@link DockerCgroups} for the parent cgroups.
 *
 * <p>Threading: all state is owned by one {@link SerialContext}; engine calls block, so they run on
 * a pool of I/O threads ({@link EngineWorkers}) and hop back.
 */
public final class DockerContainerizer implements Containerizer {
  public static final String NAME = "docker";
  private static final String PREFIX = "mezzo-";

  /**
   * @param owner marks this agent's containers (its work dir): only they are recovered or reaped
   * @param cgroups where per-container parent cgroups go; null to leave cgroups to the engine
   *     (statistics then come from the task's allocation only, and OOM from the engine's flag)
   * @param enableCfs cap cpu hard at the allocation, as {@code cgroups/cpu} does
   * @param pullMissingImages pull an image the engine does not have (Mesos always does)
   */
  public record Options(
      String owner, ContainerCgroups cgroups, boolean enableCfs, boolean pullMissingImages) {}

  private final Timers timers;
  private final SerialContext context = new SerialContext("docker-containerizer");
  private final Executor ctx = context::execute;
  private final ContainerTable<DockerContainer> table = new ContainerTable<>();
  private final EngineWorkers workers;
  private final DockerCgroups cgroups;
  private final DockerReaper reaper;
  private final DockerLaunch launch;
  private final DockerRecovery recovery;

  public DockerContainerizer(DockerEngine engine, Timers timers, Options options) {
    this.timers = timers;
    this.workers = new EngineWorkers(engine);
    this.cgroups = new DockerCgroups(options.cgroups());
    this.reaper = new DockerReaper(table, workers, cgroups, ctx);
    this.launch = new DockerLaunch(table, workers, cgroups, reaper, options, ctx);
    this.recovery = new DockerRecovery(table, workers, cgroups, reaper, options.owner(), ctx);
  }

  /** The engine's name of the container: {@code mezzo-<container id>}. */
  public static String containerName(ContainerId id) {
    return PREFIX + id.value();
  }

  @Override
  public String name() {
    return NAME;
  }

  private static boolean isDocker(ContainerConfig config) {
    ContainerInfo info = config.task().container();
    return info != null && info.type() == ContainerInfo.Type.DOCKER;
  }

  @Override
  public CompletionStage<LaunchResult> launch(ContainerConfig config) {
    return context
        .call(
            () -> {
              if (!isDocker(config)) {
                return CompletableFuture.completedFuture(LaunchResult.NOT_SUPPORTED);
              }
              if (table.knows(config.containerId())) {
                return CompletableFuture.completedFuture(LaunchResult.ALREADY_LAUNCHED);
              }
              return launch.begin(config);
            })
        .thenCompose(Function.identity());
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
  public CompletionStage<Set<ContainerId>> recover(List<ContainerConfig> all) {
    return recovery.recover(all.stream().filter(DockerContainerizer::isDocker).toList());
  }

  @Override
  public CompletionStage<Optional<Termination>> wait(ContainerId id) {
    return context.call(() -> table.await(id)).thenCompose(Function.identity());
  }

  @Override
  public CompletionStage<ContainerUsage> usage(ContainerId id) {
    return context.call(
        () -> {
          double now = timers.clock().millis() / 1000.0;
          Optional<DockerContainer> live = table.live(id);
          if (live.isEmpty()) {
            return ContainerUsage.at(now);
          }
          DockerContainer c = live.get();
          ContainerUsage.Builder b =
              ContainerUsage.builder(now)
                  .cpusLimit(
                      ContainerResources.scalar(c.config().resources(), "cpus").orElse(null));
          Optional<MemoryControl.Stats> mem = cgroups.memoryStats(id);
          b.memory(
              DockerReaper.limitBytes(c),
              mem.map(MemoryControl.Stats::totalBytes).orElse(null),
              mem.map(MemoryControl.Stats::rssBytes).orElse(null),
              mem.map(MemoryControl.Stats::cacheBytes).orElse(null));
          cgroups
              .parent("cpuacct", id)
              .filter(Cgroup::exists)
              .ifPresent(
                  acct -> {
                    CpuControl.Stats s = CpuControl.stats(acct, acct);
                    b.cpuTimes(s.userSecs(), s.systemSecs());
                  });
          cgroups
              .parent("pids", id)
              .filter(Cgroup::exists)
              .ifPresent(p -> b.processes(p.processes().size()));
          return b.build();
        });
  }

  @Override
  public CompletionStage<TaskStatus.ContainerStatus> status(ContainerId id) {
    return context.call(
        () -> {
          Integer pid = table.live(id).map(c -> c.pid).map(Long::intValue).orElse(null);
          return new TaskStatus.ContainerStatus(id, null, pid);
        });
  }

  @Override
  public CompletionStage<Set<ContainerId>> containers() {
    return context.call(table::ids);
  }

  /** The engine this containerizer talks to, e.g. {@code unix:///var/run/docker.sock}. */
  public String endpoint() {
    return workers.engine.endpoint();
  }

  @Override
  public void close() {
    workers.close();
    context.close(Duration.ofSeconds(5));
  }
}
