package io.mezzo.agent.cgroups;

import java.util.Map;

/**
 * The {@code cpu} (and on v1 {@code cpuacct}) controller files, v1 and v2, with Mesos's arithmetic:
 * shares = 1024 × cpus, CFS quota = cpus × a 100 ms period.
 *
 * <pre>
 *                 v1                                   v2
 *   weight        cpu.shares (2..262144)               cpu.weight (1..10000), from shares
 *   hard cap      cpu.cfs_period_us, cpu.cfs_quota_us  cpu.max "quota period" | "max period"
 *   cpu time      cpuacct.stat user/system (ticks)     cpu.stat user_usec/system_usec
 *   throttling    cpu.stat nr_periods, nr_throttled,   cpu.stat nr_periods, nr_throttled,
 *                 throttled_time (ns)                  throttled_usec
 * </pre>
 */
public final class CpuControl {
  public static final long CPU_SHARES_PER_CPU = 1024;
  public static final long MIN_CPU_SHARES = 2;
  public static final long MAX_CPU_SHARES = 262144;
  public static final long CFS_PERIOD_US = 100_000;
  public static final long MIN_CFS_QUOTA_US = 1_000;

  /** USER_HZ, the unit of {@code cpuacct.stat}: 100 on every Linux architecture Mezzo runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private CpuControl() {}

  /** CPU time and throttling of a cgroup; null fields were not readable. */
  public record Stats(
      Double userSecs, Double systemSecs, Long nrPeriods, Long nrThrottled, Double throttledSecs) {}

  public static long shares(double cpus) {
    requireCpus(cpus);
    return Math.max(MIN_CPU_SHARES, Math.min(MAX_CPU_SHARES, (long) (CPU_SHARES_PER_CPU * cpus)));
  }

  /** The v2 weight for v1 shares, as runc and systemd convert it. */
  public static long weight(long shares) {
    return Math.max(1, Math.min(10_000, 1 + ((shares - 2) * 9999) / 262142));
  }

  public static long quotaMicros(double cpus) {
    requireCpus(cpus);
    return Math.max(MIN_CFS_QUOTA_US, (long) (cpus * CFS_PERIOD_US));
  }

  private static void requireCpus(double cpus) {
    if (!(cpus > 0) || Double.isInfinite(cpus)) {
      throw new IllegalArgumentException("cpus must be a positive number, got " + cpus);
    }
  }

  /** Sets the relative weight. */
  public static void applyShares(Cgroup cpu, double cpus) {
    long shares = shares(cpus);
    if (cpu.version() == CgroupFs.Version.V1) {
      cpu.write("cpu.shares", Long.toString(shares));
    } else {
      cpu.write("cpu.weight", Long.toString(weight(shares)));
    }
  }

  /** Sets (cpus non-null) or lifts (null) the hard CFS cap. */
  public static void applyQuota(Cgroup cpu, Double cpus) {
    if (cpu.version() == CgroupFs.Version.V1) {
      cpu.write("cpu.cfs_period_us", Long.toString(CFS_PERIOD_US));
      cpu.write("cpu.cfs_quota_us", cpus == null ? "-1" : Long.toString(quotaMicros(cpus)));
    } else {
      cpu.write(
          "cpu.max",
          (cpus == null ? "max" : Long.toString(quotaMicros(cpus))) + " " + CFS_PERIOD_US);
    }
  }

  /**
   * Reads cpu time from the accounting cgroup and throttling from the cpu cgroup (the same cgroup
   * on v2 and on a v1 {@code cpu,cpuacct} mount).
   */
  public static Stats stats(Cgroup cpu, Cgroup cpuacct) {
    if (cpu.version() == CgroupFs.Version.V2) {
      Map<String, Long> stat = cpu.readKeyed("cpu.stat");
      return new Stats(
          micros(stat.get("user_usec")),
          micros(stat.get("system_usec")),
          stat.get("nr_periods"),
          stat.get("nr_throttled"),
          micros(stat.get("throttled_usec")));
    }
    Map<String, Long> acct = cpuacct == null ? Map.of() : cpuacct.readKeyed("cpuacct.stat");
    Map<String, Long> stat = cpu.readKeyed("cpu.stat");
    Long throttledNs = stat.get("throttled_time");
    return new Stats(
        ticks(acct.get("user")),
        ticks(acct.get("system")),
        stat.get("nr_periods"),
        stat.get("nr_throttled"),
        throttledNs == null ? null : throttledNs / 1e9);
  }

  private static Double micros(Long v) {
    return v == null ? null : v / 1e6;
  }

  private static Double ticks(Long v) {
    return v == null ? null : v / TICKS_PER_SECOND;
  }
}
