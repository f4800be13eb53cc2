package io.mezzo.agent;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.TaskId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@code mesos} containerizer that runs nothing and whose launches complete only when the test
 * says so, so a test can hold launch slots as long as it likes. Records which tasks it was asked to
 * launch, in order; a destroy ends the container at once. Thread-safe.
 */
final class ControlledContainerizer implements Containerizer {
  private final List<TaskId> launched = new CopyOnWriteArrayList<>();
  private final Map<TaskId, CompletableFuture<LaunchResult>> launches = new ConcurrentHashMap<>();
  private final Map<ContainerId, CompletableFuture<Optional<Termination>>> ends =
      new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "mesos";
  }

  @Override
  public CompletionStage<LaunchResult> launch(ContainerConfig config) {
    TaskId task = config.task().taskId();
    launched.add(task);
    ends.put(config.containerId(), new CompletableFuture<>());
    return launches.computeIfAbsent(task, t -> new CompletableFuture<>());
  }

  /** The tasks whose launch was asked for, in order. */
  List<TaskId> launched() {
    return launched;
  }

  /** Lets the launch of {@code task} succeed: its container now runs. */
  void completeLaunch(TaskId task) {
    launches.computeIfAbsent(task, t -> new CompletableFuture<>()).complete(LaunchResult.SUCCESS);
  }

  @Override
  public CompletionStage<Optional<Termination>> wait(ContainerId id) {
    return ends.getOrDefault(id, CompletableFuture.completedFuture(Optional.empty()));
  }

  @Override
  public CompletionStage<Optional<Termination>> destroy(ContainerId id, Duration gracePeriod) {
    CompletableFuture<Optional<Termination>> end = ends.get(id);
    if (end == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    end.complete(Optional.of(new Termination(null, true, null, "Container destroyed")));
    return end;
  }

  @Override
  public CompletionStage<Set<ContainerId>> containers() {
    return CompletableFuture.completedFuture(Set.copyOf(ends.keySet()));
  }
}
