package io.mezzo.master.allocator;

import io.mezzo.core.resources.Resources;

/**
 * One decision of an allocation run: offer {@code resources} of one agent to one framework, for one
 * of its roles (Mesos {@code allocation_info.role}). The resources count as allocated to the
 * framework until they are recovered with {@link Allocator#recoverResources}.
 */
public record Allocation(String frameworkId, String role, String agentId, Resources resources) {}
