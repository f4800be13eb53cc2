package io.mezzo.api.v1.master;

/**
 * The quota of every role ({@code mesos.v1.quota.QuotaStatus}). Mezzo sets no quota yet
 * (UPDATE_QUOTA arrives with the tenancy issue), so the status has no {@code configs} (nor the
 * deprecated {@code infos}) to hold; Mesos prints a status without quota as {@code {}}.
 */
public record QuotaStatus() {
  public static QuotaStatus none() {
    return new QuotaStatus();
  }
}
