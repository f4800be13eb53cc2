package io.mezzo.api.v1;

/** An agent attribute ({@code mesos.v1.Attribute}), copied verbatim into offers. */
public record Attribute(
    String name,
    Value.Type type,
    Value.Scalar scalar,
    Value.Ranges ranges,
    Value.Set set,
    Value.Text text) {}
