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

/**
 * Mesos's legacy {@code POST /master/reserve} and {@code /master/unreserve} (also without the
 * prefix): a form body with {@code slaveId} and {@code resources}, a JSON array of {@code
 * Resource}, turned into RESERVE_RESOURCES or UNRESERVE_RESOURCES and answered as those are (202
 * when accepted). A missing field or unparsable JSON is 400; a standby redirects first.
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
      router.post(prefix + "/reserve").handler(body).handler(rc -> handle(rc, true));
      router.post(prefix + "/unreserve").handler(body).handler(rc -> handle(rc, false));
    }
  }

  private void handle(RoutingContext rc, boolean reserve) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    String agent = param(rc, "slaveId");
    String json = param(rc, "resources");
    if (agent == null) {
      HttpResults.error(
          rc.response(), 400, "Missing 'slaveId' query parameter in the request body");
      return;
    }
    if (json == null) {
      HttpResults.error(
          rc.response(), 400, "Missing 'resources' query parameter in the request body");
      return;
    }
    List<Resource> resources;
    try {
      resources = Arrays.asList(MesosJson.read(json, Resource[].class));
    } catch (RuntimeException e) {
      HttpResults.error(
          rc.response(), 400, "Error in parsing 'resources' query parameter: " + e.getMessage());
      return;
    }
    AgentId id = new AgentId(agent);
    Call call =
        reserve ? Call.reserveResources(id, resources) : Call.unreserveResources(id, resources);
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
