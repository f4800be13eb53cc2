package io.mezzo.master.allocator;

import io.mezzo.core.resources.ResourceKey;
import io.mezzo.core.resources.ResourceValue;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.quota.QuotaConfig;
import io.mezzo.master.quota.QuotaRoles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The quota arithmetic of one allocation run (Mesos 1.9+ quota, quota.md): what each role with a
 * quota has consumed (its whole subtree by role-name prefix: unreserved resources offered or
 * allocated to it, and every reservation to it, used or not), what is unallocated and unreserved in
 * the cluster, and the <em>headroom</em> — per resource name the guarantees not yet met, summed
 * over the top-most roles with a quota — that must stay unallocated for them. {@link #fit} chops
 * what an agent could offer a role down to what its limits and the headroom allow; {@link #charge}
 * books an allocation the run made. Amounts are in thousandths, as {@link Resources} keeps scalars,
 * so "allocated + offered ≤ limit" holds exactly.
 *
 * <p>Owned by one {@link AllocationRun}; made fresh for every run from the allocator's books.
 */
final class QuotaRun {
  private final Map<String, QuotaConfig> quotas;

  /** Quota role → resource name → consumed, in thousandths. */
  private final Map<String, Map<String, Long>> consumed = new HashMap<>();

  /** Resource name → unallocated in the cluster (names some guarantee mentions). */
  private final Map<String, Long> unallocated = new HashMap<>();

  /** Resource name → unmet guarantees of the top-most quota roles, summed. */
  private final Map<String, Long> required = new HashMap<>();

  /** Role → its ancestors-or-self that have a quota, nearest first (cached). */
  private final Map<String, List<String>> lines = new HashMap<>();

  private SkipReason.Code lastCode;
  private String lastReason;

  QuotaRun(
      Map<String, QuotaConfig> quotas, Collection<RoleState> roles, Collection<AgentState> agents) {
    this.quotas = quotas;
    for (String q : quotas.keySet()) {
      consumed.put(q, new HashMap<>());
    }
    for (RoleState r : roles) {
      if (r.held.isEmpty()) {
        continue;
      }
      for (String q : line(r.name)) {
        Map<String, Long> c = consumed.get(q);
        for (int i = 0; i < r.held.size(); i++) {
          if (r.held.valueAt(i) instanceof ResourceValue.Scalar s) {
            c.merge(r.held.keyAt(i).name(), s.millis(), Long::sum);
          }
        }
      }
    }
    for (QuotaConfig q : quotas.values()) {
      q.guarantees().keySet().forEach(n -> unallocated.put(n, 0L));
    }
    for (AgentState a : agents) {
      // Reservations are consumed by their role whether used or not, so they are neither
      // headroom for others nor room the role could still be offered.
      Resources free = a.available;
      if (free.hasReservations()) {
        chargeReservations(free);
        free = free.unreserved();
      }
      for (Map.Entry<String, Long> u : unallocated.entrySet()) {
        u.setValue(u.getValue() + free.scalarMillis(u.getKey()));
      }
    }
    for (QuotaConfig q : quotas.values()) {
      if (QuotaRoles.quotaParent(q.role(), quotas) == null) {
        for (String n : q.guarantees().keySet()) {
          required.merge(n, unmet(q.role(), n), Long::sum);
        }
      }
    }
  }

  /** Books an agent's unallocated reservations to the quota roles above their roles. */
  private void chargeReservations(Resources free) {
    for (int i = 0; i < free.size(); i++) {
      ResourceKey k = free.keyAt(i);
      if (k.isReserved() && free.valueAt(i) instanceof ResourceValue.Scalar s) {
        for (String q : line(k.role())) {
          consumed.get(q).merge(k.name(), s.millis(), Long::sum);
        }
      }
    }
  }

  /** The role's ancestors-or-self with a quota, nearest first. */
  private List<String> line(String role) {
    List<String> l = lines.get(role);
    if (l == null) {
      l = new ArrayList<>(2);
      for (String r : QuotaRoles.selfAndAncestors(role)) {
        if (quotas.containsKey(r)) {
          l.add(r);
        }
      }
      lines.put(role, l);
    }
    return l;
  }

  private static long millis(double v) {
    return Math.round(v * 1000d);
  }

  private long consumed(String quotaRole, String name) {
    return consumed.get(quotaRole).getOrDefault(name, 0L);
  }

  /** What is left of the quota role's guarantee of {@code name}, never below 0. */
  private long unmet(String quotaRole, String name) {
    return Math.max(0, millis(quotas.get(quotaRole).guarantee(name)) - consumed(quotaRole, name));
  }

  /**
   * The nearest ancestor-or-self of the role whose guarantee is not met in some name: the first
   * stage offers the role resources up to that guarantee; null if there is none.
   */
  String unmetGuarantor(String role) {
    for (String q : line(role)) {
      for (String n : quotas.get(q).guarantees().keySet()) {
        if (unmet(q, n) > 0) {
          return q;
        }
      }
    }
    return null;
  }

  /**
   * What of {@code candidate} (an agent's resources allocatable to {@code role}) the role may be
   * offered: each scalar name is chopped to the room left under every limit of the role's
   * ancestors-or-self, and to what the headroom spares (the unmet guarantees of other roles stay
   * unallocated; the role's own unmet guarantee does not hold it back). In the guarantee stage the
   * names its {@code guarantor} guarantees are chopped to the unmet part instead, and an offer that
   * would meet none of it is empty (and {@link #lastCode} null: the fair-share stage still looks at
   * the role). Non-scalar resources pass whole, but not alone. When the answer is empty, {@link
   * #lastCode}/{@link #lastReason} say why.
   */
  Resources fit(String role, Resources candidate, String guarantor) {
    List<String> mine = line(role);
    String top = mine.isEmpty() ? null : mine.get(mine.size() - 1);
    Map<String, Long> room = new TreeMap<>();
    String limitedBy = null;
    String heldFor = null;
    boolean meetsGuarantee = false;
    for (int i = 0; i < candidate.size(); i++) {
      if (!(candidate.valueAt(i) instanceof ResourceValue.Scalar)
          || candidate.keyAt(i).isReserved()) {
        continue;
      }
      String n = candidate.keyAt(i).name();
      if (room.containsKey(n)) {
        continue;
      }
      long cap = Long.MAX_VALUE;
      for (String q : mine) {
        double limit = quotas.get(q).limit(n);
        if (!Double.isInfinite(limit)) {
          long left = Math.max(0, millis(limit) - consumed(q, n));
          if (left < cap) {
            cap = left;
            if (left == 0) {
              limitedBy = q + "'s limit " + n + ":" + limit + " is reached";
            }
          }
        }
      }
      if (guarantor != null && quotas.get(guarantor).guarantees().containsKey(n)) {
        long unmet = unmet(guarantor, n);
        cap = Math.min(cap, unmet);
        meetsGuarantee |= cap > 0 && candidate.scalarMillis(n) > 0;
      } else {
        long need = required.getOrDefault(n, 0L);
        if (need > 0) {
          long own = top == null ? 0 : unmet(top, n);
          long spare = Math.max(0, unallocated.getOrDefault(n, 0L) - need) + own;
          if (spare < cap) {
            cap = spare;
            if (spare == 0) {
              heldFor = n + ":" + need / 1000d;
            }
          }
        }
      }
      room.put(n, cap);
    }
    Resources.Builder out = Resources.builder();
    boolean chopped = false;
    for (int i = 0; i < candidate.size(); i++) {
      ResourceKey k = candidate.keyAt(i);
      ResourceValue v = candidate.valueAt(i);
      Long cap = room.get(k.name());
      if (cap == null || k.isReserved() || !(v instanceof ResourceValue.Scalar s)) {
        // A role's reservations are consumed already: offering them takes no room.
        out.add(k, v);
        continue;
      }
      long take = Math.min(cap, s.millis());
      if (take > 0) {
        out.add(k, new ResourceValue.Scalar(take));
      }
      room.put(k.name(), cap - take);
      chopped |= take < s.millis();
    }
    Resources fitted = chopped ? out.build() : candidate;
    if (guarantor != null && !meetsGuarantee) {
      // Not a skip: the fair-share stage still looks at the role.
      lastCode = null;
      lastReason = null;
      return Resources.empty();
    }
    if (limitedBy != null) {
      lastCode = SkipReason.Code.QUOTA_LIMIT;
      lastReason = "role " + limitedBy;
    } else if (heldFor != null) {
      lastCode = SkipReason.Code.QUOTA_HEADROOM;
      lastReason = "held back as headroom for unmet quota guarantees (" + heldFor + " needed)";
    } else {
      lastCode = null;
      lastReason = null;
    }
    if (fitted.scalars().isEmpty() && !candidate.scalars().isEmpty()) {
      if (lastCode == null) {
        lastCode = SkipReason.Code.NO_RESOURCES;
        lastReason = "nothing allocatable to the role fits its quota";
      }
      return Resources.empty();
    }
    return fitted;
  }

  /**
   * Why the last {@link #fit} offered nothing, or (when it offered something) which resource it
   * chopped to nothing; null if it chopped nothing away whole.
   */
  SkipReason.Code lastCode() {
    return lastCode;
  }

  String lastReason() {
    return lastReason;
  }

  /**
   * Books {@code resources} allocated to {@code role} by this run; reserved ones were booked as
   * consumed when the run began.
   */
  void charge(String role, Resources resources) {
    List<String> mine = line(role);
    String top = mine.isEmpty() ? null : mine.get(mine.size() - 1);
    for (int i = 0; i < resources.size(); i++) {
      if (!(resources.valueAt(i) instanceof ResourceValue.Scalar s)
          || resources.keyAt(i).isReserved()) {
        continue;
      }
      String n = resources.keyAt(i).name();
      long before = top == null ? 0 : unmet(top, n);
      for (String q : mine) {
        consumed.get(q).merge(n, s.millis(), Long::sum);
      }
      unallocated.computeIfPresent(n, (k, u) -> u - s.millis());
      if (top != null && required.containsKey(n)) {
        required.merge(n, unmet(top, n) - before, Long::sum);
      }
    }
  }
}
