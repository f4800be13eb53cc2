package io.mezzo.master.allocator;

import io.mezzo.core.resources.MinAllocatable;
import io.mezzo.core.resources.ReservationStack;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.allocator.sorter.DrfSorter;
import io.mezzo.master.allocator.sorter.HierarchicalDrfSorter;
import io.mezzo.master.allocator.sorter.RandomSorter;
import io.mezzo.master.allocator.sorter.Sorter;
import io.mezzo.master.quota.QuotaConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Mesos's hierarchical allocator: roles are ordered by weighted DRF over their tree ({@code
 * eng/web} under {@code eng}, see {@link HierarchicalDrfSorter}), the frameworks of a role by DRF,
 * and each agent (in shuffled order) is offered, role by role, to the first eligible framework —
 * all its available resources allocatable to that role. See {@link Allocator} for the contract;
 * {@link AllocationRun} holds the run itself.
 *
 * <p>State: agents and frameworks by id; a role sorter and, per role, a framework sorter; refuse
 * filters. Each allocation is recorded once, in a map shared between the agent and the framework,
 * and charged to the role sorter and the role's framework sorter.
 *
 * <p>Quota (guarantees, limits, headroom) follows Mesos 1.9+; see {@link AllocationRun} and {@link
 * QuotaRun}. Reserved resources go to frameworks of their role or a role below it; dynamic
 * reservations change an agent's total through {@link ReservationUpdates}. Not GPU/region/revocable
 * gating (yet).
 */
public final class HierarchicalDrfAllocator implements Allocator {

  /**
   * Up to this many frameworks of a role still open for an agent (not refused), a run picks among
   * them directly; above it, it walks the DRF order. Tests lower it to cover both paths.
   */
  static final int SPARSE_LIMIT = 32;

  int sparseLimit = SPARSE_LIMIT;

  /** How many skip reasons of the last run are kept in full. */
  public static final int DEFAULT_DECISION_CAPACITY = 1000;

  final AllocatorConfig config;
  final RandomGenerator random;
  final Map<String, AgentState> agents = new LinkedHashMap<>();
  final Holdings holdings;

  /** The holdings' frameworks by id, aliased for brevity. */
  final Map<String, FrameworkState> frameworks;

  final RefuseFilters filters = new RefuseFilters();
  final DecisionLog decisions;
  private final ReservationUpdates reservations = new ReservationUpdates(this);

  /** The roles' quotas by role (none by default); see {@link #setQuotas}. */
  Map<String, QuotaConfig> quotas = Map.of();

  /**
   * Bumped by every change that can make a skipped (framework, role, agent) eligible without the
   * agent's available resources changing: a framework added, activated, revived or resubscribed.
   */
  long epoch;

  /** How many frameworks set their own minimum offer size for some role (offer_filters). */
  int sizedFrameworks;

  public HierarchicalDrfAllocator(AllocatorConfig config, RandomGenerator random) {
    this(config, random, DEFAULT_DECISION_CAPACITY);
  }

  public HierarchicalDrfAllocator(
      AllocatorConfig config, RandomGenerator random, int decisionCapacity) {
    this.config = Objects.requireNonNull(config, "config");
    this.random = Objects.requireNonNull(random, "random");
    boolean drf = !"random".equals(config.sorter());
    Supplier<Sorter> sorters = drf ? DrfSorter::new : () -> new RandomSorter(random);
    // Roles form a tree (eng/web under eng) for DRF; the random sorter stays flat.
    this.holdings = new Holdings(sorters, drf ? new HierarchicalDrfSorter() : sorters.get());
    this.frameworks = holdings.frameworks;
    this.decisions = new DecisionLog(decisionCapacity);
  }

  // Agents.

