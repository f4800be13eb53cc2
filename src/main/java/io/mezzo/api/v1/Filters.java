package io.mezzo.api.v1;

/**
 * Offer filters sent with ACCEPT or DECLINE ({@code mesos.v1.Filters}); refuse_seconds defaults to
 * 5.
 */
public record Filters(Double refuseSeconds) {
  public static final double DEFAULT_REFUSE_SECONDS = 5.0;

  public Filters {
    refuseSeconds = refuseSeconds == null ? DEFAULT_REFUSE_SECONDS : refuseSeconds;
  }

  public static Filters defaults() {
    return new Filters(null);
  }
}
