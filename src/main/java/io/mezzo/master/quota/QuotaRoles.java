package io.mezzo.master.quota;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The role hierarchy as quota sees it, from role names alone ({@code eng/frontend} is a child of
 * {@code eng}): Mezzo's role sorter is flat, so the subtree a parent's limit caps and the ancestors
 * whose guarantee a child's counts against are found by name prefix. Pure.
 */
public final class QuotaRoles {
  private QuotaRoles() {}

  /** Whether {@code role} is {@code root} or below it ({@code eng/frontend} is in {@code eng}). */
  public static boolean inSubtree(String role, String root) {
    return role.equals(root)
        || (role.length() > root.length()
            && role.startsWith(root)
            && role.charAt(root.length()) == '/');
  }

  /** {@code role} and its ancestors, the role first: {@code a/b/c, a/b, a}. */
  public static List<String> selfAndAncestors(String role) {
    List<String> out = new ArrayList<>(3);
    String r = role;
    while (true) {
      out.add(r);
      int slash = r.lastIndexOf('/');
      if (slash < 0) {
        return out;
      }
      r = r.substring(0, slash);
    }
  }

  /**
   * The nearest proper ancestor of {@code role} that has a config in {@code quotas}, or null: the
   * role whose guarantee {@code role}'s guarantee counts against.
   */
  public static String quotaParent(String role, Map<String, QuotaConfig> quotas) {
    List<String> line = selfAndAncestors(role);
    for (int i = 1; i < line.size(); i++) {
      if (quotas.containsKey(line.get(i))) {
        return line.get(i);
      }
    }
    return null;
  }

  /**
   * The farthest ancestor-or-self of {@code role} with a config in {@code quotas}, or null: the one
   * whose unmet guarantee is counted in the headroom (its descendants' guarantees are within it).
   */
  public static String quotaTop(String role, Map<String, QuotaConfig> quotas) {
    String top = null;
    for (String r : selfAndAncestors(role)) {
      if (quotas.containsKey(r)) {
        top = r;
      }
    }
    return top;
  }
}
