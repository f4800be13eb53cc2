package io.mezzo.api.v1;

import java.util.List;

/**
 * A role the master knows ({@code mesos.v1.Role}): its weight, the frameworks subscribed to it and
 * the resources allocated to it (used by tasks or offered).
 */
public record Role(
    String name, Double weight, List<FrameworkId> frameworks, List<Resource> resources) {
  public Role {
    frameworks = frameworks == null ? List.of() : List.copyOf(frameworks);
    resources = resources == null ? List.of() : List.copyOf(resources);
  }
}
