package io.mezzo.api.v1;

/**
 * A framework's id, assigned by the master as <masterId>-NNNN. Wire form {@code {"value": "..."}}.
 */
public record FrameworkId(String value) {
  /**
   * {@code value} is a required proto field. Without it the id is malformed (Mesos refuses such a
   * call with 400), and echoing it back would send frameworks an invalid {@code FrameworkID}.
   */
  public FrameworkId {
    if (value == null) {
      throw new IllegalArgumentException("'FrameworkID.value' is required");
    }
  }

  public static FrameworkId of(String value) {
    return new FrameworkId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
