package io.mezzo.api.v1;

/**
 * An executor's id; for command tasks it equals the task id. Wire form {@code {"value": "..."}}.
 */
public record ExecutorId(String value) {
  /**
   * {@code value} is a required proto field. Without it the id is malformed (Mesos refuses such a
   * call with 400), and echoing it back would send frameworks an invalid {@code ExecutorID}.
   */
  public ExecutorId {
    if (value == null) {
      throw new IllegalArgumentException("'ExecutorID.value' is required");
    }
  }

  public static ExecutorId of(String value) {
    return new ExecutorId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
