package io.mezzo.master.allocator;

import io.mezzo.core.resources.Resources;
import io.mezzo.master.allocator.SkipReason.Code;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One allocation run (Mesos {@code HierarchicalAllocatorProcess::__allocate}): for each candidate
 * agent in shuffled order, for each role in DRF order, the agent's available resources allocatable
 * to the role go to the first framework of the role, in DRF order, that no refuse filter keeps
 * away; suppressed roles and inactive frameworks are not in the sorters' active order at all.
 * Offers below the minimum allocatable size are not made.
 *
 * <p>With quotas set, each agent is walked twice, as Mesos does: first only the roles below a
 * guarantee, each offered up to what it lacks of it; then every role by fair share. In both stages
 * an offer is chopped to the role's limits and to the headroom that unmet guarantees need ({@link
 * QuotaRun}); an agent a role got nothing of for quota reasons is not cached as idle, since what
 * the quota allows changes with allocations elsewhere.
 *
 * <p>The loop allocates nothing per skipped framework: the sorters are walked in place, the
 * offerable resources are computed once per (agent, role), and an agent that nobody could take and
 * that has not changed since is skipped whole (see {@link AgentState#idle}).
 */
final class AllocationRun {
  private final HierarchicalDrfAllocator allocator;
  private final Instant now;
  private final DecisionLog log;
  private List<Allocation> result;
  private final Predicate<String> roleVisitor = this::visitRole;
  private final Predicate<String> frameworkVisitor = this::visitFramework;

  // The agent being examined.
  private AgentState agent;
  private boolean allocatedHere;
  private Instant earliestLapse;
  private String[] chargedRoles = new String[4];
  private Resources[] chargedResources = new Resources[4];
  private int charged;

  // The role being examined on that agent.
  private IndexBits refusedBits;
  private FrameworkState chosen;
  private final List<String> openIds = new ArrayList<>();
  private String currentRole;
  private Resources candidate;
  private boolean globalOk;
  private boolean sized;

  // Quota: null when no role has one (the run is then exactly the one without quota).
  private QuotaRun quota;
  private boolean guaranteeStage;
  private boolean quotaHeld;

  AllocationRun(HierarchicalDrfAllocator allocator, Instant now) {
    this.allocator = allocator;
    this.now = now;
    this.log = allocator.decisions;
  }

  List<Allocation> run(Collection<AgentState> candidates) {
    result = new ArrayList<>(candidates.size());
    allocator.filters.expire(now);
    log.startRun();
    recordFrameworkSkips();
    quota = quotaRun();
    AgentState[] order = candidates.toArray(new AgentState[0]);
    for (int i = order.length - 1; i > 0; i--) {
      int j = allocator.random.nextInt(i + 1);
      AgentState t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (AgentState a : order) {
      visitAgent(a);
    }
    return result;
  }

  /** Inactive frameworks and suppressed roles are skipped for every agent; say so once. */
  private void recordFrameworkSkips() {
    for (FrameworkState f : allocator.frameworks.values()) {
      if (!f.registered) {
        continue;
      }
      if (!f.active) {
        skip(Code.FRAMEWORK_INACTIVE, f.id, null, null, "framework is not active");
      } else {
        for (String r : f.suppressed) {
          skip(Code.ROLE_SUPPRESSED, f.id, r, null, "offers are suppressed");
        }
      }
    }
  }

  private void visitAgent(AgentState a) {
    if (!a.active) {
      skip(Code.AGENT_INACTIVE, null, null, a.id, "agent is deactivated");
      return;
    }
    if (a.available.isEmpty()) {
      skip(Code.NO_RESOURCES, null, null, a.id, "everything is offered or in use");
      return;
    }
    if (a.idle(allocator.epoch, now)) {
      skip(
          Code.AGENT_UNCHANGED,
          null,
          null,
          a.id,
          "nothing changed since a run that could offer it to no one");
      return;
    }
    agent = a;
    allocatedHere = false;
    earliestLapse = Instant.MAX;
    charged = 0;
    quotaHeld = false;
    if (quota != null) {
      guaranteeStage = true;
      allocator.holdings.roleSorter.forEachInOrder(roleVisitor);
      chargeRoles();
      guaranteeStage = false;
    }
    if (!a.available.isEmpty()) {
      allocator.holdings.roleSorter.forEachInOrder(roleVisitor);
    }
    chargeRoles();
    if (quotaHeld) {
      a.forgetIdle();
    } else if (allocatedHere) {
      a.forgetIdle();
    } else {
      a.markIdle(allocator.epoch, earliestLapse);
    }
  }

  /** Charges the role sorter with what the walk just finished allocated on the agent. */
  private void chargeRoles() {
    for (int i = 0; i < charged; i++) {
      allocator.holdings.chargeRole(chargedRoles[i], agent.id, chargedResources[i]);
      chargedResources[i] = null;
    }
    charged = 0;
  }

  private QuotaRun quotaRun() {
    return allocator.quotas.isEmpty()
        ? null
        : new QuotaRun(
            allocator.quotas, allocator.holdings.roles.values(), allocator.agents.values());
  }

  private boolean visitRole(String roleName) {
    Resources candidate = agent.available.allocatableTo(roleName);
    if (candidate.isEmpty()) {
      return true;
    }
    if (quota != null) {
      String guarantor = null;
      if (guaranteeStage) {
        guarantor = quota.unmetGuarantor(roleName);
        if (guarantor == null) {
          return true;
        }
      }
      if (allocator.holdings.roles.get(roleName).active.count() == 0) {
        return true;
      }
      Resources fitted = quota.fit(roleName, candidate, guarantor);
      if (fitted.isEmpty()) {
        if (quota.lastCode() != null) {
          quotaHeld = true;
          skip(quota.lastCode(), null, roleName, agent.id, quota.lastReason());
        }
        return true;
      }
      candidate = fitted;
    }
    boolean globalOk = allocator.config.minAllocatable().isSatisfiedBy(candidate);
    // Frameworks with their own minimum (offer_filters) may take what the master's refuses, or
    // refuse what it takes; only then is each open framework's size checked.
    sized = allocator.sizedFrameworks > 0;
    this.globalOk = globalOk;
    this.candidate = candidate;
    if (!globalOk && !sized) {
      if (quota != null && quota.lastCode() != null) {
        // Quota chopped the rest away: say so, rather than blame the minimum alone.
        quotaHeld = true;
        skip(
            quota.lastCode(),
            null,
            roleName,
            agent.id,
            quota.lastReason() + "; what is left (" + candidate + ") is below the minimum");
        return true;
      }
      if (log.keeping()) {
        skip(
            Code.BELOW_MIN_ALLOCATABLE,
            null,
            roleName,
            agent.id,
            candidate + " is below the minimum allocatable " + allocator.config.minAllocatable());
      } else {
        log.count(Code.BELOW_MIN_ALLOCATABLE, 1);
      }
      return true;
    }
    RoleState rs = allocator.holdings.roles.get(roleName);
    int active = rs.active.count();
    if (active == 0) {
      return true;
    }
    BlockedFrameworks refused = agent.blockedFor(roleName, candidate, now);
    int open = rs.active.countAndNot(refused.bits);
    if (open < active) {
      if (refused.until.isBefore(earliestLapse)) {
        earliestLapse = refused.until;
      }
      recordRefused(rs, refused, candidate, active - open);
    }
    if (open == 0) {
      return true;
    }
    FrameworkState winner;
    if (open <= allocator.sparseLimit) {
      // Few frameworks are still open: pick among them rather than walk past the refused ones.
      openIds.clear();
      for (int i = rs.active.nextSetAndNot(refused.bits, 0);
          i >= 0;
          i = rs.active.nextSetAndNot(refused.bits, i + 1)) {
        FrameworkState f = allocator.holdings.byIndex[i];
        if (!sized || f.takes(roleName, candidate, globalOk)) {
          openIds.add(f.id);
        }
      }
      String first = rs.frameworks.firstOf(openIds);
      winner = first == null ? null : allocator.frameworks.get(first);
    } else {
      refusedBits = refused.bits;
      chosen = null;
      currentRole = roleName;
      rs.frameworks.forEachInOrder(frameworkVisitor);
      winner = chosen;
    }
    if (winner == null && sized) {
      // Every open framework wants a bigger offer of this role than the agent has.
      log.count(Code.BELOW_MIN_ALLOCATABLE, 1);
      return true;
    }
    if (winner == null) {
      throw new IllegalStateException(
          "role " + roleName + " has " + open + " open frameworks but the sorter chose none");
    }
    if (!winner.reservationRefinement && candidate.hasRefinedReservations()) {
      // It could not read them: they wait for a framework that can.
      candidate = candidate.withoutRefinedReservations();
      if (candidate.isEmpty()) {
        return true;
      }
    }
    allocator.holdings.track(winner, agent, roleName, candidate, false);
    if (charged == chargedRoles.length) {
      chargedRoles = Arrays.copyOf(chargedRoles, charged * 2);
      chargedResources = Arrays.copyOf(chargedResources, charged * 2);
    }
    chargedRoles[charged] = roleName;
    chargedResources[charged++] = candidate;
    result.add(new Allocation(winner.id, roleName, agent.id, candidate));
    if (quota != null) {
      quota.charge(roleName, candidate);
    }
    allocatedHere = true;
    // Once nothing is left, no later role can get anything here.
    return !agent.available.isEmpty();
  }

  /** Walks the DRF order past refused frameworks (a bit test each) to the first open one. */
  private boolean visitFramework(String frameworkId) {
    FrameworkState f = allocator.frameworks.get(frameworkId);
    if (refusedBits.get(f.index) || (sized && !f.takes(currentRole, candidate, globalOk))) {
      return true;
    }
    chosen = f;
    return false;
  }

  /** Counts the refused frameworks, and names them while the log still keeps reasons in full. */
  private void recordRefused(RoleState rs, BlockedFrameworks refused, Resources candidate, int n) {
    int kept = 0;
    for (int i = rs.active.nextSetAnd(refused.bits, 0);
        i >= 0 && log.keeping();
        i = rs.active.nextSetAnd(refused.bits, i + 1)) {
      FrameworkState f = allocator.holdings.byIndex[i];
      RefuseFilters.Filter chain = agent.filterChain(f.id);
      RefuseFilters.Filter blocking =
          chain == null ? null : chain.blocking(rs.name, candidate, now);
      log.add(
          new SkipReason(
              Code.FILTERED,
              f.id,
              rs.name,
              agent.id,
              blocking == null
                  ? "refused (filter)"
                  : "refused until " + blocking.until + " (declined " + blocking.refused + ")"));
      kept++;
    }
    log.count(Code.FILTERED, n - kept);
  }

  private void skip(Code code, String frameworkId, String roleName, String agentId, String detail) {
    if (log.keeping()) {
      log.add(new SkipReason(code, frameworkId, roleName, agentId, detail));
    } else {
      log.count(code, 1);
    }
  }

  /**
   * See {@link Allocator#explain}: the checks of a run, for one framework and agent, without side
   * effects.
   */
  List<SkipReason> explain(FrameworkState f, AgentState a) {
    List<SkipReason> out = new ArrayList<>();
    QuotaRun q = quotaRun();
    if (!a.active) {
      out.add(new SkipReason(Code.AGENT_INACTIVE, f.id, null, a.id, "agent is deactivated"));
    }
    if (!f.active) {
      out.add(new SkipReason(Code.FRAMEWORK_INACTIVE, f.id, null, a.id, "framework is not active"));
    }
    for (String r : new TreeSet<>(f.roles)) {
      Resources candidate = a.available.allocatableTo(r);
      RefuseFilters.Filter chain = a.filterChain(f.id);
      RefuseFilters.Filter blocking = chain == null ? null : chain.blocking(r, candidate, now);
      if (f.suppressed.contains(r)) {
        out.add(new SkipReason(Code.ROLE_SUPPRESSED, f.id, r, a.id, "offers are suppressed"));
      } else if (candidate.isEmpty()) {
        out.add(holders(f, r, a));
      } else if (!f.takes(
          r, candidate, allocator.config.minAllocatable().isSatisfiedBy(candidate))) {
        out.add(
            new SkipReason(
                Code.BELOW_MIN_ALLOCATABLE,
                f.id,
                r,
                a.id,
                candidate
                    + " is below the minimum allocatable "
                    + f.minimums.getOrDefault(r, allocator.config.minAllocatable())));
      } else if (q != null && q.fit(r, candidate, null).isEmpty() && q.lastCode() != null) {
        out.add(new SkipReason(q.lastCode(), f.id, r, a.id, q.lastReason()));
      } else if (blocking != null) {
        out.add(
            new SkipReason(
                Code.FILTERED,
                f.id,
                r,
                a.id,
                "refused until " + blocking.until + " (declined " + blocking.refused + ")"));
      }
    }
    return out;
  }

  private static SkipReason holders(FrameworkState f, String r, AgentState a) {
    StringBuilder who = new StringBuilder();
    for (Map.Entry<String, Map<String, Resources>> e : a.allocations.entrySet()) {
      if (!e.getKey().equals(f.id)) {
        for (String heldRole : e.getValue().keySet()) {
          who.append(who.length() == 0 ? "" : ", ")
              .append(e.getKey())
              .append(" (role ")
              .append(heldRole)
              .append(')');
        }
      }
    }
    if (who.length() == 0) {
      return new SkipReason(
          Code.NO_RESOURCES, f.id, r, a.id, "nothing allocatable to the role is available");
    }
    return new SkipReason(
        Code.TAKEN_BY_OTHERS, f.id, r, a.id, "what the role could use is allocated to " + who);
  }
}
