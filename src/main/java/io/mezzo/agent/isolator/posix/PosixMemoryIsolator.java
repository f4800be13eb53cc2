package io.mezzo.agent.isolator.posix;

import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.isolator.ProcessTree;
import java.time.Clock;
import java.util.List;

/**
 * {@code posix/mem}: the resident memory of a container's live processes, from {@code /proc}; no
 * limit. Part of the default isolation, and the fallback without cgroups.
 */
public final class PosixMemoryIsolator extends PosixIsolator {
  public static final String NAME = "posix/mem";

  public PosixMemoryIsolator(Clock clock) {
    super(clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  void measure(List<Long> tree, ContainerUsage.Builder usage) {
    usage.memory(null, null, ProcessTree.rssBytes(tree), null);
  }
}