  @Override
  public void addAgent(String agentId, Resources total, Map<String, Resources> usedByFramework) {
    if (agents.containsKey(agentId)) {
      throw new IllegalStateException("agent " + agentId + " already added");
    }
    Resources used = Resources.empty();
    for (Resources r : usedByFramework.values()) {
      used = used.plus(r);
    }
    if (!total.contains(used)) {
      throw new IllegalArgumentException(
          "agent " + agentId + ": used resources " + used + " exceed its total " + total);
    }
    AgentState agent = new AgentState(agentId, total);
    agents.put(agentId, agent);
    holdings.addTotal(agentId, total);
    for (Map.Entry<String, Resources> e : new TreeMap<>(usedByFramework).entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      FrameworkState framework = frameworks.computeIfAbsent(e.getKey(), holdings::newFramework);
      if (framework.registered) {
        holdings.charge(framework, agent, e.getValue());
      } else {
        holdings.track(framework, agent, FrameworkState.UNATTRIBUTED, e.getValue());
      }
    }
  }

  @Override
  public void removeAgent(String agentId) {
    AgentState agent = agents.remove(agentId);
    if (agent == null) {
      return;
    }
    filters.removeFor(agent);
    for (String frameworkId : new ArrayList<>(agent.allocations.keySet())) {
      FrameworkState framework = frameworks.get(frameworkId);
      for (Map.Entry<String, Resources> e :
          new ArrayList<>(agent.allocations.get(frameworkId).entrySet())) {
        holdings.untrack(framework, agent, e.getKey(), e.getValue());
      }
      holdings.dropIfPlaceholderWithNothing(framework);
    }
    holdings.removeTotal(agentId, agent.total);
  }

  @Override
  public void deactivateAgent(String agentId) {
    agent(agentId).active = false;
  }

  @Override
  public void activateAgent(String agentId) {
    AgentState agent = agent(agentId);
    agent.active = true;
    agent.forgetIdle();
  }

  // Frameworks.

  @Override
  public void addFramework(
      String frameworkId, Set<String> roles, Set<String> suppressedRoles, boolean active) {
    FrameworkRoles.check(frameworkId, roles, suppressedRoles);
    FrameworkState framework = frameworks.computeIfAbsent(frameworkId, holdings::newFramework);
    if (framework.registered) {
      throw new IllegalStateException("framework " + frameworkId + " already added");
    }
    framework.registered = true;
    framework.active = active;
    framework.roles = Set.copyOf(roles);
    framework.suppressed.addAll(suppressedRoles);
    for (String role : new TreeSet<>(roles)) {
      holdings.trackRole(framework, role);
    }
    // Resources of a re-registered agent that were waiting for this framework's roles.
    holdings.chargePending(framework, agents);
    holdings.refreshActivity(framework);
    epoch++;
  }

  @Override
  public void updateFramework(String frameworkId, Set<String> roles, Set<String> suppressedRoles) {
    FrameworkState framework = framework(frameworkId);
    FrameworkRoles.check(frameworkId, roles, suppressedRoles);
    Set<String> dropped = new HashSet<>(framework.roles);
    dropped.removeAll(roles);
    filters.removeFor(framework, dropped::contains);
    framework.roles = Set.copyOf(roles);
    framework.suppressed.clear();
    framework.suppressed.addAll(suppressedRoles);
    for (String role : new TreeSet<>(roles)) {
      holdings.trackRole(framework, role);
    }
    for (String role : dropped) {
      holdings.untrackRoleIfUnused(framework, role);
    }
    holdings.refreshActivity(framework);
    epoch++;
  }

  @Override
  public void removeFramework(String frameworkId) {
    FrameworkState framework = frameworks.get(frameworkId);
    if (framework == null) {
      return;
    }
    filters.removeFor(framework, role -> true);
    for (String agentId : new ArrayList<>(framework.allocations.keySet())) {
      AgentState agent = agents.get(agentId);
      for (Map.Entry<String, Resources> e :
          new ArrayList<>(framework.allocations.get(agentId).entrySet())) {
        holdings.untrack(framework, agent, e.getKey(), e.getValue());
      }
    }
    framework.roles = Set.of();
    if (!framework.minimums.isEmpty()) {
      framework.minimums = Map.of();
      sizedFrameworks--;
    }
    for (String role : new ArrayList<>(framework.trackedRoles)) {
      holdings.untrackRoleIfUnused(framework, role);
    }
    holdings.forget(framework);
  }

