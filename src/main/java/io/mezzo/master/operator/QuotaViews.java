package io.mezzo.master.operator;

import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.Value;
import io.mezzo.api.v1.master.QuotaStatus;
import io.mezzo.master.quota.QuotaConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The roles' quotas as GET_QUOTA and {@code /quota} show them (Mesos 1.9+): one {@code configs}
 * entry per role with a quota, and the deprecated {@code infos} with each role's guarantee as
 * scalar resources, for clients of the old API. Roles the caller may not see ({@code get_quotas})
 * are left out of both. Pure.
 */
public final class QuotaViews {
  private QuotaViews() {}

  public static QuotaStatus status(Map<String, QuotaConfig> quotas, Predicate<String> visible) {
    List<QuotaStatus.Info> infos = new ArrayList<>();
    List<QuotaStatus.Config> configs = new ArrayList<>();
    for (QuotaConfig q : new TreeMap<>(quotas).values()) {
      if (!visible.test(q.role())) {
        continue;
      }
      configs.add(new QuotaStatus.Config(q.role(), scalars(q.guarantees()), scalars(q.limits())));
      List<Resource> guarantee = new ArrayList<>();
      q.guarantees().forEach((name, v) -> guarantee.add(Resource.scalar(name, v)));
      infos.add(new QuotaStatus.Info(q.role(), null, guarantee));
    }
    return new QuotaStatus(infos, configs);
  }

  private static Map<String, Value.Scalar> scalars(Map<String, Double> amounts) {
    Map<String, Value.Scalar> out = new TreeMap<>();
    amounts.forEach((name, v) -> out.put(name, new Value.Scalar(v)));
    return out;
  }
}
