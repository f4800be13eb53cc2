package io.mezzo.api.v1;

/** An offer's id, assigned by the master as <masterId>-O<n>. Wire form {@code {"value": "..."}}. */
public record OfferId(String value) {
  /**
   * {@code value} is a required proto field. Without it the id is malformed (Mesos refuses such a
   * call with 400), and echoing it back would send frameworks an invalid {@code OfferID}.
   */
  public OfferId {
    if (value == null) {
      throw new IllegalArgumentException("'OfferID.value' is required");
    }
  }

  public static OfferId of(String value) {
    return new OfferId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
