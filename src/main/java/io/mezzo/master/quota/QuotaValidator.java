package io.mezzo.master.quota;

import io.mezzo.master.scheduler.RoleNames;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a quota update (UPDATE_QUOTA, or the deprecated SET_QUOTA/REMOVE_QUOTA) and says what the
 * quotas become. Pure: the caller passes the quotas as they are and the cluster's scalar totals.
 *
 * <p>The rules, as Mesos 1.9+ has them: each role name is valid and not {@code *}; no role appears
 * twice in one update; amounts are finite and not negative; names are scalar resources (not {@code
 * ports} or another name the cluster holds as ranges or a set); per name the guarantee is at most
 * the limit; a child's limit is at most its parent's; the guarantees of a role's quota children sum
 * to at most its own guarantee; and, unless {@code force}, the top-level guarantees together fit in
 * the cluster's total. A config with neither guarantees nor limits removes the role's quota.
 */
public final class QuotaValidator {
  private QuotaValidator() {}

  /** Either the quotas after the update or the reason it is refused (nothing changes then). */
  public record Result(Map<String, QuotaConfig> quotas, String problem) {
    public static Result refused(String problem) {
      return new Result(null, "Invalid QuotaConfig: " + problem);
    }

    public boolean ok() {
      return problem == null;
    }
  }

  /**
   * @param current the quotas as they are, by role
   * @param update the configs of the call
   * @param clusterTotal scalar resource name → the cluster's total
   * @param nonScalarNames names the cluster holds as ranges or sets
   * @param force whether to skip the capacity check, as Mesos's {@code force}
   */
  public static Result update(
      Map<String, QuotaConfig> current,
      List<QuotaConfig> update,
      Map<String, Double> clusterTotal,
      Set<String> nonScalarNames,
      boolean force) {
    Set<String> seen = new HashSet<>();
    for (QuotaConfig c : update) {
      Optional<String> p = checkOne(c, nonScalarNames);
      if (p.isPresent()) {
        return Result.refused(p.get());
      }
      if (!seen.add(c.role())) {
        return Result.refused("role '" + c.role() + "' appears more than once in one update");
      }
    }
    Map<String, QuotaConfig> next = new TreeMap<>(current);
    for (QuotaConfig c : update) {
      if (c.isDefault()) {
        next.remove(c.role());
      } else {
        next.put(c.role(), c);
      }
    }
    Optional<String> p = checkTree(next);
    if (p.isPresent()) {
      return Result.refused(p.get());
    }
    if (!force) {
      p = checkCapacity(next, seen, clusterTotal);
      if (p.isPresent()) {
        return Result.refused(p.get());
      }
    }
    return new Result(next, null);
  }

  private static Optional<String> checkOne(QuotaConfig c, Set<String> nonScalarNames) {
    if ("*".equals(c.role())) {
      return Optional.of("setting quota on the default role '*' is not supported");
    }
    Optional<String> bad = RoleNames.problem(c.role());
    if (bad.isPresent()) {
      return Optional.of(bad.get());
    }
    for (var kind :
        List.of(Map.entry("guarantee", c.guarantees()), Map.entry("limit", c.limits()))) {
      for (Map.Entry<String, Double> e : kind.getValue().entrySet()) {
        String where = kind.getKey() + " of '" + e.getKey() + "' for role '" + c.role() + "'";
        if (e.getKey().isEmpty()) {
          return Optional.of("a " + kind.getKey() + " of role '" + c.role() + "' has no name");
        }
        if (e.getKey().equals("ports") || nonScalarNames.contains(e.getKey())) {
          return Optional.of(
              where + ": quota applies to scalar resources only (cpus, mem, disk, gpus, ...)");
        }
        Double v = e.getValue();
        if (v == null || v.isNaN() || v.isInfinite()) {
          return Optional.of(where + " is not a finite number");
        }
        if (v < 0) {
          return Optional.of(where + " is negative (" + v + ")");
        }
      }
    }
    for (Map.Entry<String, Double> g : c.guarantees().entrySet()) {
      if (g.getValue() > c.limit(g.getKey())) {
        return Optional.of(
            "role '"
                + c.role()
                + "': guarantee "
                + g.getKey()
                + ":"
                + g.getValue()
                + " is above its limit "
                + g.getKey()
                + ":"
                + c.limit(g.getKey()));
      }
    }
    return Optional.empty();
  }

