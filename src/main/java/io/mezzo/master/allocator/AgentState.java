package io.mezzo.master.allocator;

import io.mezzo.core.resources.Resources;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** What the allocator knows of one agent. Owned by {@link HierarchicalDrfAllocator}. */
final class AgentState {
  final String id;
  final Resources total;
  /**
   * What is neither offered nor used: total minus the allocations below. What is allocated is not
   * kept as a sum, which would cost a merge of port ranges on every offer.
   */
  Resources available;
  boolean active = true;
  /** Framework id → role → resources allocated to it here; the inner maps are shared with FrameworkState. */
  final Map<String, Map<String, Resources>> allocations = new HashMap<>();
  /** Framework id → role → the chain of refuse filters for (framework, role, this agent). */
  final Map<String, Map<String, RefuseFilters.Filter>> filters = new HashMap<>();

  /** Bumped whenever {@link #available} changes. */
  int availableVersion;
  /**
   * The cache of "everyone was skipped": a run that examined this agent and offered it to no one
   * records the allocator epoch, the available version and the earliest lapse of a filter that
   * blocked. While all three still hold, nothing could have become offerable and the agent is skipped
   * without looking at any framework.
   */
  long idleEpoch = -1;
  int idleAvailableVersion;
  Instant idleUntil = Instant.MIN;

  AgentState(String id, Resources total) {
    this.id = id;
    this.total = total;
    this.available = total;
  }

  boolean idle(long epoch, Instant now) {
    return idleEpoch == epoch && idleAvailableVersion == availableVersion && now.isBefore(idleUntil);
  }

  void markIdle(long epoch, Instant until) {
    idleEpoch = epoch;
    idleAvailableVersion = availableVersion;
    idleUntil = until;
  }

  void forgetIdle() {
    idleEpoch = -1;
  }

  void take(Resources resources) {
    available = available.minus(resources);
    availableVersion++;
  }

  void giveBack(Resources resources) {
    available = available.plus(resources);
    availableVersion++;
  }

  RefuseFilters.Filter filterChain(String frameworkId, String role) {
    if (filters.isEmpty()) {
      return null;
    }
    Map<String, RefuseFilters.Filter> byRole = filters.get(frameworkId);
    return byRole == null ? null : byRole.get(role);
  }
}
