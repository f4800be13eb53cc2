package io.mezzo.agent.resources;

import io.mezzo.core.resources.Attributes;
import io.mezzo.core.resources.Resources;
import java.util.Set;

/**
 * What an agent offers to the cluster: its total resources and its attributes.
 *
 * @param detected the names whose value was detected on the host rather than given by the flag
 */
public record AgentResources(Resources resources, Attributes attributes, Set<String> detected) {
  public AgentResources {
    detected = Set.copyOf(detected);
  }
}
