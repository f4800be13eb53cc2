package io.mezzo.master.allocator;

import io.mezzo.core.resources.Resources;

/**
 * How the allocator's books follow a dynamic reservation (Mesos's {@code updateAllocation} and
 * {@code updateAvailable}): the agent's total, and either a framework's allocation or the agent's
 * available pool, trade {@code from} for {@code to} (same amounts, other reservation stacks). The
 * sorters see the agent's total replaced, so shares stay measured against what exists. Owned by
 * {@link HierarchicalDrfAllocator}, on its thread.
 */
final class ReservationUpdates {
  private final HierarchicalDrfAllocator allocator;

  ReservationUpdates(HierarchicalDrfAllocator allocator) {
    this.allocator = allocator;
  }

  /** See {@link Allocator#updateAllocation}. */
  void allocation(
      FrameworkState framework, AgentState agent, String role, Resources from, Resources to) {
    Resources held = framework.allocations.getOrDefault(agent.id, java.util.Map.of()).get(role);
    if (held == null || !held.contains(from)) {
      throw new IllegalArgumentException(
          "framework "
              + framework.id
              + " does not hold "
              + from
              + " in role "
              + role
              + " on agent "
              + agent.id);
    }
    allocator.holdings.untrack(framework, agent, role, from);
    convert(agent, from, to);
    allocator.holdings.track(framework, agent, role, to);
  }

  /** See {@link Allocator#updateAvailable}. */
  void available(AgentState agent, Resources from, Resources to) {
    if (!agent.available.contains(from)) {
      throw new IllegalArgumentException(
          "agent "
              + agent.id
              + " does not have "
              + from
              + " available (it has "
              + agent.available
              + ")");
    }
    convert(agent, from, to);
  }

  private void convert(AgentState agent, Resources from, Resources to) {
    allocator.holdings.removeTotal(agent.id, agent.total);
    agent.total = agent.total.minus(from).plus(to);
    agent.available = agent.available.minus(from).plus(to);
    agent.availableVersion++;
    agent.forgetIdle();
    allocator.holdings.addTotal(agent.id, agent.total);
    allocator.holdings.allocatedTotal = null;
  }
}
