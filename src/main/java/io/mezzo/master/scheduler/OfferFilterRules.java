package io.mezzo.master.scheduler;

import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.OfferFilters;
import io.mezzo.api.v1.Value;
import io.mezzo.core.resources.MinAllocatable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A framework's {@code offer_filters}: checked on SUBSCRIBE and UPDATE_FRAMEWORK, and turned into
 * the per-role minimum offer sizes the allocator honours. As in Mesos, a role's {@code
 * min_allocatable_resources} replaces the master's {@code min-allocatable-resources} for that
 * framework and role: an offer is made only if it holds one of the quantities in full, and any
 * offer is if the list is empty. Each quantity must name at least one scalar resource with a finite
 * value of 0 or more. Mezzo also refuses filters for a role the framework is not subscribed to,
 * which could never apply. Pure.
 */
public final class OfferFilterRules {
  private OfferFilterRules() {}

  /** What is wrong with the framework's offer filters, or empty. */
  public static Optional<String> problem(FrameworkInfo info) {
    List<String> roles = info.effectiveRoles();
    for (Map.Entry<String, OfferFilters> e : info.offerFiltersByRole().entrySet()) {
      String at = "'FrameworkInfo.offer_filters[" + e.getKey() + "]'";
      if (!roles.contains(e.getKey())) {
        return Optional.of(
            at + " names a role the framework is not subscribed to (its roles: " + roles + ")");
      }
      try {
        minimum(e.getValue());
      } catch (IllegalArgumentException bad) {
        return Optional.of(at + " is invalid: " + bad.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * The minimum offer size by role for the roles whose filters set {@code
   * min_allocatable_resources}; other roles keep the master's. Call on valid filters only.
   */
  public static Map<String, MinAllocatable> minimums(FrameworkInfo info) {
    Map<String, MinAllocatable> out = new LinkedHashMap<>();
    info.offerFiltersByRole()
        .forEach(
            (role, filters) -> {
              MinAllocatable min = minimum(filters);
              if (min != null) {
                out.put(role, min);
              }
            });
    return out;
  }

  /** The filters' minimum, or null if they set none. */
  private static MinAllocatable minimum(OfferFilters filters) {
    if (filters == null || filters.minAllocatableResources() == null) {
      return null;
    }
    List<Map<String, Double>> alternatives = new ArrayList<>();
    List<OfferFilters.ResourceQuantities> quantities =
        filters.minAllocatableResources().quantities();
    for (int i = 0; i < quantities.size(); i++) {
      OfferFilters.ResourceQuantities q = quantities.get(i);
      if (q == null || q.quantities().isEmpty()) {
        throw new IllegalArgumentException(
            "min_allocatable_resources.quantities[" + i + "] names no resource");
      }
      Map<String, Double> alt = new LinkedHashMap<>();
      for (Map.Entry<String, Value.Scalar> s : q.quantities().entrySet()) {
        alt.put(s.getKey(), s.getValue() == null ? null : s.getValue().value());
      }
      alternatives.add(alt);
    }
    return MinAllocatable.of(alternatives);
  }
}
