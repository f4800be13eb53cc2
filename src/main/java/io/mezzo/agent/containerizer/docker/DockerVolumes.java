package io.mezzo.agent.containerizer.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.v1.MalformedMessageException;
import io.mezzo.api.v1.Volume;
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
 *   <li>a relative {@code container_path} is under the sandbox mount, {@code /mnt/mesos/sandbox}.
 * </ul>
 *
 * Anything else (image volumes, other sources) is refused by {@link Volume#dockerProblem}, at the
 * master first and here again. Pure.
 */
final class DockerVolumes {
  private DockerVolumes() {}

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
