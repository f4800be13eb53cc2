package io.mezzo.api.v1;

import java.util.List;
import java.util.Map;

/**
 * {@code mesos.v1.OfferFilters}: what a framework asks of the offers it gets for one role
 * (FrameworkInfo {@code offer_filters}, by role). Only {@code min_allocatable_resources} exists:
 * when set, it replaces the master's minimum offer size for that framework and role.
 */
public record OfferFilters(MinAllocatableResources minAllocatableResources) {

  /**
   * An offer is big enough if it holds at least one of {@code quantities} in full; with none, any
   * offer is.
   */
  public record MinAllocatableResources(List<ResourceQuantities> quantities) {
    public MinAllocatableResources {
      quantities = quantities == null ? List.of() : quantities;
    }
  }

  /** Scalar quantities by resource name ({@code {"cpus": {"value": 1}}}), all to be met. */
  public record ResourceQuantities(Map<String, Value.Scalar> quantities) {
    public ResourceQuantities {
      quantities = quantities == null ? Map.of() : quantities;
    }
  }
}