  @Override
  public void activateFramework(String frameworkId) {
    FrameworkState framework = framework(frameworkId);
    framework.active = true;
    holdings.refreshActivity(framework);
    epoch++;
  }

  @Override
  public void deactivateFramework(String frameworkId) {
    FrameworkState framework = framework(frameworkId);
    framework.active = false;
    holdings.refreshActivity(framework);
  }

  @Override
  public void suppressRoles(String frameworkId, Set<String> roles) {
    FrameworkState framework = framework(frameworkId);
    framework.suppressed.addAll(FrameworkRoles.of(framework, roles));
    holdings.refreshActivity(framework);
  }

  @Override
  public void reviveRoles(String frameworkId, Set<String> roles) {
    FrameworkState framework = framework(frameworkId);
    Set<String> revived = FrameworkRoles.of(framework, roles);
    framework.suppressed.removeAll(revived);
    filters.removeFor(framework, revived::contains);
    holdings.refreshActivity(framework);
    epoch++;
  }

  // Resources.

  @Override
  public void updateAllocation(
      String frameworkId, String agentId, String role, Resources from, Resources to) {
    reservations.allocation(framework(frameworkId), agent(agentId), role, from, to);
  }

  @Override
  public void updateAvailable(String agentId, Resources from, Resources to) {
    reservations.available(agent(agentId), from, to);
  }

  @Override
  public void reservationRefinement(String frameworkId, boolean capable) {
    FrameworkState framework = frameworks.get(frameworkId);
    if (framework != null) {
      framework.reservationRefinement = capable;
    }
  }

  @Override
  public void recoverResources(
      String frameworkId, String agentId, Resources resources, Duration refuse, Instant now) {
    FrameworkState framework = frameworks.get(frameworkId);
    AgentState agent = agents.get(agentId);
    filters.expire(now);
    if (framework == null || agent == null || resources.isEmpty()) {
      return;
    }
    Map<String, Resources> byRole = framework.allocations.getOrDefault(agentId, Map.of());
    Map<String, Resources> parts = RecoveredParts.splitByRole(byRole, resources);
    if (parts == null) {
      throw new IllegalArgumentException(
          "cannot recover "
              + resources
              + " from framework "
              + frameworkId
              + " on agent "
              + agentId
              + ": not allocated to it there (it holds "
              + byRole
              + ")");
    }
    Duration lifetime = filterLifetime(refuse);
    for (Map.Entry<String, Resources> part : parts.entrySet()) {
      String role = part.getKey();
      holdings.untrack(framework, agent, role, part.getValue());
      if (lifetime != null && !role.equals(FrameworkState.UNATTRIBUTED)) {
        filters.install(framework, role, agent, part.getValue(), now, now.plus(lifetime));
      }
      holdings.untrackRoleIfUnused(framework, role);
    }
    holdings.dropIfPlaceholderWithNothing(framework);
  }

  /** How long a refuse filter lives, or null for none; the rules are {@link RefusePolicy}'s. */
  Duration filterLifetime(Duration refuse) {
    return RefusePolicy.lifetime(refuse, config.allocationInterval());
  }

  @Override
  public void setWeight(String role, double weight) {
    holdings.roleSorter.setWeight(role, weight);
  }

  @Override
  public void setQuotas(Map<String, QuotaConfig> byRole) {
    quotas = Map.copyOf(byRole);
    // What a quota allows is not a change of any agent: no agent is idle under the new quotas.
    epoch++;
  }

