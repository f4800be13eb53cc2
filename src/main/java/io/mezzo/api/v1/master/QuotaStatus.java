package io.mezzo.api.v1.master;

import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.Value;
import java.util.List;
import java.util.Map;

/**
 * The quota of every role ({@code mesos.v1.quota.QuotaStatus}) as Mesos 1.9+ answers GET_QUOTA and
 * {@code /quota}: {@code configs} (guarantees and limits) and, for clients of the pre-1.9 API, the
 * deprecated {@code infos} (each role's guarantee as resources). A status without quota prints as
 * {@code {}}, as Mesos prints one.
 */
public record QuotaStatus(List<Info> infos, List<Config> configs) {
  public QuotaStatus {
    infos = infos == null ? List.of() : List.copyOf(infos);
    configs = configs == null ? List.of() : List.copyOf(configs);
  }

  public static QuotaStatus none() {
    return new QuotaStatus(List.of(), List.of());
  }

  /** {@code mesos.v1.quota.QuotaConfig}: scalar amounts by resource name. */
  public record Config(
      String role, Map<String, Value.Scalar> guarantees, Map<String, Value.Scalar> limits) {}

  /** {@code mesos.v1.quota.QuotaInfo} (deprecated): a role's guarantee as scalar resources. */
  public record Info(String role, String principal, List<Resource> guarantee) {}

  /** {@code mesos.v1.quota.QuotaRequest} (deprecated, SET_QUOTA and POST {@code /quota}). */
  public record Request(Boolean force, String role, List<Resource> guarantee) {}
}
