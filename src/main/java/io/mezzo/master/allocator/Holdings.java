package io.mezzo.master.allocator;

import io.mezzo.core.resources.Resources;
import io.mezzo.master.allocator.sorter.Sorter;
import io.mezzo.master.quota.QuotaRoles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The allocator's books: who holds what. Every allocation is recorded once, in a map shared between
 * the agent and the framework, and charged to the role sorter and the role's framework sorter;
 * frameworks join a role's sorter while subscribed to it or holding resources under it. Owned by
 * {@link HierarchicalDrfAllocator}; {@link AllocationRun} records its allocations here too.
 */
final class Holdings {
  private final Supplier<Sorter> sorters;
  final Map<String, FrameworkState> frameworks = new HashMap<>();

  /** Frameworks by index; indexes of removed frameworks are reused, lowest first. */
  FrameworkState[] byIndex = new FrameworkState[16];

  private final PriorityQueue<Integer> freeIndexes = new PriorityQueue<>();
  private int nextIndex;
  final Map<String, RoleState> roles = new HashMap<>();
  final Sorter roleSorter;

  /** The scalar resources of all agents, summed. */
  Resources total = Resources.empty();

  /**
   * Sum of the scalar allocations of all agents, recomputed on demand (only metrics read it); null
   * when stale.
   */
  Resources allocatedTotal;

  /**
   * @param sorters makes the framework sorter of each role
   * @param roleSorter orders the roles (hierarchically for DRF)
   */
  Holdings(Supplier<Sorter> sorters, Sorter roleSorter) {
    this.sorters = sorters;
    this.roleSorter = roleSorter;
  }

  /** Adds an agent's total to the cluster total that every sorter measures shares against. */
  void addTotal(String agentId, Resources agentTotal) {
    total = total.plus(agentTotal.scalars());
    roleSorter.addTotal(agentId, agentTotal);
    for (RoleState role : roles.values()) {
      role.frameworks.addTotal(agentId, agentTotal);
    }
  }

  void removeTotal(String agentId, Resources agentTotal) {
    total = total.minus(agentTotal.scalars());
    roleSorter.removeTotal(agentId, agentTotal);
    for (RoleState role : roles.values()) {
      role.frameworks.removeTotal(agentId, agentTotal);
    }
  }

  Resources allocatedTotal(Iterable<AgentState> agents) {
    if (allocatedTotal == null) {
      Resources sum = Resources.empty();
      for (AgentState agent : agents) {
        sum = sum.plus(agent.total.scalars().minus(agent.available.scalars()));
      }
      allocatedTotal = sum;
    }
    return allocatedTotal;
  }

  /**
   * The scalars held under {@code role} and the roles below it ({@code eng} has {@code eng/web}).
   */
  Resources heldBySubtree(String role) {
    Resources sum = Resources.empty();
    for (RoleState r : roles.values()) {
      if (QuotaRoles.inSubtree(r.name, role)) {
        sum = sum.plus(r.held);
      }
    }
    return sum;
  }

  /** Charges resources of a re-registered agent to the framework's roles (see addAgent). */
  void charge(FrameworkState framework, AgentState agent, Resources resources) {
    Resources unreserved = resources.unreserved();
    if (!unreserved.isEmpty()) {
      String role = framework.primaryRole();
      trackRole(framework, role);
      track(framework, agent, role, unreserved);
    }
    for (String role : reservationRoles(resources)) {
      trackRole(framework, role);
      track(framework, agent, role, resources.reservedTo(role));
    }
    refreshActivity(framework);
  }

  private static Set<String> reservationRoles(Resources resources) {
    Set<String> out = new TreeSet<>();
    for (int i = 0; i < resources.size(); i++) {
      if (resources.keyAt(i).isReserved()) {
        out.add(resources.keyAt(i).role());
      }
    }
    return out;
  }

  void track(FrameworkState framework, AgentState agent, String role, Resources resources) {
    track(framework, agent, role, resources, true);
  }