  /** Children's guarantees within their parent's, children's limits within their parent's. */
  private static Optional<String> checkTree(Map<String, QuotaConfig> quotas) {
    Map<String, Map<String, Double>> childGuarantees = new TreeMap<>();
    for (QuotaConfig c : quotas.values()) {
      String parent = QuotaRoles.quotaParent(c.role(), quotas);
      if (parent == null) {
        continue;
      }
      QuotaConfig p = quotas.get(parent);
      for (Map.Entry<String, Double> l : c.limits().entrySet()) {
        if (l.getValue() > p.limit(l.getKey())) {
          return Optional.of(
              "role '"
                  + c.role()
                  + "': limit "
                  + l.getKey()
                  + ":"
                  + l.getValue()
                  + " is above the limit of its parent '"
                  + parent
                  + "' ("
                  + l.getKey()
                  + ":"
                  + p.limit(l.getKey())
                  + ")");
        }
      }
      Map<String, Double> sum = childGuarantees.computeIfAbsent(parent, k -> new TreeMap<>());
      c.guarantees().forEach((n, v) -> sum.merge(n, v, Double::sum));
    }
    for (Map.Entry<String, Map<String, Double>> e : childGuarantees.entrySet()) {
      QuotaConfig p = quotas.get(e.getKey());
      for (Map.Entry<String, Double> s : e.getValue().entrySet()) {
        if (s.getValue() > p.guarantee(s.getKey()) + 1e-9) {
          return Optional.of(
              "the guarantees of the children of role '"
                  + e.getKey()
                  + "' add up to "
                  + s.getKey()
                  + ":"
                  + s.getValue()
                  + ", above its own guarantee "
                  + s.getKey()
                  + ":"
                  + p.guarantee(s.getKey()));
        }
      }
    }
    return Optional.empty();
  }

  /** The top-level guarantees fit in the cluster (the roles being updated are named). */
  private static Optional<String> checkCapacity(
      Map<String, QuotaConfig> quotas, Set<String> updated, Map<String, Double> clusterTotal) {
    Map<String, Double> sum = topGuarantees(quotas);
    for (String role : new TreeSet<>(updated)) {
      QuotaConfig c = quotas.get(role);
      if (c == null) {
        continue;
      }
      for (Map.Entry<String, Double> g : c.guarantees().entrySet()) {
        double total = clusterTotal.getOrDefault(g.getKey(), 0.0);
        double all = sum.getOrDefault(g.getKey(), 0.0);
        if (g.getValue() > 0 && all > total + 1e-9) {
          return Optional.of(
              "guarantee "
                  + g.getKey()
                  + ":"
                  + g.getValue()
                  + " of role '"
                  + role
                  + "' does not fit: the roles' guarantees would add up to "
                  + g.getKey()
                  + ":"
                  + all
                  + " but the cluster has "
                  + g.getKey()
                  + ":"
                  + total
                  + " (pass 'force' to set it anyway)");
        }
      }
    }
    return Optional.empty();
  }

  /** Per name, the guarantees of the roles no ancestor of which has a quota, summed. */
  public static Map<String, Double> topGuarantees(Map<String, QuotaConfig> quotas) {
    Map<String, Double> sum = new TreeMap<>();
    for (QuotaConfig c : quotas.values()) {
      if (QuotaRoles.quotaParent(c.role(), quotas) == null) {
        c.guarantees().forEach((n, v) -> sum.merge(n, v, Double::sum));
      }
    }
    return sum;
  }
}
