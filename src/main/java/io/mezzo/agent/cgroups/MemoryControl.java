package io.mezzo.agent.cgroups;

import java.util.Map;

/**
 * The {@code memory} controller files, v1 and v2.
 *
 * <pre>
 *                 v1                                    v2
 *   hard limit    memory.limit_in_bytes                 memory.max
 *                 (memory.memsw.limit_in_bytes, if any) (memory.swap.max = 0, if any)
 *   usage         memory.usage_in_bytes                 memory.current
 *   peak          memory.max_usage_in_bytes             memory.peak (kernel 5.19+)
 *   rss / cache   memory.stat total_rss / total_cache   memory.stat anon / file
 *   OOM kills     memory.oom_control "oom_kill N"       memory.events "oom_kill N" (hierarchical)
 * </pre>
 */
public final class MemoryControl {
  private MemoryControl() {}

  /** Memory use of a cgroup; null fields were not readable. */
  public record Stats(
      Long limitBytes,
      Long totalBytes,
      Long rssBytes,
      Long cacheBytes,
      Long peakBytes,
      long oomKills) {}

  /**
   * Sets the hard limit and keeps swap from getting around it. The swap+memory limit must never be
   * below the memory limit, so the order of the two writes depends on the direction of the change.
   */
  public static void applyLimit(Cgroup memory, long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("memory limit must be positive, got " + bytes + " bytes");
    }
    if (memory.version() == CgroupFs.Version.V2) {
      memory.write("memory.max", Long.toString(bytes));
      if (memory.has("memory.swap.max")) {
        memory.write("memory.swap.max", "0");
      }
      return;
    }
    boolean swapAccounting = memory.has("memory.memsw.limit_in_bytes");
    long current = memory.readLong("memory.limit_in_bytes").orElse(Long.MAX_VALUE);
    if (swapAccounting && bytes > current) {
      memory.write("memory.memsw.limit_in_bytes", Long.toString(bytes));
    }
    memory.write("memory.limit_in_bytes", Long.toString(bytes));
    if (memory.has("memory.soft_limit_in_bytes")) {
      memory.write("memory.soft_limit_in_bytes", Long.toString(bytes));
    }
    if (swapAccounting && bytes <= current) {
      memory.write("memory.memsw.limit_in_bytes", Long.toString(bytes));
    }
  }

  /** How many processes the kernel's OOM killer ended in this cgroup (and, on v2, below it). */
  public static long oomKills(Cgroup memory) {
    if (memory.version() == CgroupFs.Version.V2) {
      return memory.readKeyed("memory.events").getOrDefault("oom_kill", 0L);
    }
    Map<String, Long> control = memory.readKeyed("memory.oom_control");
    long kills = control.getOrDefault("oom_kill", 0L);
    // Kernels before 4.13 have no counter; a cgroup under OOM is the best sign there.
    return kills > 0 ? kills : control.getOrDefault("under_oom", 0L);
  }

  public static Stats stats(Cgroup memory) {
    if (memory.version() == CgroupFs.Version.V2) {
      Map<String, Long> stat = memory.readKeyed("memory.stat");
      return new Stats(
          memory.readLong("memory.max").orElse(null),
          memory.readLong("memory.current").orElse(null),
          stat.get("anon"),
          stat.get("file"),
          memory.readLong("memory.peak").orElse(null),
          oomKills(memory));
    }
    Map<String, Long> stat = memory.readKeyed("memory.stat");
    Long limit = memory.readLong("memory.limit_in_bytes").orElse(null);
    // An unset v1 limit reads as a huge page-aligned number (PAGE_COUNTER_MAX pages): report none.
    if (limit != null && limit >= Long.MAX_VALUE / 2) {
      limit = null;
    }
    return new Stats(
        limit,
        memory.readLong("memory.usage_in_bytes").orElse(null),
        stat.getOrDefault("total_rss", stat.get("rss")),
        stat.getOrDefault("total_cache", stat.get("cache")),
        memory.readLong("memory.max_usage_in_bytes").orElse(null),
        oomKills(memory));
  }
}
