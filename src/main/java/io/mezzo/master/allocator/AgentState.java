package io.mezzo.master.allocator;

import io.mezzo.core.resources.Resources;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** What the allocator knows of one agent. Owned by {@link HierarchicalDrfAllocator}. */
final class AgentState {
  final String id;

  /** Changes only through a dynamic reservation ({@link ReservationUpdates}). */
  Resources total;

  /**
   * What is neither offered nor used: total minus the allocations below. What is allocated is not
   * kept as a sum, which would cost a merge of port ranges on every offer.
   */
  Resources available;

  boolean active = true;

  /**
   * Framework id → role → resources allocated to it here; the inner maps are shared with
   * FrameworkState.
   */
  final Map<String, Map<String, Resources>> allocations = new HashMap<>();

  /** Framework id → the chain of its refuse filters on this agent, all roles together. */
  final Map<String, RefuseFilters.Filter> filters = new HashMap<>();

  /**
   * Bumped whenever a filter on this agent goes (lapse, revive, removal), invalidating {@link
   * #blocked}.
   */
  int filterVersion;

  /**
   * Role → frameworks refused for what the agent offers that role; see {@link BlockedFrameworks}.
   */
  final Map<String, BlockedFrameworks> blocked = new HashMap<>(4);

  /** Bumped whenever {@link #available} changes. */
  int availableVersion;

  /**
   * The cache of "everyone was skipped": a run that examined this agent and offered it to no one
   * records the allocator epoch, the available version and the earliest lapse of a filter that
   * blocked. While all three still hold, nothing could have become offerable and the agent is
   * skipped without looking at any framework.
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
    return idleEpoch == epoch
        && idleAvailableVersion == availableVersion
        && now.isBefore(idleUntil);
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

  private static final BlockedFrameworks NONE_BLOCKED = new BlockedFrameworks();

  /**
   * The frameworks refused for {@code offerable} in {@code role} at {@code now} (exact; do not
   * modify).
   */
  BlockedFrameworks blockedFor(String role, Resources offerable, Instant now) {
    if (filters.isEmpty()) {
      return NONE_BLOCKED;
    }
    BlockedFrameworks b = blocked.get(role);
    if (b == null) {
      b = new BlockedFrameworks();
      blocked.put(role, b);
    }
    if (!b.validFor(offerable, filterVersion, now)) {
      b.rebuild(this, role, offerable, now);
    }
    return b;
  }

  RefuseFilters.Filter filterChain(String frameworkId) {
    return filters.isEmpty() ? null : filters.get(frameworkId);
  }
}
