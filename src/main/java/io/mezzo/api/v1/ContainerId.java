package io.mezzo.api.v1;

/** A container's id, chosen by the agent (a UUID). Wire form {@code {"value": "..."}}. */
public record ContainerId(String value) {
  /**
   * {@code value} is a required proto field. Without it the id is malformed (Mesos refuses such a
   * call with 400), and echoing it back would send frameworks an invalid {@code ContainerID}.
   */
  public ContainerId {
    if (value == null) {
      throw new IllegalArgumentException("'ContainerID.value' is required");
    }
  }

  public static ContainerId of(String value) {
    return new ContainerId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
