package io.mezzo.master.allocator;

import io.mezzo.core.resources.Resources;
import java.time.Instant;

/**
 * For one (agent, role): the frameworks (by index) that a live refuse filter keeps from being
 * offered {@link #basis}, the resources the agent last had to offer that role. While the agent
 * still offers exactly the basis, no filter of the agent was removed, and none of the filters
 * counted has lapsed ({@link #until}), the set is exact, so a run can skip refused frameworks with
 * a bit test instead of a resource comparison, and count the frameworks still open with a few word
 * operations.
 *
 * <p>In Mesos's DeclineOffers scenario a declined agent offers the very same resources again and
 * again, so the set survives across runs and only grows by the new filters, which {@link
 * RefuseFilters#install} adds as they come.
 */
final class BlockedFrameworks {
  final IndexBits bits = new IndexBits();
  Resources basis;

  /** The earliest lapse of a filter counted here. */
  Instant until = Instant.MAX;

  /** {@link AgentState#filterVersion} when built. */
  int filterVersion = -1;

  boolean validFor(Resources offerable, int agentFilterVersion, Instant now) {
    return filterVersion == agentFilterVersion
        && (basis == offerable || (basis != null && basis.equals(offerable)))
        && now.isBefore(until);
  }

  /** Rebuilds the set from the agent's filters for {@code role}. */
  void rebuild(AgentState agent, String role, Resources offerable, Instant now) {
    bits.clearAll();
    basis = offerable;
    until = Instant.MAX;
    filterVersion = agent.filterVersion;
    for (RefuseFilters.Filter head : agent.filters.values()) {
      for (RefuseFilters.Filter f = head; f != null; f = f.next) {
        consider(f, role, now);
      }
    }
  }

  /** Counts a filter if it is for {@code role} and blocks the basis at {@code now}. */
  void consider(RefuseFilters.Filter f, String role, Instant now) {
    if (f.role.equals(role) && now.isBefore(f.until) && f.refused.contains(basis)) {
      bits.set(f.framework.index);
      if (f.until.isBefore(until)) {
        until = f.until;
      }
    }
  }
}
