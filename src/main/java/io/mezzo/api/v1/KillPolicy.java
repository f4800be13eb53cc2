package io.mezzo.api.v1;

/**
 * How to kill a task: SIGTERM, then SIGKILL after {@code grace_period} ({@code
 * mesos.v1.KillPolicy}).
 */
public record KillPolicy(DurationInfo gracePeriod) {}
