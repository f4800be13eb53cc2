package io.mezzo.http.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.VersionInfo;
import io.mezzo.core.time.StoutDuration;
import io.mezzo.core.time.Timers;
import io.mezzo.http.security.Callers;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What every node answers whatever it runs (MESOS-API.md §4.3, §5.2): {@code GET /version} and
 * {@code GET /metrics/snapshot}, the latter with the {@code master/*} and {@code allocator/*}
 * metrics of a master and the {@code slave/*} ones of an agent (both on a standalone node). Both
 * honour {@code ?jsonp=}; the snapshot also honours {@code ?timeout=} (a stout duration such as
 * {@code 5secs}, see {@link MetricsGathering}). Each role contributes its metrics through {@link
 * NodeMetrics}. Plain request/response endpoints are RESTEasy Reactive resources; the streaming
 * APIs stay Vert.x routes because their chunk boundaries matter.
 */
@Path("/")
public class NodeInfoResource {
  static final String METRICS_PATH = "/metrics/snapshot";

  private final Instance<NodeMetrics> parts;
  private final Timers timers;
  private final Authorizer authorizer;

  public NodeInfoResource(Instance<NodeMetrics> parts, Vertx vertx, Authorizer authorizer) {
    this.parts = parts;
    this.authorizer = authorizer;
    this.timers = new VertxTimers(vertx, Clock.systemUTC());
  }

  @GET
  @Path("version")
  public Response version(@QueryParam("jsonp") String jsonp) {
    VersionInfo v = VersionInfo.current();
    ObjectNode out = LegacyModel.object();
    out.put("version", v.version());
    out.put("build_user", v.buildUser());
    out.put("build_date", "");
    out.put("build_time", 0);
    out.put("mezzo_version", VersionInfo.MEZZO_VERSION);
    return answer(out, jsonp);
  }

  @GET
  @Path("metrics/snapshot")
  public CompletionStage<Response> metrics(
      @QueryParam("jsonp") String jsonp,
      @QueryParam("timeout") String timeout,
      @Context RoutingContext rc) {
    // Mesos guards the snapshot with get_endpoints, on masters and agents alike.
    Decision allowed = authorizer.decide(Callers.of(rc), Action.GET_ENDPOINTS, METRICS_PATH);
    if (!allowed.allowed()) {
      return CompletableFuture.completedFuture(
          Response.status(403).type("text/plain").entity(allowed.reason()).build());
    }
    Optional<Duration> limit;
    try {
      limit = timeout(timeout);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          Response.status(400).type("text/plain").entity(e.getMessage()).build());
    }
    List<CompletionStage<Map<String, Double>>> snapshots = new ArrayList<>();
    for (NodeMetrics part : parts) {
      snapshots.add(part.snapshot());
    }
    return MetricsGathering.gather(snapshots, limit, timers)
        .thenApply(
            metrics -> {
              ObjectNode out = LegacyModel.object();
              metrics.forEach(out::put);
              return answer(out, jsonp);
            });
  }

  /**
   * The {@code timeout} query parameter: absent means no limit, as in Mesos.
   *
   * @throws IllegalArgumentException naming the parameter and what is wrong with its value
   */
  static Optional<Duration> timeout(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(StoutDuration.parse(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid 'timeout' query parameter: " + e.getMessage(), e);
    }
  }

  /** JSON, or {@code cb(<json>);} as JavaScript for {@code ?jsonp=cb} (a JavaScript name only). */
  static Response answer(ObjectNode body, String jsonp) {
    String json;
    try {
      json = MesosJson.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      return Response.serverError()
          .type("text/plain")
          .entity("Cannot write JSON: " + e.getOriginalMessage())
          .build();
    }
    if (jsonp == null || jsonp.isEmpty()) {
      return Response.ok(json, "application/json").build();
    }
    if (!LegacyResponses.validCallback(jsonp)) {
      return Response.status(400)
          .type("text/plain")
          .entity("'jsonp' must be a JavaScript function name, got '" + jsonp + "'")
          .build();
    }
    return Response.ok(jsonp + "(" + json + ");", "text/javascript").build();
  }
}
