package io.mezzo.api.v1;

/** One effective flag ({@code mesos.v1.Flag}). */
public record Flag(String name, String value) {}
