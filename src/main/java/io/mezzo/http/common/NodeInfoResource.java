package io.mezzo.http.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.VersionInfo;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What every node answers whatever it runs (MESOS-API.md §4.3, §5.2): {@code GET /version} and
 * {@code GET /metrics/snapshot}, the latter with the {@code master/*} and {@code allocator/*}
 * metrics of a master and the {@code slave/*} ones of an agent (both on a standalone node). Both
 * honour {@code ?jsonp=}. Each role contributes its metrics through {@link NodeMetrics}. Plain
 * request/response endpoints are RESTEasy Reactive resources; the streaming APIs stay Vert.x routes
 * because their chunk boundaries matter.
 */
@Path("/")
public class NodeInfoResource {
  private final Instance<NodeMetrics> parts;

  public NodeInfoResource(Instance<NodeMetrics> parts) {
    this.parts = parts;
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
  public CompletionStage<Response> metrics(@QueryParam("jsonp") String jsonp) {
    CompletionStage<Map<String, Double>> all = CompletableFuture.completedFuture(new TreeMap<>());
    for (NodeMetrics part : parts) {
      all =
          all.thenCombine(
              part.snapshot(),
              (sofar, more) -> {
                sofar.putAll(more);
                return sofar;
              });
    }
    return all.thenApply(
        metrics -> {
          ObjectNode out = LegacyModel.object();
          metrics.forEach(out::put);
          return answer(out, jsonp);
        });
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
