package io.mezzo.agent;

import io.mezzo.agent.state.Checkpoints;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Resource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The agent's checkpoint of its dynamic reservations (Mesos's checkpointed resources): written
 * whole, atomically, each time the master sends CHECKPOINT_RESOURCES, read back when the agent
 * re-registers so a master that never recorded them (an older registry) learns them from the agent.
 * Stateless; called on the session's context.
 */
final class ResourceCheckpoint {
  private static final Logger LOG = Logger.getLogger(ResourceCheckpoint.class);
  private final Paths paths;

  ResourceCheckpoint(Paths paths) {
    this.paths = paths;
  }

  /** The checkpointed reservations of {@code id}; empty when none were ever written. */
  List<Resource> read(AgentId id) {
    Optional<Resource[]> stored =
        Checkpoints.readJson(paths.checkpointedResourcesFile(id), Resource[].class);
    return stored.map(Arrays::asList).orElse(List.of());
  }

  void write(AgentId id, List<Resource> resources) {
    Checkpoints.writeAtomically(paths.checkpointedResourcesFile(id), MesosJson.write(resources));
    LOG.infof("Checkpointed %d dynamically reserved resource(s) for %s", resources.size(), id);
  }
}
