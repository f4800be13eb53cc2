package io.mezzo.master.quota;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The quota of one role ({@code mesos.v1.quota.QuotaConfig}, Mesos 1.9+): per scalar resource name
 * a guarantee (what the allocator sets aside for the role, and offers it first) and a limit (what
 * the role's subtree may never be allocated beyond). A name without a guarantee is guaranteed 0; a
 * name without a limit is unlimited. A config with neither is the default quota, which Mesos stores
 * as no quota at all.
 *
 * <p>Immutable; the maps are sorted by name so that views and the registry are stable. Validity
 * (guarantee ≤ limit, no negative amounts, hierarchy rules) is {@link QuotaValidator}'s business:
 * this record holds whatever it is given, so that the registry can always be read back.
 *
 * @param role the role, possibly hierarchical ({@code eng/frontend})
 * @param guarantees resource name → amount guaranteed
 * @param limits resource name → amount the role's subtree may hold at most
 */
public record QuotaConfig(String role, Map<String, Double> guarantees, Map<String, Double> limits) {
  public QuotaConfig {
    Objects.requireNonNull(role, "a quota config names its role");
    guarantees = sorted(guarantees);
    limits = sorted(limits);
  }

  private static Map<String, Double> sorted(Map<String, Double> m) {
    SortedMap<String, Double> s = new TreeMap<>();
    if (m != null) {
      s.putAll(m);
    }
    return Collections.unmodifiableSortedMap(s);
  }

  /** What is guaranteed of {@code name}, 0 if nothing is. */
  public double guarantee(String name) {
    return guarantees.getOrDefault(name, 0.0);
  }

  /** The limit on {@code name}, {@link Double#POSITIVE_INFINITY} if there is none. */
  public double limit(String name) {
    return limits.getOrDefault(name, Double.POSITIVE_INFINITY);
  }

  /** The default quota (nothing guaranteed, nothing limited): setting it removes a role's quota. */
  public boolean isDefault() {
    return guarantees.isEmpty() && limits.isEmpty();
  }
}
