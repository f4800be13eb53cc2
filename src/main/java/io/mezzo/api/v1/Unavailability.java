package io.mezzo.api.v1;

/**
 * When a machine will be unavailable ({@code mesos.v1.Unavailability}): from {@code start}, for
 * {@code duration} (absent: for ever).
 */
public record Unavailability(TimeInfo start, DurationInfo duration) {}
