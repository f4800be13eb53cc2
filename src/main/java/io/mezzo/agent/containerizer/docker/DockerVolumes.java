package io.mezzo.agent.containerizer.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.volume.AgentVolume;
import io.mezzo.api.v1.MalformedMessageException;
import io.mezzo.api.v1.Volume;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ContainerInfo.volumes} as Docker mounts, the way Mesos's Docker containerizer mounts them:
 *
 * <ul>
 *   <li>{@code host_path} → a bind ({@code HostConfig.Binds}, {@code :rw} or {@code :ro}); a
 *       relative host path is inside the task's sandbox;
 *   <li>{@code source.docker_volume} {driver, name, driver_options} → a named volume ({@code
 *       HostConfig.Mounts} of type {@code volume}), created by the engine with that driver and
 *       options if it does not exist;
 *   <li>a relative {@code container_path} is under the sandbox mount, {@code /mnt/mesos/sandbox};
 *   <li>a persistent volume among the task's resources → a bind of its directory ({@link
 *       #persistent}).
 * </ul>
 *
 * Anything else (image volumes, other sources) is refused by {@link Volume#dockerProblem}, at the
 * master first and here again. Pure, but for {@link #persistent}'s check.
 */
final class DockerVolumes {
  private DockerVolumes() {}

  /**
   * Adds a bind for each persistent volume among the container's resources: its directory on the
   * agent onto {@code /mnt/mesos/sandbox/<container_path>}, {@code :ro} or {@code :rw} (Mesos's
   * Docker containerizer does the same; the agent mounts nothing itself for a Docker container).
   * Reads only whether each volume's directory exists: the engine would create a missing one, and
   * the task would then see an empty volume instead of its data.
   *
   * @throws IllegalArgumentException if a resource cannot be read or a volume has no directory
   */
  static void persistent(ContainerConfig config, ArrayNode binds) {
    for (AgentVolume v : AgentVolume.in(config.resources())) {
      Path dir = config.run().volumeDir(v.role(), v.id());
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException(
            v + " has no directory " + dir + " on this agent: it was never checkpointed here");
      }
      binds.add(
          dir.toAbsolutePath()
              + ":"
              + DockerRunSpec.SANDBOX
              + "/"
              + v.volume().containerPath()
              + (v.volume().readOnly() ? ":ro" : ":rw"));
    }
  }

  /**
   * Adds the task's volumes to {@code binds} and {@code HostConfig.Mounts}.
   *
   * @throws IllegalArgumentException naming the first volume that cannot be mounted
   */
  static void mount(List<JsonNode> volumes, Path sandbox, ArrayNode binds, ObjectNode host) {
    if (volumes == null) {
      return;
    }
    ArrayNode mounts = null;
    for (int i = 0; i < volumes.size(); i++) {
      String where = "container.volumes[" + i + "]";
      Volume v;
      try {
        v = Volume.of(volumes.get(i));
      } catch (MalformedMessageException e) {
        throw new IllegalArgumentException(where + " is malformed: " + e.getMessage(), e);
      }
      v.dockerProblem(where)
          .ifPresent(
              p -> {
                throw new IllegalArgumentException(p);
              });
      String target =
          v.containerPath().startsWith("/")
              ? v.containerPath()
              : DockerRunSpec.SANDBOX + "/" + v.containerPath();
      boolean readOnly = v.mode() == Volume.Mode.RO;
      if (v.hostPath() != null) {
        String source =
            v.hostPath().startsWith("/")
                ? v.hostPath()
                : sandbox.toAbsolutePath().resolve(v.hostPath()).normalize().toString();
        binds.add(source + ":" + target + (readOnly ? ":ro" : ":rw"));
        continue;
      }
      if (mounts == null) {
        mounts = host.putArray("Mounts");
      }
      Volume.Source.DockerVolume dv = v.source().dockerVolume();
      ObjectNode m = mounts.addObject();
      m.put("Type", "volume");
      m.put("Source", dv.name());
      m.put("Target", target);
      m.put("ReadOnly", readOnly);
      boolean options = dv.driverOptions() != null && !dv.driverOptions().parameter().isEmpty();
      if (dv.driver() != null || options) {
        ObjectNode driver = m.putObject("VolumeOptions").putObject("DriverConfig");
        driver.put("Name", dv.driver() == null ? "local" : dv.driver());
        if (options) {
          ObjectNode opts = driver.putObject("Options");
          dv.driverOptions().parameter().forEach(p -> opts.put(p.key(), p.value()));
        }
      }
    }
  }
}
