package io.mezzo.api.v1;

/** A container's id, chosen by the agent (a UUID). Wire form {@code {"value": "..."}}. */
public record ContainerId(String value) {
  public static ContainerId of(String value) {
    return new ContainerId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
