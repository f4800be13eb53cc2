package io.mezzo.master.allocator;

import io.mezzo.core.resources.MinAllocatable;
import io.mezzo.core.resources.Resources;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the allocator knows of one framework. A framework known only from the used resources of a
 * re-registering agent is a placeholder ({@code registered == false}) until it is added; its
 * allocations are kept under {@link #UNATTRIBUTED} because its roles are not known yet.
 */
final class FrameworkState {
  /** The pseudo-role of allocations whose role is not known yet; not a valid role name. */
  static final String UNATTRIBUTED = "";

  final String id;

  /**
   * A small number unique among current frameworks, for bit sets such as {@link BlockedFrameworks}.
   */
  final int index;

  boolean registered;
  boolean active;

  /**
   * Whether the framework has RESERVATION_REFINEMENT: without it, refined reservations are never
   * offered to it (it could not read them).
   */
  boolean reservationRefinement = true;

  Set<String> roles = Set.of();
  final Set<String> suppressed = new HashSet<>();

  /** Agent id → role → resources; the inner maps are shared with AgentState. */
  final Map<String, Map<String, Resources>> allocations = new HashMap<>();

  /** Role → on how many agents the framework holds resources under it. */
  final Map<String, Integer> agentsByRole = new HashMap<>();

  /**
   * Roles in whose framework sorter this framework is: its roles plus roles it still holds
   * resources of.
   */
  final Set<String> trackedRoles = new HashSet<>();

  /** Its own minimum offer size by role (offer_filters); other roles use the master's. */
  Map<String, MinAllocatable> minimums = Map.of();

  /** The first of its refuse filters, a list linked through the filters, for revive and removal. */
  RefuseFilters.Filter firstFilter;

  FrameworkState(String id, int index) {
    this.id = id;
    this.index = index;
  }

  /**
   * Whether the framework's sorter entry for {@code role} should be active (eligible for offers).
   */
  boolean offerable(String role) {
    return registered && active && roles.contains(role) && !suppressed.contains(role);
  }

  /** The role unreserved resources of a re-registering agent are charged to. */
  String primaryRole() {
    return new TreeSet<>(roles).first();
  }

  /**
   * Whether {@code candidate} is big enough to offer to this framework in {@code role}: its own
   * minimum for the role if it set one, else the master's ({@code globalOk}).
   */
  boolean takes(String role, Resources candidate, boolean globalOk) {
    MinAllocatable own = minimums.get(role);
    return own == null ? globalOk : own.isSatisfiedBy(candidate);
  }

  boolean holds(String role) {
    return agentsByRole.containsKey(role);
  }

  /** What the framework holds on all agents, all roles together. */
  Resources allocatedTotal() {
    Resources sum = Resources.empty();
    for (Map<String, Resources> byRole : allocations.values()) {
      for (Resources r : byRole.values()) {
        sum = sum.plus(r);
      }
    }
    return sum;
  }

  /** What the framework holds on one agent, all roles together; empty if none. */
  Resources allocatedOn(String agentId) {
    Resources sum = Resources.empty();
    for (Resources r : allocations.getOrDefault(agentId, Map.of()).values()) {
      sum = sum.plus(r);
    }
    return sum;
  }
}
