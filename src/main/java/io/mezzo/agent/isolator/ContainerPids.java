package io.mezzo.agent.isolator;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.api.v1.ContainerId;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leader pid of each container, for isolators that look at processes through {@code /proc}:
 * learned at {@link io.mezzo.agent.isolator.Isolator#isolate}, or after a restart from the pid the
 * containerizer checkpointed. Thread-safe.
 */
public final class ContainerPids {
  private final Map<ContainerId, Long> leaders = new ConcurrentHashMap<>();

  public void isolated(ContainerId id, long pid) {
    leaders.put(id, pid);
  }

  /** Reads the checkpointed pid of a recovered container; one that never forked has none. */
  public void recovered(ContainerConfig config) {
    try {
      String text = Files.readString(config.run().forkedPidFile()).strip();
      leaders.put(config.containerId(), Long.parseLong(text));
    } catch (IOException | NumberFormatException unknown) {
      // Never forked, or the checkpoint is unreadable: nothing to look at.
    }
  }

  public Optional<Long> leader(ContainerId id) {
    return Optional.ofNullable(leaders.get(id));
  }

  /** The live processes of the container, leader first. */
  public List<Long> processes(ContainerId id) {
    return leader(id).map(ProcessTree::pids).orElse(List.of());
  }

  public void forget(ContainerId id) {
    leaders.remove(id);
  }
}
