package io.mezzo.agent.isolator.posix;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.isolator.ContainerPids;
import io.mezzo.agent.isolator.Isolator;
import io.mezzo.api.v1.ContainerId;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The posix isolators: usage of a container's process tree from {@code /proc}, no limits. */
abstract class PosixIsolator implements Isolator {
  private final ContainerPids pids = new ContainerPids();
  private final Clock clock;

  PosixIsolator(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletionStage<Void> recover(List<ContainerConfig> states, Set<ContainerId> orphans) {
    states.forEach(pids::recovered);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> isolate(ContainerId id, long pid) {
    pids.isolated(id, pid);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<ContainerUsage> usage(ContainerId id) {
    ContainerUsage.Builder b = ContainerUsage.builder(clock.millis() / 1000.0);
    List<Long> tree = pids.processes(id);
    if (!tree.isEmpty()) {
      measure(tree, b);
    }
    return CompletableFuture.completedFuture(b.build());
  }

  /** Adds what this isolator measures of a live, non-empty tree. */
  abstract void measure(List<Long> tree, ContainerUsage.Builder usage);

  @Override
  public CompletionStage<Void> cleanup(ContainerId id) {
    pids.forget(id);
    return CompletableFuture.completedFuture(null);
  }
}
