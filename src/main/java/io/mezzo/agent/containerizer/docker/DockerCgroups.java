package io.mezzo.agent.containerizer.docker;

import io.mezzo.agent.cgroups.Cgroup;
import io.mezzo.agent.cgroups.ContainerCgroups;
import io.mezzo.agent.cgroups.MemoryControl;
import io.mezzo.api.v1.ContainerId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The per-container parent cgroups {@code <cgroups root>/docker/<container id>} the engine is told
 * to put each container under, from which the agent reads statistics and an OOM kill. Without
 * cgroups (null) every method is a no-op or empty.
 */
final class DockerCgroups {
  private static final Logger LOG = Logger.getLogger(DockerContainerizer.class);

  private final ContainerCgroups cgroups;

  DockerCgroups(ContainerCgroups cgroups) {
    this.cgroups = cgroups;
  }

  /** The parent cgroup path the engine is given: {@code /<root>/docker/<container id>}. */
  Optional<String> parentPath(ContainerId id) {
    return Optional.ofNullable(cgroups)
        .map(g -> "/" + g.root() + "/" + ContainerCgroups.DOCKER + "/" + id.value());
  }

  /** The parent in {@code controller}'s hierarchy, if that controller is mounted. */
  Optional<Cgroup> parent(String controller, ContainerId id) {
    if (cgroups == null || cgroups.fs().mountOf(controller).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(cgroups.fs().cgroup(controller, parentPath(id).orElseThrow().substring(1)));
  }

  /** Makes the parents the agent reads (the engine makes the rest, in every hierarchy). */
  void prepare(ContainerId id) {
    parent("memory", id).ifPresent(Cgroup::create);
    parent("cpuacct", id).ifPresent(Cgroup::create);
  }

  /** Removes the parents in every hierarchy; a failure is logged, never thrown. */
  CompletionStage<Void> release(ContainerId id) {
    if (cgroups == null) {
      return CompletableFuture.completedFuture(null);
    }
    List<Cgroup> everywhere = cgroups.fs().everywhere(parentPath(id).orElseThrow().substring(1));
    return cgroups
        .release(DockerContainerizer.NAME, everywhere)
        .exceptionally(
            e -> {
              LOG.warnf(
                  "Cannot remove the cgroups of Docker container %s: %s",
                  id, EngineWorkers.describe(e));
              return null;
            });
  }

  Optional<MemoryControl.Stats> memoryStats(ContainerId id) {
    try {
      return parent("memory", id).filter(Cgroup::exists).map(MemoryControl::stats);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
