package io.mezzo.api.v1;

/**
 * A container's id, chosen by the agent (a UUID). Wire form {@code {"value": "..."}}; a nested
 * container (a task of a task group under its executor's container) names its parent: {@code
 * {"value": "...", "parent": {"value": "..."}}}.
 */
public record ContainerId(String value, ContainerId parent) {
  /**
   * {@code value} is a required proto field. Without it the id is malformed (Mesos refuses such a
   * call with 400), and echoing it back would send frameworks an invalid {@code ContainerID}.
   */
  public ContainerId {
    if (value == null) {
      throw new IllegalArgumentException("'ContainerID.value' is required");
    }
  }

  /** A top-level container's id. */
  public ContainerId(String value) {
    this(value, null);
  }

  public static ContainerId of(String value) {
    return new ContainerId(value);
  }

  /** The id of a container nested in this one. */
  public ContainerId child(String value) {
    return new ContainerId(value, this);
  }

  /** The outermost ancestor (itself for a top-level container). */
  public ContainerId root() {
    return parent == null ? this : parent.root();
  }

  /** The value alone for a top-level container; {@code parent.child} for a nested one. */
  @Override
  public String toString() {
    return parent == null ? value : parent + "." + value;
  }
}
