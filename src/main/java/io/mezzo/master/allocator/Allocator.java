package io.mezzo.master.allocator;

import io.mezzo.core.resources.Resources;
import io.mezzo.master.quota.QuotaConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides <em>what</em> to offer: keeps every agent's total and what is allocated (offered or used)
 * to each framework, and on each run turns available resources into {@link Allocation}s that the
 * master sends as offers. Who goes first is a {@link io.mezzo.master.allocator.sorter.Sorter}'s
 * business. Semantics follow Mesos's hierarchical allocator (MESOS-API.md §5.1, §2.10).
 *
 * <p>Threading: not thread-safe. The master's single allocator context is the only caller; every
 * method is a pure state change or a pure decision over the current state, with time passed in.
 *
 * <p>Ids: agents and frameworks are plain id strings. Methods changing a framework or agent throw
 * {@link IllegalArgumentException} for an unknown id, except {@code remove*} and {@link
 * #recoverResources}, which are no-ops for ids already removed (a late message is not an error).
 *
 * <p>Invariant: on every agent, the allocations of all frameworks plus the available resources
 * equal the agent's total, and no resource is allocated twice.
 */
public interface Allocator {

  /**
   * Adds an agent. {@code usedByFramework} are resources of tasks already running there (an agent
   * re-registering after master failover); they count as allocated, even to frameworks not yet
   * added, and are charged to a framework's roles once it is added: reserved resources to their
   * role, unreserved ones to the framework's first role in name order.
   *
   * @throws IllegalStateException if the agent is already present
   * @throws IllegalArgumentException if the used resources are not contained in the total
   */
  void addAgent(String agentId, Resources total, Map<String, Resources> usedByFramework);

  /** Removes an agent with its allocations and filters; a no-op for an unknown agent. */
  void removeAgent(String agentId);

  /** Stops offering the agent's resources (allocations stay); idempotent. */
  void deactivateAgent(String agentId);

  /** Offers the agent's resources again; idempotent. */
  void activateAgent(String agentId);

  /**
   * Adds a framework subscribed to {@code roles} (non-empty), of which {@code suppressedRoles} get
   * no offers.
   *
   * @throws IllegalStateException if the framework is already added
   * @throws IllegalArgumentException if roles is empty or suppressedRoles is not a subset of it
   */
  void addFramework(
      String frameworkId, Set<String> roles, Set<String> suppressedRoles, boolean active);

  /**
   * Replaces the framework's roles and suppressed roles (Mesos {@code UPDATE_FRAMEWORK}). Filters
   * of dropped roles go; allocations under dropped roles stay charged to those roles until
   * recovered.
   */
  void updateFramework(String frameworkId, Set<String> roles, Set<String> suppressedRoles);

  /**
   * Removes the framework: its allocations go back to the pool; a no-op for an unknown framework.
   */
  void removeFramework(String frameworkId);

  /** Offers resources to the framework again; idempotent. */
  void activateFramework(String frameworkId);

  /** Stops offering resources to the framework (allocations stay); idempotent. */
  void deactivateFramework(String frameworkId);

  /**
   * Stops offers to the framework for {@code roles} (empty = all its roles). Outstanding offers are
   * not affected.
   *
   * @throws IllegalArgumentException if a role is not one of the framework's
   */
  void suppressRoles(String frameworkId, Set<String> roles);

  /**
   * Unsuppresses {@code roles} (empty = all its roles) <em>and</em> clears the framework's refuse
   * filters for them.
   *
   * @throws IllegalArgumentException if a role is not one of the framework's
   */
  void reviveRoles(String frameworkId, Set<String> roles);

  /**
   * Resources allocated to (offered to or used by) the framework on that agent come back (a
   * decline, an unused part of an accept, a finished task, a rescinded offer). A non-null {@code
   * refuse} installs a refuse filter for (framework, role, agent) and these resources: the agent is
   * not offered to the framework in that role while what it could offer is a subset of them. The
   * filter lasts max({@code refuse}, allocation interval) from {@code now}; a zero refuse installs
   * none, a negative one means Mesos's default of 5 s, and refusals beyond 365 days are capped.
   *
   * <p>A no-op if the framework or the agent is unknown (already removed).
   *
   * @throws IllegalArgumentException if the resources are not allocated to the framework there
   */
  void recoverResources(
      String frameworkId, String agentId, Resources resources, Duration refuse, Instant now);

  /**
   * A RESERVE or UNRESERVE a framework made on resources allocated to it in {@code role} on the
   * agent: that allocation and the agent's total trade {@code from} for {@code to}.
   *
   * @throws IllegalArgumentException for an unknown framework or agent, or when the framework does
   *     not hold {@code from} there in that role
   */
  void updateAllocation(
      String frameworkId, String agentId, String role, Resources from, Resources to);

  /**
   * An operator's RESERVE_RESOURCES or UNRESERVE_RESOURCES: the agent's unallocated resources and
   * its total trade {@code from} for {@code to}.
   *
   * @throws IllegalArgumentException for an unknown agent, or when {@code from} is not available
   */
  void updateAvailable(String agentId, Resources from, Resources to);

  /**
   * Whether the framework can read refined reservations (RESERVATION_REFINEMENT); frameworks are
   * taken to have it until told otherwise. A no-op for an unknown framework.
   */
  void reservationRefinement(String frameworkId, boolean capable);

  /** Sets a role's weight (default 1.0) in the DRF order of roles. */
  void setWeight(String role, double weight);

  /**
   * Replaces every role's quota (Mesos 1.9+ {@code QuotaConfig}s, by role; a role not in the map
   * has none: nothing guaranteed, nothing limited). The configs are valid ({@code QuotaValidator}'s
   * business); from the next run, guarantees are offered first, limits are never exceeded by
   * offers, and unmet guarantees' headroom is held back from other roles.
   */
  void setQuotas(Map<String, QuotaConfig> byRole);

  /** The quotas last set, by role. */
  Map<String, QuotaConfig> quotas();

  /**
   * What the role and the roles below it consume ({@code eng} counts {@code eng/frontend}), as
   * Mesos 1.9+ measures quota: the resources offered or allocated to them, and their reservations
   * nobody holds.
   */
  Resources quotaConsumed(String role);

  /**
   * Sets the framework's own minimum offer sizes by role (FrameworkInfo {@code offer_filters}'s
   * {@code min_allocatable_resources}), replacing those it had: for these roles the framework is
   * offered an agent only if what it would get satisfies its minimum, whatever the master's
   * minimum; its other roles keep the master's. An empty map restores the master's for all.
   *
   * @throws IllegalArgumentException for an unknown framework
   */
  void setOfferFilters(
      String frameworkId, Map<String, io.mezzo.core.resources.MinAllocatable> minimumsByRole);

  /** A periodic run over all agents. */
  List<Allocation> allocate(Instant now);

  /** An event-triggered run over some agents only (unknown ids are ignored). */
  List<Allocation> allocate(Instant now, Set<String> agentIds);

  // Read-only views for metrics and the UI.

  /** The role's weighted dominant share, 0 for a role with no frameworks. */
  double dominantShare(String role);

  /**
   * Everything allocated to the framework on all agents, empty if unknown. Scalars add up; ranges
   * and sets of different agents are merged as sets (port 31000 on two agents shows once).
   */
  Resources allocated(String frameworkId);

  /**
   * The scalar resources of all agents, summed (per reservation role). Ranges and sets belong to
   * one agent each and are not summed.
   */
  Resources total();

  /**
   * The scalar resources allocated (offered or used) on all agents, summed like {@link #total()}.
   */
  Resources allocatedTotal();

  /** Refuse filters of the role not yet lapsed as of the last call that was given the time. */
  int activeFilters(String role);

  /**
   * Skip reasons of the last run, in the order met; bounded, so on large clusters only the first
   * ones are kept (see {@link #explain} for one framework and agent).
   */
  List<SkipReason> lastRunDecisions();

  /**
   * Why the framework would not be offered the agent if a run happened at {@code now}: one reason
   * per role of the framework that would be skipped; empty if every role could be offered it.
   */
  List<SkipReason> explain(String frameworkId, String agentId, Instant now);
}
