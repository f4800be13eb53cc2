package io.mezzo.http.master;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.api.wire.ProtoJson;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.security.Callers;
import io.mezzo.master.MasterState;
import io.mezzo.master.operator.Visibility;
import io.mezzo.security.Caller;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos.WeightInfo;

/**
 * Mesos's {@code /master/weights}: GET answers the role weights the allocator uses, those kept in
 * the registry (roles without one weigh 1.0 and are not listed, as in Mesos), as a JSON array of
 * {@code WeightInfo} ({@code [{"weight":2.0,"role":"r"}]}, keys in field order as Mesos writes
 * them), of the roles the caller may {@code view_roles}; PUT (update) is a 501 naming weights until
 * it is built (issue 15). Other methods are 405 as in Mesos; a standby redirects first.
 */
@ApplicationScoped
public class WeightsRoute {
  static final String NOT_YET =
      "updating role weights is not built in Mezzo yet; it arrives with the tenancy issue (15)";

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
                        WeightInfo.newBuilder().setRole(role).setWeight(weight).build())));
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
      case "PUT" -> LegacyEndpoints.notYet(rc, NOT_YET);
      default -> LegacyEndpoints.methodNotAllowed(rc, List.of("GET", "PUT"));
    }
  }
}
