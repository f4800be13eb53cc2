package io.mezzo.api.v1;

/** A task's id, chosen by its framework. Wire form {@code {"value": "..."}}. */
public record TaskId(String value) {
  public static TaskId of(String value) {
    return new TaskId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
