package io.mezzo.api.v1;

/** An executor's id; for command tasks it equals the task id. Wire form {@code {"value": "..."}}. */
public record ExecutorId(String value) {
  public static ExecutorId of(String value) {
    return new ExecutorId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
