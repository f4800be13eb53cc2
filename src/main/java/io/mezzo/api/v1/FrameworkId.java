package io.mezzo.api.v1;

/** A framework's id, assigned by the master as <masterId>-NNNN. Wire form {@code {"value": "..."}}. */
public record FrameworkId(String value) {
  public static FrameworkId of(String value) {
    return new FrameworkId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
