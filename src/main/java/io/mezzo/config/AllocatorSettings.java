package io.mezzo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Allocator settings ({@code mezzo.allocator.*}), with Mesos's defaults. */
@ConfigMapping(prefix = "mezzo.allocator")
public interface AllocatorSettings {
  /** Period of batch allocation runs (Mesos {@code --allocation_interval}). Default 1 s. */
  @WithDefault("1S")
  Duration allocationInterval();

  /**
   * Smallest offer worth making, {@code a:1;b:2|c:3} = (a and b) or c (Mesos {@code
   * --min_allocatable_resources}). Default {@code cpus:0.01|mem:32}.
   */
  @WithDefault("cpus:0.01|mem:32")
  String minAllocatableResources();

  /**
   * Who goes first: {@code drf} (weighted dominant resource fairness) or {@code random}. Default
   * drf.
   */
  @WithDefault("drf")
  String sorter();
}
