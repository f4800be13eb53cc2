package io.mezzo.agent.isolator.posix;

import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.isolator.ProcessTree;
import java.time.Clock;
import java.util.List;

/**
 * {@code posix/cpu}: the cpu time of a container's live processes (and of the children they
 * reaped), from {@code /proc}; no limit. Part of the default isolation, and the fallback without
 * cgroups. Time of processes that left the tree (daemonized) is not seen: that takes {@code
 * cgroups/cpu}.
 */
public final class PosixCpuIsolator extends PosixIsolator {
  public static final String NAME = "posix/cpu";

  public PosixCpuIsolator(Clock clock) {
    super(clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  void measure(List<Long> tree, ContainerUsage.Builder usage) {
    ProcessTree.CpuTimes t = ProcessTree.cpuTimes(tree);
    usage.cpuTimes(t.userSecs(), t.systemSecs()).processes(tree.size());
  }
}
