package io.mezzo.http.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.Response.GetWeights.WeightInfo;
import io.mezzo.api.wire.ProtoJson;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.security.Callers;
import io.mezzo.master.MasterState;
import io.mezzo.master.operator.Visibility;
import io.mezzo.security.Caller;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mesos's {@code /master/weights}: GET answers the role weights the allocator uses, those kept in
 * the registry (roles without one weigh 1.0 and are not listed, as in Mesos), as a JSON array of
 * {@code WeightInfo} ({@code [{"weight":2.0,"role":"r"}]}, keys in field order as Mesos writes
 * them), of the roles the caller may {@code view_roles}; PUT takes a JSON array of the same form
 * and is UPDATE_WEIGHTS (200 with no body; 400 for a body that is not such an array or an invalid
 * weight, 403 for a role the caller may not {@code update_weights}). Other methods are 405 as in
 * Mesos; a standby redirects first.
 */
@ApplicationScoped
public class WeightsRoute {
  private final MezzoNode node;
  private final Vertx vertx;

  public WeightsRoute(MezzoNode node, Vertx vertx) {
    this.node = node;
    this.vertx = vertx;
  }

  void register(@Observes Router router) {
    if (!node.role().runsMaster()) {
      return;
    }
    BodyHandler body = BodyHandler.create(false).setBodyLimit(node.maxBodyBytes());
    router.put("/master/weights").handler(body);
    router.put("/weights").handler(body);
    LegacyEndpoints.any(router, "weights", this::weights);
  }

  /** The weights as Mesos prints a list of {@code WeightInfo}, by role name. */
  static ArrayNode json(Map<String, Double> weights) {
    ArrayNode out = LegacyModel.array();
    new TreeMap<>(weights)
        .forEach(
            (role, weight) ->
                out.add(
                    ProtoJson.toJson(
                        org.apache.mesos.v1.Protos.WeightInfo.newBuilder()
                            .setRole(role)
                            .setWeight(weight)
                            .build())));
    return out;
  }

  /** The weights of the roles {@code caller} may view ({@code view_roles}), as Mesos lists them. */
  private static Map<String, Double> viewable(
      Map<String, Double> weights, MasterState s, Caller caller) {
    Visibility seen = Visibility.of(s, caller);
    Map<String, Double> out = new TreeMap<>();
    weights.forEach(
        (role, weight) -> {
          if (seen.role(role)) {
            out.put(role, weight);
          }
        });
    return out;
  }

  /**
   * The weight infos of a {@code /weights} PUT body, or a 400 message: a JSON array of objects with
   * a string {@code role} and a number {@code weight}, and no other keys (a misspelt key would
   * otherwise be dropped). The values themselves are checked by the call.
   */
  static Object parse(String body) {
    JsonNode tree;
    try {
      tree = MesosJson.read(body == null ? "" : body, JsonNode.class);
    } catch (RuntimeException e) {
      return "Failed to parse update request JSON: " + e.getMessage();
    }
    if (tree == null || !tree.isArray()) {
      return "Failed to parse update request JSON: expecting an array of"
          + " {\"role\": ..., \"weight\": ...}";
    }
    List<WeightInfo> infos = new ArrayList<>();
    for (int i = 0; i < tree.size(); i++) {
      JsonNode e = tree.get(i);
      String at = "element " + i;
      if (!e.isObject()) {
        return "Failed to parse update request JSON: " + at + " is not an object";
      }
      var names = e.fieldNames();
      while (names.hasNext()) {
        String key = names.next();
        if (!key.equals("role") && !key.equals("weight")) {
          return "Failed to parse update request JSON: "
              + at
              + " has an unknown key '"
              + key
              + "'; expecting 'role' and 'weight'";
        }
      }
      JsonNode role = e.get("role");
      JsonNode weight = e.get("weight");
      if (role != null && !role.isTextual()) {
        return "Failed to parse update request JSON: 'role' of " + at + " is not a string";
      }
      if (weight != null && !weight.isNumber()) {
        return "Failed to parse update request JSON: 'weight' of " + at + " is not a number";
      }
      infos.add(
          new WeightInfo(
              weight == null ? null : weight.doubleValue(), role == null ? null : role.asText()));
    }
    return infos;
  }

  @SuppressWarnings("unchecked")
  private void update(RoutingContext rc) {
    Object parsed = parse(rc.body() == null ? null : rc.body().asString());
    if (parsed instanceof String problem) {
      HttpResults.error(rc.response(), 400, problem);
      return;
    }
    Context ctx = vertx.getOrCreateContext();
    CallResults.replyWhen(
        rc,
        ctx,
        node.master()
            .orElseThrow()
            .operatorCall(Call.updateWeights((List<WeightInfo>) parsed), Callers.of(rc)));
  }

  private void weights(RoutingContext rc) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    switch (rc.request().method().name()) {
      case "GET" -> {
        Caller caller = Callers.of(rc);
        LegacyEndpoints.read(
            rc, node, vertx, s -> json(viewable(s.registry().current().weights(), s, caller)));
      }
      case "PUT" -> update(rc);
      default -> LegacyEndpoints.methodNotAllowed(rc, List.of("GET", "PUT"));
    }
  }
}
