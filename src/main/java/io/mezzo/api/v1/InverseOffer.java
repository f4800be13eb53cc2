package io.mezzo.api.v1;

/**
 * A request that a framework give back what it holds on an agent by the time its machine goes down
 * ({@code mesos.v1.InverseOffer}): the agent's whole machine is asked for, so {@code resources} is
 * never set, as in Mesos's maintenance.
 */
public record InverseOffer(
    OfferId id, Url url, FrameworkId frameworkId, AgentId agentId, Unavailability unavailability) {}
