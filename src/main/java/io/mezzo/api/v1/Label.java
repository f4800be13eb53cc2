package io.mezzo.api.v1;

/** A key/value label ({@code mesos.v1.Label}). */
public record Label(String key, String value) {}
