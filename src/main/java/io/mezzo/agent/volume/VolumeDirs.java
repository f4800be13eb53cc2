package io.mezzo.agent.volume;

import io.mezzo.agent.mount.MountAwareDelete;
import io.mezzo.agent.state.Paths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Applies {@link VolumeChanges} to the disk: creates the directories of checkpointed volumes and
 * deletes those of destroyed ones, never following a link or crossing a mount. Nothing else ever
 * deletes a volume directory: a failure here is logged and the data kept, since a volume lost by
 * mistake cannot be brought back. Called on the agent's session context; the I/O is a few syscalls
 * per volume, except the deletion of a destroyed volume's data, which is as long as the data.
 */
public final class VolumeDirs {
  private static final Logger LOG = Logger.getLogger(VolumeDirs.class);
  private final Paths paths;

  public VolumeDirs(Paths paths) {
    this.paths = paths;
  }

  /** Creates the directory of every volume in {@code changes.ensure()} that does not exist yet. */
  public void ensure(VolumeChanges changes) {
    for (AgentVolume v : changes.ensure()) {
      Path dir = v.dir(paths);
      try {
        if (!Files.isDirectory(dir)) {
          Files.createDirectories(dir);
          LOG.infof("Created the directory %s of %s", dir, v);
        }
      } catch (IOException | RuntimeException e) {
        // A task using it then fails to launch, naming the volume; the checkpoint is still written.
        LOG.errorf("Cannot create the directory %s of %s: %s", dir, v, e.toString());
      }
    }
  }

  /**
   * Deletes the directory, and with it the data, of every volume in {@code changes.destroyed()}.
   */
  public void deleteDestroyed(VolumeChanges changes) {
    for (AgentVolume v : changes.destroyed()) {
      Path dir = v.dir(paths);
      try {
        MountAwareDelete.delete(paths.volumesDir(), dir);
        LOG.infof("Deleted the directory %s of the destroyed %s", dir, v);
      } catch (IOException | RuntimeException e) {
        LOG.errorf("Cannot delete the directory %s of the destroyed %s: %s", dir, v, e.toString());
      }
    }
  }
}
