package io.mezzo.agent.gc;

import java.util.Map;

/**
 * What garbage collection has done, under Mesos's agent metric names ({@code gc/...}).
 *
 * @param succeeded directories removed
 * @param failed directories that could not be removed (they stay scheduled no more; logged)
 * @param pending directories scheduled and not yet removed
 */
public record GcCounts(long succeeded, long failed, long pending) {
  public static final GcCounts NONE = new GcCounts(0, 0, 0);

  public Map<String, Double> metrics() {
    return Map.of(
        "gc/path_removals_succeeded", (double) succeeded,
        "gc/path_removals_failed", (double) failed,
        "gc/path_removals_pending", (double) pending);
  }
}
