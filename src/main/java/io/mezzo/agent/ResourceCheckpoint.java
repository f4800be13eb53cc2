package io.mezzo.agent;

import io.mezzo.agent.state.Checkpoints;
import io.mezzo.agent.state.Paths;
import io.mezzo.agent.volume.AgentVolume;
import io.mezzo.agent.volume.VolumeChanges;
import io.mezzo.agent.volume.VolumeDirs;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Resource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The agent's checkpoint of its dynamic reservations and persistent volumes (Mesos's checkpointed
 * resources): written whole, atomically, each time the master sends CHECKPOINT_RESOURCES, read back
 * when the agent re-registers so a master that never recorded them (an older registry) learns them
 * from the agent. Each write also brings the volume directories in line, as Mesos's agent does in
 * {@code syncCheckpointedResources}: the directory of every checkpointed volume is created before
 * the checkpoint is written, and that of a volume the previous checkpoint had and the new one lacks
 * (a DESTROY) is deleted after. When either list cannot be read no directory is deleted. Stateless;
 * called on the session's context.
 */
final class ResourceCheckpoint {
  private static final Logger LOG = Logger.getLogger(ResourceCheckpoint.class);
  private final Paths paths;

  private final VolumeDirs volumeDirs;

  ResourceCheckpoint(Paths paths) {
    this.paths = paths;
    this.volumeDirs = new VolumeDirs(paths);
  }

  /** The checkpointed reservations of {@code id}; empty when none were ever written. */
  List<Resource> read(AgentId id) {
    Optional<Resource[]> stored =
        Checkpoints.readJson(paths.checkpointedResourcesFile(id), Resource[].class);
    return stored.map(Arrays::asList).orElse(List.of());
  }

  void write(AgentId id, List<Resource> resources) {
    Optional<VolumeChanges> changes = volumeChanges(id, resources);
    changes.ifPresent(volumeDirs::ensure);
    Checkpoints.writeAtomically(paths.checkpointedResourcesFile(id), MesosJson.write(resources));
    LOG.infof("Checkpointed %d dynamically reserved resource(s) for %s", resources.size(), id);
    changes.ifPresent(volumeDirs::deleteDestroyed);
  }

  /** The volume changes from the current checkpoint to {@code next}; empty if one is unreadable. */
  private Optional<VolumeChanges> volumeChanges(AgentId id, List<Resource> next) {
    List<AgentVolume> after;
    try {
      after = AgentVolume.in(next);
    } catch (IllegalArgumentException e) {
      LOG.errorf(
          "CHECKPOINT_RESOURCES for %s has resources the agent cannot read (%s): no volume"
              + " directory is created or deleted",
          id, e.getMessage());
      return Optional.empty();
    }
    List<AgentVolume> before;
    try {
      before = AgentVolume.in(read(id));
    } catch (RuntimeException e) {
      // Without the old list nothing is known to be destroyed: every directory is kept.
      LOG.errorf(
          "Cannot read the previous resource checkpoint of %s (%s): no volume directory is"
              + " deleted",
          id, e.getMessage());
      return Optional.of(new VolumeChanges(after, List.of()));
    }
    return Optional.of(VolumeChanges.between(before, after));
  }
}
