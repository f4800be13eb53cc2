package io.mezzo.agent.containerizer;

/**
 * Resource usage of a container: a subset of Mesos's {@code ResourceStatistics}, with its field names.
 * Every field but the timestamp may be null when nobody measures it; {@link #merge} combines the
 * reports of several isolators.
 *
 * @param timestamp seconds since the epoch when measured
 * @param processes processes in the container
 */
public record ContainerUsage(
    double timestamp,
    Double cpusLimit,
    Double cpusUserTimeSecs,
    Double cpusSystemTimeSecs,
    Long memLimitBytes,
    Long memRssBytes,
    Integer processes) {

  public static ContainerUsage at(double timestamp) {
    return new ContainerUsage(timestamp, null, null, null, null, null, null);
  }

  /** This report with every field {@code other} measured and this one did not. */
  public ContainerUsage merge(ContainerUsage other) {
    return new ContainerUsage(
        timestamp,
        cpusLimit != null ? cpusLimit : other.cpusLimit,
        cpusUserTimeSecs != null ? cpusUserTimeSecs : other.cpusUserTimeSecs,
        cpusSystemTimeSecs != null ? cpusSystemTimeSecs : other.cpusSystemTimeSecs,
        memLimitBytes != null ? memLimitBytes : other.memLimitBytes,
        memRssBytes != null ? memRssBytes : other.memRssBytes,
        processes != null ? processes : other.processes);
  }
}
