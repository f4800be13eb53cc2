package io.mezzo.api.v1;

/** An offer's id, assigned by the master as <masterId>-O<n>. Wire form {@code {"value": "..."}}. */
public record OfferId(String value) {
  public static OfferId of(String value) {
    return new OfferId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
