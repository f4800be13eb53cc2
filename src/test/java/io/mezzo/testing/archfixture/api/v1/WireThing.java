package io.mezzo.testing.archfixture.api.v1;

/** Allowed: an api record. */
public record WireThing(String value) {}