  /**
   * Records resources as allocated to (framework, role) on the agent, taking them from its pool. An
   * allocation run passes {@code chargeRole == false} and charges the role sorter with {@link
   * #chargeRole} once it is done with the agent, because it walks that sorter's order meanwhile.
   */
  void track(
      FrameworkState framework,
      AgentState agent,
      String role,
      Resources resources,
      boolean chargeRole) {
    agent.take(resources);
    Map<String, Resources> byRole = framework.allocations.get(agent.id);
    if (byRole == null) {
      byRole = new HashMap<>(4);
      framework.allocations.put(agent.id, byRole);
      agent.allocations.put(framework.id, byRole);
    }
    if (byRole.get(role) == null) {
      framework.agentsByRole.merge(role, 1, Integer::sum);
    }
    byRole.merge(role, resources, Resources::plus);
    allocatedTotal = null;
    if (!role.equals(FrameworkState.UNATTRIBUTED)) {
      RoleState rs = roles.get(role);
      rs.held = rs.held.plus(resources.scalars());
      rs.frameworks.allocated(framework.id, agent.id, resources);
      if (chargeRole) {
        roleSorter.allocated(role, agent.id, resources);
      }
    }
  }

  /** Charges the role sorter; separate because a run defers it until it is done with an agent. */
  void chargeRole(String role, String agentId, Resources resources) {
    roleSorter.allocated(role, agentId, resources);
  }

  void untrack(FrameworkState framework, AgentState agent, String role, Resources resources) {
    Map<String, Resources> byRole = framework.allocations.get(agent.id);
    Resources left = byRole.get(role).minus(resources);
    if (left.isEmpty()) {
      byRole.remove(role);
      framework.agentsByRole.merge(role, -1, (a, b) -> a + b == 0 ? null : a + b);
      if (byRole.isEmpty()) {
        framework.allocations.remove(agent.id);
        agent.allocations.remove(framework.id);
      }
    } else {
      byRole.put(role, left);
    }
    agent.giveBack(resources);
    allocatedTotal = null;
    if (!role.equals(FrameworkState.UNATTRIBUTED)) {
      RoleState rs = roles.get(role);
      rs.held = rs.held.minus(resources.scalars());
      rs.frameworks.unallocated(framework.id, agent.id, resources);
      roleSorter.unallocated(role, agent.id, resources);
    }
  }

  /** Puts the framework into the role's framework sorter, creating the role if needed. */
  void trackRole(FrameworkState framework, String role) {
    if (!framework.trackedRoles.add(role)) {
      return;
    }
    RoleState state = roles.get(role);
    if (state == null) {
      state = new RoleState(role, sorters.get());
      state.frameworks.addTotal("*", total);
      roles.put(role, state);
      roleSorter.add(role);
    }
    state.frameworks.add(framework.id);
    state.members++;
    state.setActive(framework, framework.offerable(role));
  }

  /** Takes the framework out of a role it left once it holds nothing there; drops empty roles. */
  void untrackRoleIfUnused(FrameworkState framework, String role) {
    if (framework.roles.contains(role)
        || framework.holds(role)
        || !framework.trackedRoles.remove(role)) {
      return;
    }
    RoleState state = roles.get(role);
    state.frameworks.remove(framework.id);
    state.active.clear(framework.index);
    if (--state.members == 0) {
      roles.remove(role);
      roleSorter.remove(role);
    }
  }

  void refreshActivity(FrameworkState framework) {
    for (String role : framework.trackedRoles) {
      roles.get(role).setActive(framework, framework.offerable(role));
    }
  }

  void dropIfPlaceholderWithNothing(FrameworkState framework) {
    if (framework != null && !framework.registered && framework.allocations.isEmpty()) {
      forget(framework);
    }
  }

  FrameworkState newFramework(String id) {
    Integer free = freeIndexes.poll();
    int index = free != null ? free : nextIndex++;
    if (index >= byIndex.length) {
      byIndex = Arrays.copyOf(byIndex, byIndex.length * 2);
    }
    FrameworkState framework = new FrameworkState(id, index);
    byIndex[index] = framework;
    return framework;
  }

  void forget(FrameworkState framework) {
    frameworks.remove(framework.id);
    byIndex[framework.index] = null;
    freeIndexes.add(framework.index);
  }

  /**
   * Charges the framework, now that it has roles, with what re-registered agents held for it before
   * it had any (its {@link FrameworkState#UNATTRIBUTED} allocations).
   */
  void chargePending(FrameworkState framework, Map<String, AgentState> agents) {
    for (String agentId : new ArrayList<>(framework.allocations.keySet())) {
      Resources pending = framework.allocations.get(agentId).get(FrameworkState.UNATTRIBUTED);
      if (pending != null) {
        AgentState agent = agents.get(agentId);
        untrack(framework, agent, FrameworkState.UNATTRIBUTED, pending);
        charge(framework, agent, pending);
      }
    }
  }
}
