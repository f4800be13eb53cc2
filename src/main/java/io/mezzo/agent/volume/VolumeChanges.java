package io.mezzo.agent.volume;

import java.util.ArrayList;
import java.util.List;

/**
 * What a new CHECKPOINT_RESOURCES means for the volume directories, decided from the previous and
 * the new checkpoint alone: every volume of the new one must have its directory (creating an
 * existing one is a no-op), and a volume that was checkpointed before and is gone now was
 * destroyed, so its data goes (Mesos deletes it too). Pure.
 *
 * @param ensure the volumes whose directories must exist
 * @param destroyed the volumes whose directories are to be deleted
 */
public record VolumeChanges(List<AgentVolume> ensure, List<AgentVolume> destroyed) {

  public VolumeChanges {
    ensure = List.copyOf(ensure);
    destroyed = List.copyOf(destroyed);
  }

  /** The changes from the checkpoint {@code before} to {@code after}. */
  public static VolumeChanges between(List<AgentVolume> before, List<AgentVolume> after) {
    List<AgentVolume> destroyed = new ArrayList<>();
    for (AgentVolume old : before) {
      boolean kept = after.stream().anyMatch(old::sameVolume);
      boolean listed = destroyed.stream().anyMatch(old::sameVolume);
      if (!kept && !listed) {
        destroyed.add(old);
      }
    }
    return new VolumeChanges(after, destroyed);
  }
}
