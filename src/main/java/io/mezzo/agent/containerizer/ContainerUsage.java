package io.mezzo.agent.containerizer;

/**
 * Resource usage of a container: a subset of Mesos's {@code ResourceStatistics}, with its field
 * names. Every field but the timestamp may be null when nobody measures it; {@link #merge} combines
 * the reports of several isolators.
 *
 * @param timestamp seconds since the epoch when measured
 * @param cpusLimit the cpus the container may use
 * @param cpusUserTimeSecs cpu time spent in user mode since the container started
 * @param cpusSystemTimeSecs cpu time spent in the kernel since the container started
 * @param cpusNrPeriods CFS periods that have elapsed (with a hard cpu limit)
 * @param cpusNrThrottled CFS periods in which the container was throttled
 * @param cpusThrottledTimeSecs total time the container was throttled
 * @param memLimitBytes the hard memory limit
 * @param memTotalBytes all memory charged to the container (rss + page cache)
 * @param memRssBytes anonymous memory
 * @param memCacheBytes page cache
 * @param diskLimitBytes the sandbox quota
 * @param diskUsedBytes what the sandbox uses
 * @param processes processes in the container
 */
public record ContainerUsage(
    double timestamp,
    Double cpusLimit,
    Double cpusUserTimeSecs,
    Double cpusSystemTimeSecs,
    Long cpusNrPeriods,
    Long cpusNrThrottled,
    Double cpusThrottledTimeSecs,
    Long memLimitBytes,
    Long memTotalBytes,
    Long memRssBytes,
    Long memCacheBytes,
    Long diskLimitBytes,
    Long diskUsedBytes,
    Integer processes) {

  /** The first, smaller form: cpu times, memory limit and rss, processes. */
  public ContainerUsage(
      double timestamp,
      Double cpusLimit,
      Double cpusUserTimeSecs,
      Double cpusSystemTimeSecs,
      Long memLimitBytes,
      Long memRssBytes,
      Integer processes) {
    this(
        timestamp,
        cpusLimit,
        cpusUserTimeSecs,
        cpusSystemTimeSecs,
        null,
        null,
        null,
        memLimitBytes,
        null,
        memRssBytes,
        null,
        null,
        null,
        processes);
  }

  public static ContainerUsage at(double timestamp) {
    return new ContainerUsage(timestamp, null, null, null, null, null, null);
  }

  public static Builder builder(double timestamp) {
    return new Builder(timestamp);
  }

  /** This report with every field {@code other} measured and this one did not. */
  public ContainerUsage merge(ContainerUsage other) {
    return new ContainerUsage(
        timestamp,
        first(cpusLimit, other.cpusLimit),
        first(cpusUserTimeSecs, other.cpusUserTimeSecs),
        first(cpusSystemTimeSecs, other.cpusSystemTimeSecs),
        first(cpusNrPeriods, other.cpusNrPeriods),
        first(cpusNrThrottled, other.cpusNrThrottled),
        first(cpusThrottledTimeSecs, other.cpusThrottledTimeSecs),
        first(memLimitBytes, other.memLimitBytes),
        first(memTotalBytes, other.memTotalBytes),
        first(memRssBytes, other.memRssBytes),
        first(memCacheBytes, other.memCacheBytes),
        first(diskLimitBytes, other.diskLimitBytes),
        first(diskUsedBytes, other.diskUsedBytes),
        first(processes, other.processes));
  }

  private static <T> T first(T a, T b) {
    return a != null ? a : b;
  }

  /** Builds a report field by field; unset fields stay null. */
  public static final class Builder {
    private final double timestamp;
    private Double cpusLimit;
    private Double cpusUserTimeSecs;
    private Double cpusSystemTimeSecs;
    private Long cpusNrPeriods;
    private Long cpusNrThrottled;
    private Double cpusThrottledTimeSecs;
    private Long memLimitBytes;
    private Long memTotalBytes;
    private Long memRssBytes;
    private Long memCacheBytes;
    private Long diskLimitBytes;
    private Long diskUsedBytes;
    private Integer processes;

    private Builder(double timestamp) {
      this.timestamp = timestamp;
    }

    public Builder cpusLimit(Double v) {
      cpusLimit = v;
      return this;
    }

    public Builder cpuTimes(Double user, Double system) {
      cpusUserTimeSecs = user;
      cpusSystemTimeSecs = system;
      return this;
    }

    public Builder throttling(Long nrPeriods, Long nrThrottled, Double throttledSecs) {
      cpusNrPeriods = nrPeriods;
      cpusNrThrottled = nrThrottled;
      cpusThrottledTimeSecs = throttledSecs;
      return this;
    }

    public Builder memory(Long limit, Long total, Long rss, Long cache) {
      memLimitBytes = limit;
      memTotalBytes = total;
      memRssBytes = rss;
      memCacheBytes = cache;
      return this;
    }

    public Builder disk(Long limit, Long used) {
      diskLimitBytes = limit;
      diskUsedBytes = used;
      return this;
    }

    public Builder processes(Integer n) {
      processes = n;
      return this;
    }

    public ContainerUsage build() {
      return new ContainerUsage(
          timestamp,
          cpusLimit,
          cpusUserTimeSecs,
          cpusSystemTimeSecs,
          cpusNrPeriods,
          cpusNrThrottled,
          cpusThrottledTimeSecs,
          memLimitBytes,
          memTotalBytes,
          memRssBytes,
          memCacheBytes,
          diskLimitBytes,
          diskUsedBytes,
          processes);
    }
  }
}
