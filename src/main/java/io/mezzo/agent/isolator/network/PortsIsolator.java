package io.mezzo.agent.isolator.network;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.isolator.ContainerPids;
import io.mezzo.agent.isolator.ContainerResources;
import io.mezzo.agent.isolator.Isolator;
import io.mezzo.agent.isolator.Poller;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * {@code network/ports}: every interval (Mesos {@code --container_ports_watch_interval}, 30 s)
 * looks at the TCP ports a container's processes listen on; a container listening on a port outside
 * its {@code ports} resource is destroyed and its task fails with {@code
 * REASON_CONTAINER_LIMITATION} naming the port. Tasks share the host's network, so an unallocated
 * port is one another task may be given next.
 */
public final class PortsIsolator implements Isolator {
  public static final String NAME = "network/ports";

  private final Poller poller;
  private final ContainerPids pids = new ContainerPids();
  private final Map<ContainerId, Watched> containers = new ConcurrentHashMap<>();

  private static final class Watched {
    volatile List<Resource> resources;
    final CompletableFuture<ContainerLimitation> limitation = new CompletableFuture<>();
    volatile Poller.Handle poll;

    Watched(List<Resource> resources) {
      this.resources = resources;
    }
  }

  /**
   * @param blocking where {@code /proc} is walked
   */
  public PortsIsolator(Timers timers, Duration interval, Executor blocking) {
    this.poller = new Poller(timers, interval, blocking);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompletionStage<Void> recover(List<ContainerConfig> states, Set<ContainerId> orphans) {
    for (ContainerConfig c : states) {
      pids.recovered(c);
      containers.put(c.containerId(), new Watched(c.resources()));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<java.util.Optional<io.mezzo.agent.isolator.ContainerLaunchInfo>> prepare(
      ContainerConfig config) {
    containers.put(config.containerId(), new Watched(config.resources()));
    return CompletableFuture.completedFuture(java.util.Optional.empty());
  }

  @Override
  public CompletionStage<Void> isolate(ContainerId id, long pid) {
    pids.isolated(id, pid);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<ContainerLimitation> watch(ContainerId id) {
    Watched w = containers.get(id);
    if (w == null) {
      return new CompletableFuture<>();
    }
    w.poll =
        poller.every(
            "listening ports of container " + id,
            () -> {
              if (!containers.containsKey(id) || w.limitation.isDone()) {
                return false;
              }
              List<long[]> allowed = ContainerResources.ports(w.resources);
              Set<Integer> bad =
                  ListeningSockets.outside(ListeningSockets.of(pids.processes(id)), allowed);
              if (!bad.isEmpty()) {
                w.limitation.complete(
                    new ContainerLimitation(
                        List.of(),
                        TaskStatus.Reason.REASON_CONTAINER_LIMITATION,
                        "Container listens on port(s) "
                            + bad.stream().map(String::valueOf).collect(Collectors.joining(","))
                            + ", outside its allocated ports "
                            + describe(allowed)));
              }
              return !w.limitation.isDone();
            });
    return w.limitation;
  }

  private static String describe(List<long[]> ranges) {
    if (ranges.isEmpty()) {
      return "(none)";
    }
    List<String> parts = new ArrayList<>();
    for (long[] r : ranges) {
      parts.add(r[0] == r[1] ? Long.toString(r[0]) : r[0] + "-" + r[1]);
    }
    return "[" + String.join(",", parts) + "]";
  }

  @Override
  public CompletionStage<Void> update(ContainerId id, List<Resource> resources) {
    Watched w = containers.get(id);
    if (w != null) {
      w.resources = resources;
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> cleanup(ContainerId id) {
    Watched w = containers.remove(id);
    if (w != null && w.poll != null) {
      w.poll.cancel();
    }
    pids.forget(id);
    return CompletableFuture.completedFuture(null);
  }
}
