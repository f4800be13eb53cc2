package io.mezzo.framework.services.placement;

import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import java.util.List;

/**
 * Where one instance goes: the offer, the exact resources taken from it (with their roles and
 * reservations as offered) and the host ports chosen, in the order of the app's port definitions or
 * port mappings (so {@code PORT0} is {@code hostPorts.get(0)}). A port mapping without a host port
 * ({@code hostPort} absent) keeps its index with the entry {@code 0}, which no assigned host port
 * can be; the launcher then uses the container port for it, as Marathon does.
 */
public record Placement(Offer offer, List<Resource> resources, List<Integer> hostPorts) {
  public Placement {
    resources = List.copyOf(resources);
    hostPorts = List.copyOf(hostPorts);
  }
}
