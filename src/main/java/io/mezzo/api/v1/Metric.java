package io.mezzo.api.v1;

/** One metric value ({@code mesos.v1.Metric}). */
public record Metric(String name, Double value) {}
