package io.mezzo.http.master;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.master.Call;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.security.Callers;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Mesos's legacy {@code POST /master/reserve}, {@code /master/unreserve}, {@code
 * /master/create-volumes} and {@code /master/destroy-volumes} (also without the prefix): a form
 * body with {@code slaveId} and {@code resources} (reservations) or {@code volumes} (volumes), a
 * JSON array of {@code Resource}, turned into the operator call of the same name and answered as it
 * is (202 when accepted). A missing field or unparsable JSON is 400; a standby redirects first.
 */
@ApplicationScoped
public class ReservationRoute {
  private final MezzoNode node;
  private final Vertx vertx;

  public ReservationRoute(MezzoNode node, Vertx vertx) {
    this.node = node;
    this.vertx = vertx;
  }

  void register(@Observes Router router) {
    if (!node.role().runsMaster()) {
      return;
    }
    BodyHandler body = BodyHandler.create(false).setBodyLimit(node.maxBodyBytes());
    for (String prefix : new String[] {"/master", ""}) {
      route(router, body, prefix + "/reserve", "resources", Call::reserveResources);
      route(router, body, prefix + "/unreserve", "resources", Call::unreserveResources);
      route(router, body, prefix + "/create-volumes", "volumes", Call::createVolumes);
      route(router, body, prefix + "/destroy-volumes", "volumes", Call::destroyVolumes);
    }
  }

  private void route(
      Router router,
      BodyHandler body,
      String path,
      String field,
      BiFunction<AgentId, List<Resource>, Call> call) {
    router.post(path).handler(body).handler(rc -> handle(rc, field, call));
  }

  private void handle(
      RoutingContext rc, String field, BiFunction<AgentId, List<Resource>, Call> toCall) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    String agent = param(rc, "slaveId");
    String json = param(rc, field);
    if (agent == null) {
      HttpResults.error(
          rc.response(), 400, "Missing 'slaveId' query parameter in the request body");
      return;
    }
    if (json == null) {
      HttpResults.error(
          rc.response(), 400, "Missing '" + field + "' query parameter in the request body");
      return;
    }
    List<Resource> resources;
    try {
      resources = Arrays.asList(MesosJson.read(json, Resource[].class));
    } catch (RuntimeException e) {
      HttpResults.error(
          rc.response(),
          400,
          "Error in parsing '" + field + "' query parameter: " + e.getMessage());
      return;
    }
    Call call = toCall.apply(new AgentId(agent), resources);
    Context ctx = vertx.getOrCreateContext();
    CallResults.replyWhen(rc, ctx, node.master().orElseThrow().operatorCall(call, Callers.of(rc)));
  }

  private static String param(RoutingContext rc, String name) {
    String v = rc.request().getFormAttribute(name);
    if (v == null || v.isBlank()) {
      v = rc.request().getParam(name);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }
}
