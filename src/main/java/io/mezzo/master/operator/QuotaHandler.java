package io.mezzo.master.operator;

import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.Value;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.QuotaStatus;
import io.mezzo.core.resources.ResourceValue;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.quota.QuotaConfig;
import io.mezzo.master.quota.QuotaValidator;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * UPDATE_QUOTA (Mesos 1.9+) and the deprecated SET_QUOTA and REMOVE_QUOTA, also behind {@code
 * /quota}'s POST and DELETE. A decider: the quotas are checked ({@link QuotaValidator}), the caller
 * must be allowed {@code update_quotas} for every role named, then the new quotas are persisted in
 * the registry and handed to the allocator (decide → persist → announce), and an allocation run is
 * asked for. Any refusal (400 with Mesos's {@code Invalid QuotaConfig: …}, 403) changes nothing.
 *
 * <p>SET_QUOTA sets the role's guarantee <em>and</em> limit to the request's amounts, as Mesos 1.9+
 * does with the old API; it is refused for a role that already has a quota. REMOVE_QUOTA is refused
 * for a role without one.
 */
public final class QuotaHandler {
  private final Authorizer authorizer;

  public QuotaHandler(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  public Outcome update(MasterView view, Call.UpdateQuota call, Caller caller) {
    if (call == null || call.quotaConfigs() == null || call.quotaConfigs().isEmpty()) {
      return refuse("Expecting 'update_quota.quota_configs' to be present");
    }
    List<QuotaConfig> configs = new ArrayList<>();
    for (QuotaStatus.Config c : call.quotaConfigs()) {
      if (c == null || c.role() == null) {
        return refuse("Invalid QuotaConfig: every config needs a 'role'");
      }
      StringBuilder problem = new StringBuilder();
      Map<String, Double> guarantees = amounts(c.role(), "guarantees", c.guarantees(), problem);
      Map<String, Double> limits = amounts(c.role(), "limits", c.limits(), problem);
      if (problem.length() > 0) {
        return refuse(problem.toString());
      }
      configs.add(new QuotaConfig(c.role(), guarantees, limits));
    }
    return apply(view, configs, Boolean.TRUE.equals(call.force()), caller);
  }

  public Outcome set(MasterView view, Call.SetQuota call, Caller caller) {
    QuotaStatus.Request request = call == null ? null : call.quotaRequest();
    if (request == null || request.role() == null) {
      return refuse("Expecting 'set_quota.quota_request.role' to be present");
    }
    return set(view, request, caller);
  }

  /** SET_QUOTA's request, also what {@code POST /quota} sends. */
  public Outcome set(MasterView view, QuotaStatus.Request request, Caller caller) {
    String role = request.role();
    if (request.guarantee() == null || request.guarantee().isEmpty()) {
      return refuse("Invalid QuotaRequest: role '" + role + "' asks for an empty guarantee");
    }
    Map<String, Double> amounts = new TreeMap<>();
    for (Resource r : request.guarantee()) {
      String bad = legacyProblem(role, r, amounts);
      if (bad != null) {
        return refuse("Invalid QuotaRequest: " + bad);
      }
      amounts.put(r.name(), r.scalar().value());
    }
    if (view.registry().quotas().containsKey(role)) {
      return refuse(
          "Invalid QuotaRequest: role '"
              + role
              + "' already has a quota; change it with UPDATE_QUOTA or remove it first");
    }
    return apply(
        view,
        List.of(new QuotaConfig(role, amounts, amounts)),
        Boolean.TRUE.equals(request.force()),
        caller);
  }

  /** REMOVE_QUOTA, also {@code DELETE /quota/<role>}. */
  public Outcome remove(MasterView view, String role, Caller caller) {
    if (role == null || role.isEmpty()) {
      return refuse("Expecting 'remove_quota.role' to be present");
    }
    if (!view.registry().quotas().containsKey(role)) {
      return refuse("Failed to remove quota: role '" + role + "' has no quota set");
    }
    return apply(view, List.of(new QuotaConfig(role, null, null)), true, caller);
  }

  private Outcome apply(MasterView view, List<QuotaConfig> configs, boolean force, Caller caller) {
    Map<String, Double> total = new TreeMap<>();
    Set<String> nonScalar = new TreeSet<>();
    for (AgentEntry a : view.agents()) {
      if (a.state() == AgentEntry.State.CONNECTED || a.state() == AgentEntry.State.DISCONNECTED) {
        Resources t = a.total();
        for (int i = 0; i < t.size(); i++) {
          String name = t.keyAt(i).name();
          if (t.valueAt(i) instanceof ResourceValue.Scalar s) {
            total.merge(name, s.millis() / 1000d, Double::sum);
          } else {
            nonScalar.add(name);
          }
        }
      }
    }
    QuotaValidator.Result result =
        QuotaValidator.update(view.registry().quotas(), configs, total, nonScalar, force);
    if (!result.ok()) {
      return refuse(result.problem());
    }
    for (QuotaConfig c : configs) {
      Decision d = authorizer.decide(caller, Action.UPDATE_QUOTAS, c.role());
      if (!d.allowed()) {
        return Outcome.reply(CallResult.forbidden(d.reason()));
      }
    }
    return Outcome.builder()
        .persist(view.registry().withQuotas(result.quotas()))
        .change(new Change.QuotasUpdated(result.quotas()))
        .allocate()
        .reply(CallResult.OK);
  }

  private static Map<String, Double> amounts(
      String role, String field, Map<String, Value.Scalar> in, StringBuilder problem) {
    Map<String, Double> out = new TreeMap<>();
    if (in == null) {
      return out;
    }
    for (Map.Entry<String, Value.Scalar> e : in.entrySet()) {
      if (e.getValue() == null || e.getValue().value() == null) {
        problem
            .append("Invalid QuotaConfig: ")
            .append(field)
            .append(" of '")
            .append(e.getKey())
            .append("' for role '")
            .append(role)
            .append("' has no value");
        return out;
      }
      out.put(e.getKey(), e.getValue().value());
    }
    return out;
  }

  /** What is wrong with one resource of a legacy request, or null. */
  private static String legacyProblem(String role, Resource r, Map<String, Double> seen) {
    if (r == null || r.name() == null || r.name().isEmpty()) {
      return "a resource of role '" + role + "' has no name";
    }
    if (r.type() != Value.Type.SCALAR || r.scalar() == null || r.scalar().value() == null) {
      return "'"
          + r.name()
          + "' of role '"
          + role
          + "' is not a scalar resource; quota applies"
          + " to scalar resources only (cpus, mem, disk, gpus, ...)";
    }
    if ((r.role() != null && !r.role().equals("*"))
        || (r.reservations() != null && !r.reservations().isEmpty())) {
      return "'" + r.name() + "' of role '" + role + "' must not be reserved";
    }
    if (seen.containsKey(r.name())) {
      return "'" + r.name() + "' appears more than once for role '" + role + "'";
    }
    return null;
  }

  private static Outcome refuse(String message) {
    return Outcome.reply(CallResult.badRequest(message));
  }
}
