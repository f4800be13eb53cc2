package io.mezzo.agent.cgroups;

/**
 * The {@code pids} controller ({@code pids.max}, {@code pids.current}, and {@code pids.events} "max
 * N": how many forks failed at the limit), the same on v1 and v2.
 */
public final class PidsControl {
  private PidsControl() {}

  public static void applyMax(Cgroup pids, long max) {
    if (max <= 0) {
      throw new IllegalArgumentException("pids limit must be positive, got " + max);
    }
    pids.write("pids.max", Long.toString(max));
  }

  public static Long current(Cgroup pids) {
    return pids.readLong("pids.current").orElse(null);
  }

  /** Forks refused because the cgroup was at its limit. */
  public static long limitHits(Cgroup pids) {
    return pids.readKeyed("pids.events").getOrDefault("max", 0L);
  }
}
