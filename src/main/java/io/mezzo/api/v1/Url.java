package io.mezzo.api.v1;

/** A URL as Mesos sends it in offers ({@code mesos.v1.URL}). */
public record Url(String scheme, Address address, String path) {}