  @Override
  public void setOfferFilters(String frameworkId, Map<String, MinAllocatable> minimumsByRole) {
    FrameworkState framework = framework(frameworkId);
    Map<String, MinAllocatable> next = Map.copyOf(minimumsByRole);
    if (framework.minimums.isEmpty() != next.isEmpty()) {
      sizedFrameworks += next.isEmpty() ? -1 : 1;
    }
    framework.minimums = next;
    epoch++;
  }

  @Override
  public Map<String, QuotaConfig> quotas() {
    return quotas;
  }

  @Override
  public Resources quotaConsumed(String role) {
    // Mesos 1.9+: what the subtree holds, plus its reservations nobody holds.
    Resources consumed = holdings.heldBySubtree(role);
    for (AgentState a : agents.values()) {
      if (a.available.hasReservations()) {
        consumed =
            consumed.plus(
                a.available
                    .filter(k -> k.isReserved() && ReservationStack.inSubtree(k.role(), role))
                    .scalars());
      }
    }
    return consumed;
  }

  @Override
  public List<Allocation> allocate(Instant now) {
    return new AllocationRun(this, now).run(agents.values());
  }

  @Override
  public List<Allocation> allocate(Instant now, Set<String> agentIds) {
    List<AgentState> candidates = new ArrayList<>(agentIds.size());
    for (String id : new TreeSet<>(agentIds)) {
      AgentState agent = agents.get(id);
      if (agent != null) {
        candidates.add(agent);
      }
    }
    return new AllocationRun(this, now).run(candidates);
  }

  // Views.

  @Override
  public double dominantShare(String role) {
    return holdings.roleSorter.contains(role) ? holdings.roleSorter.dominantShare(role) : 0.0;
  }

  @Override
  public Resources allocated(String frameworkId) {
    FrameworkState framework = frameworks.get(frameworkId);
    return framework == null ? Resources.empty() : framework.allocatedTotal();
  }

  /** What the framework holds on one agent, all roles together; empty if none. */
  public Resources allocated(String frameworkId, String agentId) {
    FrameworkState framework = frameworks.get(frameworkId);
    return framework == null ? Resources.empty() : framework.allocatedOn(agentId);
  }

  /** What is neither offered nor used on the agent; empty for an unknown agent. */
  public Resources available(String agentId) {
    AgentState agent = agents.get(agentId);
    return agent == null ? Resources.empty() : agent.available;
  }

  /** The agent's total; empty for an unknown agent. */
  public Resources total(String agentId) {
    AgentState agent = agents.get(agentId);
    return agent == null ? Resources.empty() : agent.total;
  }

  /** Ids of the agents, in the order they were added. */
  public Set<String> agentIds() {
    return Set.copyOf(agents.keySet());
  }

  @Override
  public Resources total() {
    return holdings.total;
  }

  @Override
  public Resources allocatedTotal() {
    return holdings.allocatedTotal(agents.values());
  }

  @Override
  public int activeFilters(String role) {
    return filters.active(role);
  }

  @Override
  public List<SkipReason> lastRunDecisions() {
    return decisions.entries();
  }

  /** How many skips of each kind the last run made, including those not kept in full. */
  public Map<SkipReason.Code, Integer> lastRunSkipCounts() {
    return decisions.counts();
  }

  @Override
  public List<SkipReason> explain(String frameworkId, String agentId, Instant now) {
    return new AllocationRun(this, now).explain(framework(frameworkId), agent(agentId));
  }

  private AgentState agent(String agentId) {
    AgentState agent = agents.get(agentId);
    if (agent == null) {
      throw new IllegalArgumentException("unknown agent " + agentId);
    }
    return agent;
  }

  private FrameworkState framework(String frameworkId) {
    FrameworkState framework = frameworks.get(frameworkId);
    if (framework == null || !framework.registered) {
      throw new IllegalArgumentException("unknown framework " + frameworkId);
    }
    return framework;
  }
}
