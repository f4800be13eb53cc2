package io.mezzo.api.v1;

import java.util.List;

/**
 * Resources of one agent offered to one role of one framework ({@code mesos.v1.Offer}); {@code
 * unavailability} is set when the agent's machine is scheduled for maintenance.
 */
public record Offer(
    OfferId id,
    FrameworkId frameworkId,
    AgentId agentId,
    String hostname,
    Url url,
    Resource.AllocationInfo allocationInfo,
    List<Resource> resources,
    List<Attribute> attributes,
    List<ExecutorId> executorIds,
    Unavailability unavailability) {

  /** An offer from an agent whose machine is not scheduled for maintenance. */
  public Offer(
      OfferId id,
      FrameworkId frameworkId,
      AgentId agentId,
      String hostname,
      Url url,
      Resource.AllocationInfo allocationInfo,
      List<Resource> resources,
      List<Attribute> attributes,
      List<ExecutorId> executorIds) {
    this(
        id,
        frameworkId,
        agentId,
        hostname,
        url,
        allocationInfo,
        resources,
        attributes,
        executorIds,
        null);
  }
}
