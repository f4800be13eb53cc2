package io.mezzo.agent.volume;

import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.core.resources.PersistentVolume;
import io.mezzo.core.resources.ResourceKey;
import io.mezzo.core.resources.Resources;
import io.mezzo.core.resources.Volumes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A persistent volume as the agent sees it: the role it is reserved for and its {@link
 * PersistentVolume} (id, container path, mode). Two entries are the same volume when role and
 * persistence id agree ({@link #sameVolume}); on disk it is {@link Paths#volumeDir}. Pure.
 */
public record AgentVolume(String role, PersistentVolume volume) {

  /**
   * The volumes among wire resources (a CHECKPOINT_RESOURCES list, a task's resources). Only the
   * entries with a {@code disk} field are read, so a problem elsewhere is reported by its owner.
   *
   * @throws IllegalArgumentException naming the resource that cannot be parsed
   */
  public static List<AgentVolume> in(List<Resource> resources) {
    if (resources == null || resources.isEmpty()) {
      return List.of();
    }
    List<Resource> disks = resources.stream().filter(r -> r != null && r.disk() != null).toList();
    Resources volumes = Volumes.of(ResourceMapping.toCore(disks));
    List<AgentVolume> out = new ArrayList<>(volumes.size());
    for (int i = 0; i < volumes.size(); i++) {
      ResourceKey key = volumes.keyAt(i);
      out.add(new AgentVolume(key.role(), key.volume()));
    }
    return out;
  }

  public String id() {
    return volume.id();
  }

  /** Whether {@code o} names the same volume: the same role and persistence id. */
  public boolean sameVolume(AgentVolume o) {
    return role.equals(o.role) && volume.id().equals(o.volume.id());
  }

  /** Where this volume's data lives under {@code paths}' work dir. */
  public Path dir(Paths paths) {
    return paths.volumeDir(role, volume.id());
  }

  /** Mesos's way of naming a volume in messages: {@code [id:path]} of role {@code r}. */
  @Override
  public String toString() {
    return "persistent volume " + volume + " of role '" + role + "'";
  }
}
