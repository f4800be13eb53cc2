package io.mezzo.api.v1;

/** A task's id, chosen by its framework. Wire form {@code {"value": "..."}}. */
public record TaskId(String value) {
  /**
   * {@code value} is a required proto field. Without it the id is malformed (Mesos refuses such a
   * call with 400), and echoing it back would send frameworks an invalid {@code TaskID}.
   */
  public TaskId {
    if (value == null) {
      throw new IllegalArgumentException("'TaskID.value' is required");
    }
  }

  public static TaskId of(String value) {
    return new TaskId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
