package io.mezzo.http.master;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.MachineId;
import io.mezzo.api.v1.MalformedMessageException;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.MaintenanceSchedule;
import io.mezzo.api.v1.master.Response;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.common.LegacyResponses;
import io.mezzo.http.security.Callers;
import io.mezzo.master.CallResult;
import io.vertx.core.Context;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.function.Function;

/**
 * The master's maintenance endpoints, as Mesos's tools and web UI call them (each also without the
 * {@code /master} prefix): {@code GET /master/maintenance/schedule} answers the schedule, {@code
 * POST} replaces it (a JSON {@code maintenance.Schedule}); {@code GET /master/maintenance/status}
 * answers the draining and down machines; {@code POST /master/machine/down} and {@code
 * /master/machine/up} take a JSON array of machine ids. Each is the matching v1 operator call
 * (UPDATE_MAINTENANCE_SCHEDULE, START_MAINTENANCE, STOP_MAINTENANCE, GET_MAINTENANCE_*), with its
 * authorization and its answers: 200 (empty for a change), 400 with Mesos's reason, 403. Other
 * methods are 405 as in Mesos; a standby redirects first.
 */
@ApplicationScoped
public class MaintenanceRoute {
  private static final TypeReference<List<MachineId>> MACHINES = new TypeReference<>() {};

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
    LegacyEndpoints.any(router, "machine/down", rc -> machines(rc, true));
    LegacyEndpoints.any(router, "machine/up", rc -> machines(rc, false));
  }

  private void schedule(RoutingContext rc) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    switch (rc.request().method().name()) {
      case "GET" ->
          call(
              rc,
              Call.of(Call.Type.GET_MAINTENANCE_SCHEDULE),
              r -> MesosJson.tree(r.getMaintenanceSchedule().schedule()));
      case "POST" -> {
        MaintenanceSchedule schedule = parse(rc, MaintenanceSchedule.class);
        if (schedule != null) {
          call(rc, Call.updateMaintenanceSchedule(schedule), null);
        }
      }
      default -> LegacyEndpoints.methodNotAllowed(rc, List.of("GET", "POST"));
    }
  }

  private void status(RoutingContext rc) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    if (rc.request().method().name().equals("GET")) {
      call(
          rc,
          Call.of(Call.Type.GET_MAINTENANCE_STATUS),
          r -> MesosJson.tree(r.getMaintenanceStatus().status()));
    } else {
      LegacyEndpoints.methodNotAllowed(rc, List.of("GET"));
    }
  }

  private void machines(RoutingContext rc, boolean down) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    if (!rc.request().method().name().equals("POST")) {
      LegacyEndpoints.methodNotAllowed(rc, List.of("POST"));
      return;
    }
    List<MachineId> ids;
    try {
      byte[] bytes = rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
      JsonNode tree = MesosJson.read(bytes, JsonNode.class);
      if (!tree.isArray()) {
        HttpResults.error(rc.response(), 400, "Expecting a JSON array of machine ids");
        return;
      }
      ids = MesosJson.mapper().convertValue(tree, MACHINES);
    } catch (MalformedMessageException | IllegalArgumentException e) {
      HttpResults.error(rc.response(), 400, "Failed to parse machine ids: " + e.getMessage());
      return;
    }
    call(rc, Call.maintenance(down, ids), null);
  }

  private static <T> T parse(RoutingContext rc, Class<T> type) {
    try {
      byte[] bytes = rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
      return MesosJson.read(bytes, type);
    } catch (MalformedMessageException e) {
      HttpResults.error(rc.response(), 400, "Failed to parse the request body: " + e.getMessage());
      return null;
    }
  }

  /**
   * Runs {@code call} on the leading master for the request's caller; a success is {@code answer}'s
   * JSON of the response, or an empty 200 when {@code answer} is null.
   */
  private void call(RoutingContext rc, Call call, Function<Response, JsonNode> answer) {
    Context ctx = rc.vertx().getOrCreateContext();
    node.master()
        .orElseThrow()
        .operatorCall(call, Callers.of(rc))
        .whenComplete(
            (result, err) ->
                ctx.runOnContext(
                    v -> {
                      if (err != null) {
                        CallResults.failed(rc.response(), err);
                      } else if (!result.isSuccess() || answer == null) {
                        CallResults.write(rc.response(), plain(result));
                      } else {
                        LegacyResponses.json(rc, answer.apply((Response) result.body()));
                      }
                    }));
  }

  /** A change answers 200 with no body, as Mesos's endpoints do. */
  private static CallResult plain(CallResult r) {
    return r.isSuccess() ? CallResult.OK : r;
  }
}
