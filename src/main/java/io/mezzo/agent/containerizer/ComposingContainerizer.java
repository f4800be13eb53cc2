package io.mezzo.agent.containerizer;

import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Several containerizers as one (Mesos {@code ComposingContainerizer}, {@code
 * --containerizers=docker,mesos}): a launch is offered to each in the configured order until one
 * does not answer {@link LaunchResult#NOT_SUPPORTED} (the {@code docker} one takes {@code
 * ContainerInfo.type = DOCKER}, the {@code mesos} one everything else); later calls for that
 * container go to the one that took it. Recovery offers every checkpointed container to each, and
 * each claims its own.
 *
 * <p>Threading: the only state is which containerizer owns which container, in a concurrent map; an
 * entry is added when a launch or recovery is claimed and never changes.
 */
public final class ComposingContainerizer implements Containerizer {
  public static final String NAME = "composing";
  private final List<Containerizer> containerizers;
  private final Map<ContainerId, Containerizer> owners = new ConcurrentHashMap<>();

  /**
   * @param containerizers tried in this order
   */
  public ComposingContainerizer(List<Containerizer> containerizers) {
    if (containerizers.isEmpty()) {
      throw new IllegalArgumentException(
          "a composing containerizer needs at least one containerizer");
    }
    this.containerizers = List.copyOf(containerizers);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The names of the composed containerizers, in order. */
  public List<String> names() {
    return containerizers.stream().map(Containerizer::name).toList();
  }

  /** The name of the containerizer that runs {@code id}, if any took it. */
  public Optional<String> ownerOf(ContainerId id) {
    return Optional.ofNullable(owners.get(id)).map(Containerizer::name);
  }

  @Override
  public CompletionStage<Set<ContainerId>> recover(List<ContainerConfig> checkpointed) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    Set<ContainerId> known = ConcurrentHashMap.newKeySet();
    for (Containerizer c : containerizers) {
      all.add(
          c.recover(checkpointed)
              .toCompletableFuture()
              .thenAccept(
                  ids -> {
                    for (ContainerId id : ids) {
                      owners.putIfAbsent(id, c);
                      known.add(id);
                    }
                  }));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(x -> new HashSet<>(known));
  }

  @Override
  public CompletionStage<LaunchResult> launch(ContainerConfig config) {
    return launchFrom(0, config);
  }

  private CompletionStage<LaunchResult> launchFrom(int index, ContainerConfig config) {
    if (index >= containerizers.size()) {
      return CompletableFuture.completedFuture(LaunchResult.NOT_SUPPORTED);
    }
    Containerizer c = containerizers.get(index);
    // Claimed before the launch so a destroy racing the launch reaches the right containerizer; a
    // containerizer that declines gives the claim back.
    Containerizer previous = owners.putIfAbsent(config.containerId(), c);
    if (previous != null && previous != c) {
      return CompletableFuture.completedFuture(LaunchResult.ALREADY_LAUNCHED);
    }
    return c.launch(config)
        .thenCompose(
            result -> {
              if (result == LaunchResult.NOT_SUPPORTED) {
                owners.remove(config.containerId(), c);
                return launchFrom(index + 1, config);
              }
              return CompletableFuture.completedFuture(result);
            });
  }

  private <T> CompletionStage<T> forOwner(
      ContainerId id, Function<Containerizer, CompletionStage<T>> call, T unknown) {
    Containerizer c = owners.get(id);
    return c == null ? CompletableFuture.completedFuture(unknown) : call.apply(c);
  }

  @Override
  public CompletionStage<Void> update(ContainerId id, List<Resource> resources) {
    return forOwner(id, c -> c.update(id, resources), null);
  }

  @Override
  public CompletionStage<ContainerUsage> usage(ContainerId id) {
    return forOwner(id, c -> c.usage(id), ContainerUsage.at(System.currentTimeMillis() / 1000.0));
  }

  @Override
  public CompletionStage<TaskStatus.ContainerStatus> status(ContainerId id) {
    return forOwner(id, c -> c.status(id), new TaskStatus.ContainerStatus(id, null, null));
  }

  @Override
  public CompletionStage<Optional<Termination>> wait(ContainerId id) {
    return forOwner(id, c -> c.wait(id), Optional.empty());
  }

  @Override
  public CompletionStage<Optional<Termination>> destroy(ContainerId id, Duration gracePeriod) {
    return forOwner(id, c -> c.destroy(id, gracePeriod), Optional.empty());
  }

  @Override
  public CompletionStage<Boolean> signal(ContainerId id, int signal) {
    return forOwner(id, c -> c.signal(id, signal), false);
  }

  @Override
  public CompletionStage<Set<ContainerId>> containers() {
    List<CompletableFuture<Set<ContainerId>>> all =
        containerizers.stream().map(c -> c.containers().toCompletableFuture()).toList();
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(
            x -> {
              Set<ContainerId> out = new HashSet<>();
              all.forEach(f -> out.addAll(f.join()));
              return out;
            });
  }

  @Override
  public void close() {
    containerizers.forEach(Containerizer::close);
  }
}
