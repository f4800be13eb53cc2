package io.mezzo.api.v1;

import java.util.List;

/**
 * A list of labels ({@code mesos.v1.Labels}); the wire form nests them as {@code {"labels":
 * [...]}}.
 */
public record Labels(List<Label> labels) {}
