package io.mezzo.http.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.wire.ProtoJson;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.LegacyResponses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.apache.mesos.v1.maintenance.Protos.ClusterStatus;
import org.apache.mesos.v1.maintenance.Protos.Schedule;

/**
 * The master's maintenance endpoints, as Mesos's tools call them: {@code GET
 * /master/maintenance/schedule} and {@code GET /master/maintenance/status} answer what Mezzo really
 * has, which is no schedule and so no draining or down machines (Mesos prints both as {@code {}});
 * changing anything ({@code POST /master/maintenance/schedule}, {@code POST /master/machine/down},
 * {@code POST /master/machine/up}) is a 501 saying so until maintenance schedules are built (issue
 * 15). Other methods are 405 as in Mesos; a standby redirects first.
 */
@ApplicationScoped
public class MaintenanceRoute {
  static final String NOT_YET =
      "maintenance schedules are not built in Mezzo yet; they arrive with the tenancy issue (15)."
          + " Meanwhile take an agent out of service with the v1 operator call DRAIN_AGENT or"
          + " DEACTIVATE_AGENT";

  private final MezzoNode node;

  public MaintenanceRoute(MezzoNode node) {
    this.node = node;
  }

  void register(@Observes Router router) {
    if (!node.role().runsMaster()) {
      return;
    }
    BodyHandler body = BodyHandler.create(false).setBodyLimit(node.maxBodyBytes());
    for (String prefix : new String[] {"/master", ""}) {
      router.post(prefix + "/maintenance/schedule").handler(body);
      router.post(prefix + "/machine/down").handler(body);
      router.post(prefix + "/machine/up").handler(body);
    }
    LegacyEndpoints.any(router, "maintenance/schedule", this::schedule);
    LegacyEndpoints.any(router, "maintenance/status", this::status);
    LegacyEndpoints.any(router, "machine/down", this::change);
    LegacyEndpoints.any(router, "machine/up", this::change);
  }

  /** The schedule Mezzo keeps: none yet, which Mesos prints as an empty {@code Schedule}. */
  static ObjectNode schedule() {
    return ProtoJson.toJson(Schedule.getDefaultInstance());
  }

  /** No schedule means no machine is draining or down: an empty {@code ClusterStatus}. */
  static ObjectNode clusterStatus() {
    return ProtoJson.toJson(ClusterStatus.getDefaultInstance());
  }

  private void schedule(RoutingContext rc) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    switch (rc.request().method().name()) {
      case "GET" -> LegacyResponses.json(rc, schedule());
      case "POST" -> LegacyEndpoints.notYet(rc, NOT_YET);
      default -> LegacyEndpoints.methodNotAllowed(rc, List.of("GET", "POST"));
    }
  }

  private void status(RoutingContext rc) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    if (rc.request().method().name().equals("GET")) {
      LegacyResponses.json(rc, clusterStatus());
    } else {
      LegacyEndpoints.methodNotAllowed(rc, List.of("GET"));
    }
  }

  private void change(RoutingContext rc) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    if (rc.request().method().name().equals("POST")) {
      LegacyEndpoints.notYet(rc, NOT_YET);
    } else {
      LegacyEndpoints.methodNotAllowed(rc, List.of("POST"));
    }
  }
}
