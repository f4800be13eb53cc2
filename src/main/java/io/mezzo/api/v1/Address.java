package io.mezzo.api.v1;

/** A network address ({@code mesos.v1.Address}); {@code ip} is the dotted text form here. */
public record Address(String hostname, String ip, Integer port) {}
