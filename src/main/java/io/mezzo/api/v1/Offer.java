package io.mezzo.api.v1;

import java.util.List;

/** Resources of one agent offered to one role of one framework ({@code mesos.v1.Offer}). */
public record Offer(
    OfferId id,
    FrameworkId frameworkId,
    AgentId agentId,
    String hostname,
    Url url,
    Resource.AllocationInfo allocationInfo,
    List<Resource> resources,
    List<Attribute> attributes,
    List<ExecutorId> executorIds) {}
