package io.mezzo.agent.containerizer;

import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskStatus;
import java.util.List;

/**
 * A resource limit an isolator enforced on a container (Mesos {@code ContainerLimitation}); the
 * container is destroyed and its task fails with this reason.
 *
 * @param resources the resources that were exceeded (may be empty)
 * @param reason e.g. {@code REASON_CONTAINER_LIMITATION_MEMORY}
 * @param message why, for the task status and the log: "Memory limit exceeded: 130 MB of 128 MB"
 */
public record ContainerLimitation(
    List<Resource> resources, TaskStatus.Reason reason, String message) {
  public ContainerLimitation {
    resources = resources == null ? List.of() : List.copyOf(resources);
  }
}
