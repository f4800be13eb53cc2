package io.mezzo.api.v1;

/**
 * A container's measured resource use ({@code mesos.v1.ResourceStatistics}); only what Mezzo
 * measures is modelled. {@code timestamp} is in epoch seconds and always set.
 */
public record ResourceStatistics(
    Double timestamp,
    Integer processes,
    Double cpusUserTimeSecs,
    Double cpusSystemTimeSecs,
    Double cpusLimit,
    Long memLimitBytes,
    Long memRssBytes) {}
