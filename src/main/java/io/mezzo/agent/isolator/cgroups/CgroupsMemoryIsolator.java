package io.mezzo.agent.isolator.cgroups;

import io.mezzo.agent.cgroups.ContainerCgroups;
import io.mezzo.agent.cgroups.MemoryControl;
import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.isolator.ContainerResources;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code cgroups/mem}: a hard memory limit of the container's {@code mem} (swap cannot get around
 * it); when the kernel's OOM killer ends a process of the container, the container is destroyed and
 * its task fails with {@code REASON_CONTAINER_LIMITATION_MEMORY}. Reports memory use. A container
 * without {@code mem} is accounted but not limited.
 */
public final class CgroupsMemoryIsolator extends CgroupsIsolator {
  public static final String NAME = "cgroups/mem";

  /**
   * @param watchInterval how often the OOM counter is read while a container runs (the kernel does
   *     not tell without an eventfd; an OOM kill of the main process is also caught at cleanup)
   * @throws IllegalStateException if no writable memory cgroup hierarchy is mounted
   */
  public CgroupsMemoryIsolator(ContainerCgroups cgroups, Duration watchInterval) {
    super(cgroups, List.of("memory"), watchInterval);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected void apply(ContainerId id, List<Resource> resources) {
    Optional<Double> mem = ContainerResources.scalar(resources, "mem");
    if (mem.isPresent()) {
      long bytes = ContainerResources.megabytes(mem.get());
      if (bytes <= 0) {
        throw new IllegalArgumentException(
            "mem must be positive to be a memory limit, got " + mem.get() + " MB");
      }
      MemoryControl.applyLimit(cgroup("memory", id), bytes);
    }
  }

  @Override
  protected boolean enforces() {
    return true;
  }

  @Override
  protected Optional<ContainerLimitation> check(ContainerId id, List<Resource> resources) {
    var memory = cgroup("memory", id);
    if (MemoryControl.oomKills(memory) == 0) {
      return Optional.empty();
    }
    MemoryControl.Stats s = MemoryControl.stats(memory);
    return Optional.of(limitation(resources, s.limitBytes(), s.peakBytes()));
  }

  /**
   * The limitation of a container the OOM killer acted on, in Mesos's words: "Memory limit
   * exceeded: Requested: 64 MB Maximum Used: 64 MB".
   */
  public static ContainerLimitation limitation(
      List<Resource> resources, Long limitBytes, Long peakBytes) {
    Optional<Double> mem = ContainerResources.scalar(resources, "mem");
    String requested =
        mem.map(mb -> ContainerResources.formatMegabytes(ContainerResources.megabytes(mb)))
            .orElse(
                limitBytes == null ? "unknown" : ContainerResources.formatMegabytes(limitBytes));
    String message =
        "Memory limit exceeded: Requested: "
            + requested
            + (peakBytes == null
                ? ""
                : " Maximum Used: " + ContainerResources.formatMegabytes(peakBytes))
            + " (the kernel's OOM killer ended a process of the container)";
    List<Resource> exceeded = mem.map(mb -> List.of(Resource.scalar("mem", mb))).orElse(List.of());
    return new ContainerLimitation(
        exceeded, TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY, message);
  }

  @Override
  protected ContainerUsage measure(ContainerId id, double now, List<Resource> resources) {
    MemoryControl.Stats s = MemoryControl.stats(cgroup("memory", id));
    return ContainerUsage.builder(now)
        .memory(s.limitBytes(), s.totalBytes(), s.rssBytes(), s.cacheBytes())
        .build();
  }
}
