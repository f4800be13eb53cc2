package io.mezzo.agent.isolator.cgroups;

import io.mezzo.agent.cgroups.ContainerCgroups;
import io.mezzo.agent.cgroups.PidsControl;
import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code cgroups/pids}: at most {@code maxProcesses} processes and threads per container, so a fork
 * bomb cannot exhaust the host's pid space. A container whose fork failed at the limit is destroyed
 * and its task fails with {@code REASON_CONTAINER_LIMITATION}: a task that keeps hitting the cap is
 * almost always runaway, and leaving it spinning on failed forks would burn its neighbours' cpu.
 */
public final class CgroupsPidsIsolator extends CgroupsIsolator {
  public static final String NAME = "cgroups/pids";
  private final long maxProcesses;

  /**
   * @throws IllegalStateException if no writable pids cgroup hierarchy is mounted
   * @throws IllegalArgumentException if {@code maxProcesses} is not positive
   */
  public CgroupsPidsIsolator(ContainerCgroups cgroups, long maxProcesses, Duration watchInterval) {
    super(cgroups, List.of("pids"), watchInterval);
    if (maxProcesses <= 0) {
      throw new IllegalArgumentException(
          "the per-container process limit must be positive, got " + maxProcesses);
    }
    this.maxProcesses = maxProcesses;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected void apply(ContainerId id, List<Resource> resources) {
    PidsControl.applyMax(cgroup("pids", id), maxProcesses);
  }

  @Override
  protected boolean enforces() {
    return true;
  }

  @Override
  protected Optional<ContainerLimitation> check(ContainerId id, List<Resource> resources) {
    long hits = PidsControl.limitHits(cgroup("pids", id));
    if (hits == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new ContainerLimitation(
            List.of(),
            TaskStatus.Reason.REASON_CONTAINER_LIMITATION,
            "Process limit exceeded: "
                + hits
                + " fork(s) failed at the limit of "
                + maxProcesses
                + " processes per container"));
  }

  @Override
  protected ContainerUsage measure(ContainerId id, double now, List<Resource> resources) {
    Long current = PidsControl.current(cgroup("pids", id));
    return ContainerUsage.builder(now)
        .processes(current == null ? null : current.intValue())
        .build();
  }
}
