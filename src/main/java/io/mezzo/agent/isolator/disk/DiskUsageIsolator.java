package io.mezzo.agent.isolator.disk;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.isolator.ContainerLaunchInfo;
import io.mezzo.agent.isolator.ContainerResources;
import io.mezzo.agent.isolator.Isolator;
import io.mezzo.agent.isolator.Poller;
import io.mezzo.agent.volume.AgentVolume;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.Timers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * {@code disk/du}: measures each sandbox with {@code du -s -k -x} every interval (Mesos {@code
 * --container_disk_watch_interval}, 15 s) and, when enforcement is on ({@code
 * --enforce_container_disk_quota}), destroys a container whose sandbox grew past its {@code disk}
 * resource: its task fails with {@code REASON_CONTAINER_LIMITATION_DISK}. Writes are not stopped
 * between polls (there is no XFS project quota here): a task can overshoot by what it writes in one
 * interval.
 *
 * <p>A persistent volume mounted in the sandbox is not counted ({@code --exclude} of its mount
 * point, as Mesos does): its size is its own {@code disk} resource, and its data outlives the
 * container.
 *
 * <p>{@code du} runs on the given blocking executor, never on the caller's thread; polls of one
 * container never overlap.
 */
public final class DiskUsageIsolator implements Isolator {
  public static final String NAME = "disk/du";
  private static final Logger LOG = Logger.getLogger(DiskUsageIsolator.class);

  /** A du of a huge sandbox is abandoned after this long; the next poll tries again. */
  private static final Duration DU_TIMEOUT = Duration.ofMinutes(1);

  private final Timers timers;
  private final boolean enforce;
  private final Poller poller;
  private final Map<ContainerId, Watched> containers = new ConcurrentHashMap<>();

  private static final class Watched {
    final Path sandbox;
    final List<Path> volumes;
    volatile List<Resource> resources;
    volatile Long usedBytes;
    final CompletableFuture<ContainerLimitation> limitation = new CompletableFuture<>();
    volatile Poller.Handle poll;

    Watched(Path sandbox, List<Resource> resources) {
      this.sandbox = sandbox;
      this.resources = resources;
      this.volumes = volumeMountPoints(sandbox, resources);
    }
  }

  /**
   * @param enforce kill containers over their disk quota, or only measure
   * @param interval time between two measurements of one sandbox
   * @param blocking where {@code du} is run and waited for
   */
  public DiskUsageIsolator(Timers timers, boolean enforce, Duration interval, Executor blocking) {
    this.timers = timers;
    this.enforce = enforce;
    this.poller = new Poller(timers, interval, blocking);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompletionStage<Void> recover(List<ContainerConfig> states, Set<ContainerId> orphans) {
    states.forEach(c -> containers.put(c.containerId(), new Watched(c.sandbox(), c.resources())));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Optional<ContainerLaunchInfo>> prepare(ContainerConfig config) {
    containers.put(config.containerId(), new Watched(config.sandbox(), config.resources()));
    return CompletableFuture.completedFuture(Optional.empty());
  }

  @Override
  public CompletionStage<ContainerLimitation> watch(ContainerId id) {
    Watched w = containers.get(id);
    if (w == null) {
      return new CompletableFuture<>();
    }
    w.poll =
        poller.every(
            "disk usage of container " + id,
            () -> {
              if (!containers.containsKey(id) || w.limitation.isDone()) {
                return false;
              }
              measure(id, w);
              return !w.limitation.isDone();
            });
    return w.limitation;
  }

  private void measure(ContainerId id, Watched w) {
    Optional<Long> used = du(w.sandbox, w.volumes);
    if (used.isEmpty()) {
      return;
    }
    w.usedBytes = used.get();
    Optional<Double> disk = ContainerResources.scalar(w.resources, "disk");
    if (enforce && disk.isPresent() && used.get() > ContainerResources.megabytes(disk.get())) {
      String message =
          "Disk usage ("
              + ContainerResources.formatMegabytes(used.get())
              + ") exceeds quota ("
              + ContainerResources.formatMegabytes(ContainerResources.megabytes(disk.get()))
              + ")";
      LOG.infof("Container %s: %s", id, message);
      w.limitation.complete(
          new ContainerLimitation(
              List.of(Resource.scalar("disk", disk.get())),
              TaskStatus.Reason.REASON_CONTAINER_LIMITATION_DISK,
              message));
    }
  }

  /** Where the container's persistent volumes appear in its sandbox; none if unreadable. */
  static List<Path> volumeMountPoints(Path sandbox, List<Resource> resources) {
    try {
      return AgentVolume.in(resources).stream()
          .map(v -> sandbox.resolve(v.volume().containerPath()))
          .toList();
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }

  /**
   * Bytes the sandbox occupies on disk ({@code du -s -k -x}: blocks, this file system only), not
   * counting what is at or under {@code excluded} (paths under {@code dir}).
   */
  static Optional<Long> du(Path dir, List<Path> excluded) {
    try {
      List<String> command = new ArrayList<>(List.of("du", "-s", "-k", "-x"));
      // du matches --exclude against each path it walks, as a shell pattern: escape the path.
      excluded.forEach(x -> command.add("--exclude=" + literalPattern(x)));
      command.add(dir.toString());
      Process p =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (!p.waitFor(DU_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      // du exits 1 when a file vanished mid-walk; its total is still the best number there is.
      String[] fields = out.trim().split("\\s+");
      return fields.length >= 1 && !fields[0].isEmpty()
          ? Optional.of(Long.parseLong(fields[0]) * 1024)
          : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      LOG.debugf("du of %s failed: %s", dir, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** {@code path} as a shell pattern that matches only itself ({@code \\ * ? [} escaped). */
  static String literalPattern(Path path) {
    return path.toString().replaceAll("([\\\\*?\\[])", "\\\\$1");
  }

  @Override
  public CompletionStage<Void> update(ContainerId id, List<Resource> resources) {
    Watched w = containers.get(id);
    if (w != null) {
      w.resources = resources;
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<ContainerUsage> usage(ContainerId id) {
    ContainerUsage.Builder b = ContainerUsage.builder(timers.clock().millis() / 1000.0);
    Watched w = containers.get(id);
    if (w != null) {
      Long limit =
          ContainerResources.scalar(w.resources, "disk")
              .map(ContainerResources::megabytes)
              .orElse(null);
      b.disk(limit, w.usedBytes);
    }
    return CompletableFuture.completedFuture(b.build());
  }

  @Override
  public CompletionStage<Void> cleanup(ContainerId id) {
    Watched w = containers.remove(id);
    if (w != null && w.poll != null) {
      w.poll.cancel();
    }
    return CompletableFuture.completedFuture(null);
  }
}
