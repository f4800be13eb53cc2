package io.mezzo.agent.isolator.cgroups;

import io.mezzo.agent.cgroups.Cgroup;
import io.mezzo.agent.cgroups.ContainerCgroups;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.isolator.ContainerLaunchInfo;
import io.mezzo.agent.isolator.Isolator;
import io.mezzo.agent.isolator.Poller;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What the cgroups isolators share: a cgroup per container in the hierarchies of their controllers
 * ({@link ContainerCgroups}), made in {@link #prepare}, joined by the container's first process in
 * {@link #isolate} (so its whole tree stays in it), limits applied on prepare and update, a limit
 * check polled while the container runs and once more at cleanup, and the cgroup destroyed at
 * cleanup with anything still in it.
 *
 * <p>Threading: hooks come from the containerizer's context; polls from the timer thread. Per
 * container state is in a concurrent map of small objects whose mutable parts are volatile or
 * completed once.
 */
abstract class CgroupsIsolator implements Isolator {
  private static final Logger LOG = Logger.getLogger(CgroupsIsolator.class);

  protected final ContainerCgroups cgroups;
  private final List<String> controllers;
  private final Poller poller;
  private final Map<ContainerId, Watched> containers = new ConcurrentHashMap<>();

  /** One container this isolator looks after. */
  protected static final class Watched {
    final ContainerId id;
    volatile List<Resource> resources;
    final CompletableFuture<ContainerLimitation> limitation = new CompletableFuture<>();
    volatile Poller.Handle poll;

    Watched(ContainerId id, List<Resource> resources) {
      this.id = id;
      this.resources = resources;
    }
  }

  /**
   * @param controllers the controllers whose hierarchies this isolator uses (on v1 perhaps several
   *     mounts, e.g. {@code cpu} and {@code cpuacct})
   * @param watchInterval how often the limit is checked while a container runs
   * @throws IllegalStateException if a controller is not mounted or not writable, saying which
   */
  protected CgroupsIsolator(
      ContainerCgroups cgroups, List<String> controllers, Duration watchInterval) {
    for (String c : controllers) {
      cgroups
          .fs()
          .problem(c)
          .ifPresent(
              p -> {
                throw new IllegalStateException(name() + " cannot be used: " + p);
              });
    }
    this.cgroups = cgroups;
    this.controllers = List.copyOf(controllers);
    this.poller = new Poller(cgroups.timers(), watchInterval, Runnable::run);
  }

  /**
   * Applies the container's limits to its cgroups. @throws IllegalArgumentException on bad values
   */
  protected abstract void apply(ContainerId id, List<Resource> resources);

  /** A limit the container exceeded, checked while it runs and once at cleanup; none by default. */
  protected Optional<ContainerLimitation> check(ContainerId id, List<Resource> resources) {
    return Optional.empty();
  }

  /** Whether {@link #check} is worth polling. */
  protected boolean enforces() {
    return false;
  }

  /** What this isolator measures of the container. */
  protected abstract ContainerUsage measure(ContainerId id, double now, List<Resource> resources);

  protected Cgroup cgroup(String controller, ContainerId id) {
    return cgroups.cgroup(controller, id);
  }

  private List<Cgroup> all(ContainerId id) {
    return cgroups.cgroups(controllers, id);
  }

  /**
   * Re-acquires the cgroups of the recovered containers, and destroys the containers' cgroups under
   * the root that no recovered container owns (their container ended while the agent was down, or
   * the agent lost its checkpoint): whatever still runs there is no task of this agent any more.
   * The Docker containerizer's {@code docker/} sub-tree is left alone.
   */
  @Override
  public CompletionStage<Void> recover(List<ContainerConfig> states, Set<ContainerId> orphans) {
    Set<String> known = new java.util.HashSet<>();
    states.forEach(c -> known.add(c.containerId().value()));
    List<CompletableFuture<Void>> reaped = new java.util.ArrayList<>();
    for (String controller : controllers) {
      for (String name : cgroups.children(controller)) {
        if (!known.contains(name) && !name.equals(ContainerCgroups.DOCKER)) {
          ContainerId orphan = ContainerId.of(name);
          LOG.warnf(
              "Destroying cgroup %s of unknown container %s (%s)",
              cgroup(controller, orphan), name, name());
          reaped.add(
              cgroups.release(name(), List.of(cgroup(controller, orphan))).toCompletableFuture());
        }
      }
    }
    for (ContainerConfig c : states) {
      List<Cgroup> mine = all(c.containerId());
      if (mine.stream().allMatch(Cgroup::exists)) {
        containers.put(c.containerId(), new Watched(c.containerId(), c.resources()));
        cgroups.acquire(name(), mine);
      } else {
        LOG.warnf(
            "Container %s has no %s cgroup after the restart; it is not isolated by %s",
            c.containerId(), mine, name());
      }
    }
    return CompletableFuture.allOf(reaped.toArray(CompletableFuture[]::new));
  }

  @Override
  public CompletionStage<Optional<ContainerLaunchInfo>> prepare(ContainerConfig config) {
    ContainerId id = config.containerId();
    try {
      List<Cgroup> mine = all(id);
      for (Cgroup g : mine) {
        if (g.exists() && !g.processes().isEmpty()) {
          throw new IllegalStateException(
              "cgroup " + g + " already exists and has processes " + g.processes());
        }
      }
      cgroups.acquire(name(), mine);
      containers.put(id, new Watched(id, config.resources()));
      mine.forEach(Cgroup::create);
      apply(id, config.resources());
      return CompletableFuture.completedFuture(Optional.empty());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Void> isolate(ContainerId id, long pid) {
    try {
      for (Cgroup g : all(id)) {
        g.addProcess(pid);
      }
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<ContainerLimitation> watch(ContainerId id) {
    Watched w = containers.get(id);
    if (w == null) {
      return new CompletableFuture<>();
    }
    if (enforces()) {
      w.poll =
          poller.every(
              name() + " of container " + id,
              () -> {
                if (w.limitation.isDone()) {
                  return false;
                }
                check(id, w.resources).ifPresent(w.limitation::complete);
                return !w.limitation.isDone();
              });
    }
    return w.limitation;
  }

  @Override
  public CompletionStage<Void> update(ContainerId id, List<Resource> resources) {
    Watched w = containers.get(id);
    if (w == null) {
      return CompletableFuture.completedFuture(null);
    }
    try {
      apply(id, resources);
      w.resources = resources;
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<ContainerUsage> usage(ContainerId id) {
    double now = cgroups.timers().clock().millis() / 1000.0;
    Watched w = containers.get(id);
    if (w == null) {
      return CompletableFuture.completedFuture(ContainerUsage.at(now));
    }
    try {
      return CompletableFuture.completedFuture(measure(id, now, w.resources));
    } catch (RuntimeException e) {
      LOG.debugf("Cannot measure container %s: %s", id, e.toString());
      return CompletableFuture.completedFuture(ContainerUsage.at(now));
    }
  }

  @Override
  public CompletionStage<Void> cleanup(ContainerId id) {
    Watched w = containers.remove(id);
    if (w != null) {
      if (w.poll != null) {
        w.poll.cancel();
      }
      if (enforces() && !w.limitation.isDone()) {
        // The last look before the cgroup and its counters go (see Isolator#watch).
        check(id, w.resources).ifPresent(w.limitation::complete);
      }
    }
    return cgroups.release(name(), all(id));
  }
}
