package io.mezzo.agent.isolator.cgroups;

import io.mezzo.agent.cgroups.CgroupFs;
import io.mezzo.agent.cgroups.ContainerCgroups;
import io.mezzo.agent.cgroups.CpuControl;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.isolator.ContainerResources;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code cgroups/cpu}: cpu shares of 1024 × cpus always (a weight: idle cpu is still shared), and
 * with CFS enabled a hard quota of cpus × 100 ms per 100 ms period; reports cpu time (from {@code
 * cpuacct} on v1, which may be a separate mount) and throttling. A container without a {@code cpus}
 * resource gets the minimum weight and no quota.
 */
public final class CgroupsCpuIsolator extends CgroupsIsolator {
  public static final String NAME = "cgroups/cpu";
  private final boolean enableCfs;

  /**
   * @param enableCfs whether to cap cpu use hard at the allocation (Mesos {@code
   *     --cgroups_enable_cfs})
   * @throws IllegalStateException if the cpu or cpuacct controller is not usable here
   */
  public CgroupsCpuIsolator(ContainerCgroups cgroups, boolean enableCfs) {
    super(cgroups, controllersOf(cgroups.fs()), Duration.ofSeconds(1));
    this.enableCfs = enableCfs;
  }

  private static List<String> controllersOf(CgroupFs fs) {
    // v2 accounts cpu time in every cgroup; only v1 needs the cpuacct hierarchy too.
    return fs.mountOf("cpu").map(m -> m.version() == CgroupFs.Version.V2).orElse(false)
        ? List.of("cpu")
        : List.of("cpu", "cpuacct");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected void apply(ContainerId id, List<Resource> resources) {
    Optional<Double> cpus = ContainerResources.scalar(resources, "cpus");
    var cpu = cgroup("cpu", id);
    CpuControl.applyShares(
        cpu, cpus.orElse(CpuControl.MIN_CPU_SHARES / (double) CpuControl.CPU_SHARES_PER_CPU));
    if (enableCfs) {
      CpuControl.applyQuota(cpu, cpus.orElse(null));
    }
  }

  @Override
  protected ContainerUsage measure(ContainerId id, double now, List<Resource> resources) {
    var cpu = cgroup("cpu", id);
    var acct = cpu.version() == CgroupFs.Version.V2 ? cpu : cgroup("cpuacct", id);
    CpuControl.Stats s = CpuControl.stats(cpu, acct);
    return ContainerUsage.builder(now)
        .cpusLimit(ContainerResources.scalar(resources, "cpus").orElse(null))
        .cpuTimes(s.userSecs(), s.systemSecs())
        .throttling(s.nrPeriods(), s.nrThrottled(), s.throttledSecs())
        .build();
  }
}
