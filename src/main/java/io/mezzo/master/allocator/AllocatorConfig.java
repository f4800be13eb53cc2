package io.mezzo.master.allocator;

import io.mezzo.core.resources.MinAllocatable;
import java.time.Duration;
import java.util.Objects;

/**
 * Allocator settings, the {@code mezzo.allocator.*} keys.
 *
 * @param allocationInterval time between periodic runs (Mesos {@code --allocation_interval}, 1 s);
 *     also the shortest lifetime of a refuse filter
 * @param minAllocatable smallest offer worth making ({@code --min_allocatable_resources}, {@code
 *     cpus:0.01|mem:32})
 * @param sorter {@code drf} (weighted DRF) or {@code random} (weighted random), for roles and for
 *     frameworks inside a role
 */
public record AllocatorConfig(
    Duration allocationInterval, MinAllocatable minAllocatable, String sorter) {

  public AllocatorConfig {
    Objects.requireNonNull(allocationInterval, "allocationInterval");
    Objects.requireNonNull(minAllocatable, "minAllocatable");
    if (allocationInterval.isNegative() || allocationInterval.isZero()) {
      throw new IllegalArgumentException(
          "allocation interval must be positive, not " + allocationInterval);
    }
    if (!"drf".equals(sorter) && !"random".equals(sorter)) {
      throw new IllegalArgumentException("sorter must be 'drf' or 'random', not '" + sorter + "'");
    }
  }

  /** Mesos's defaults: 1 s, {@code cpus:0.01|mem:32}, DRF. */
  public static AllocatorConfig defaults() {
    return new AllocatorConfig(Duration.ofSeconds(1), MinAllocatable.defaults(), "drf");
  }
}
