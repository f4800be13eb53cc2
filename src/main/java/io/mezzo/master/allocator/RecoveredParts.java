package io.mezzo.master.allocator;

import io.mezzo.core.resources.Resources;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** How resources a framework gives back divide over the roles it holds them under. Pure. */
final class RecoveredParts {
  private RecoveredParts() {}

  /**
   * Splits recovered resources over the roles they were allocated under (roles in name order take
   * what they hold first), or null if they are not all allocated. Checked before any change, so a
   * bad call changes nothing.
   */
  static Map<String, Resources> splitByRole(Map<String, Resources> byRole, Resources resources) {
    if (byRole.size() == 1) {
      // The common case, one role per framework and agent, without intersections.
      Map.Entry<String, Resources> only = byRole.entrySet().iterator().next();
      return only.getValue().contains(resources) ? Map.of(only.getKey(), resources) : null;
    }
    Map<String, Resources> parts = new TreeMap<>();
    Resources rest = resources;
    for (String role : new TreeSet<>(byRole.keySet())) {
      Resources part = rest.intersect(byRole.get(role));
      if (!part.isEmpty()) {
        parts.put(role, part);
        rest = rest.minus(part);
      }
    }
    return rest.isEmpty() ? parts : null;
  }
}
