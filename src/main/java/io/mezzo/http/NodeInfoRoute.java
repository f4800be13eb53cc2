package io.mezzo.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.agent.Agent;
import io.mezzo.agent.operator.AgentViews;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.api.v1.VersionInfo;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.master.Master;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What every node answers whatever it runs: {@code GET /version} and {@code GET /metrics/snapshot}
 * (MESOS-API.md §4.3, §5.2), the latter with the {@code master/*} and {@code allocator/*} metrics
 * of a master and the {@code slave/*} ones of an agent (both on a standalone node). Both honour
 * {@code ?jsonp=}.
 */
@ApplicationScoped
public class NodeInfoRoute {
  private final MezzoNode node;
  private final Vertx vertx;
  private final LocalAgent local;

  public NodeInfoRoute(MezzoNode node, Vertx vertx, LocalAgent local) {
    this.node = node;
    this.vertx = vertx;
    this.local = local;
  }

  void register(@Observes Router router) {
    router.get("/version").handler(this::version);
    router.get("/metrics/snapshot").handler(this::metrics);
  }

  private void version(RoutingContext rc) {
    VersionInfo v = VersionInfo.current();
    ObjectNode out = LegacyModel.object();
    out.put("version", v.version());
    out.put("build_user", v.buildUser());
    out.put("build_date", "");
    out.put("build_time", 0);
    out.put("mezzo_version", VersionInfo.MEZZO_VERSION);
    LegacyResponses.json(rc, out);
  }

  private void metrics(RoutingContext rc) {
    Context ctx = vertx.getOrCreateContext();
    CompletionStage<Map<String, Double>> masterPart =
        node.master()
            .filter(Master::isRecovered)
            .map(Master::metricsSnapshot)
            .orElse(
                CompletableFuture.completedFuture(
                    node.role().runsMaster() ? Map.of("master/elected", 0.0) : Map.of()));
    Agent agent = local.agent().orElse(null);
    CompletionStage<Map<String, Double>> agentPart =
        agent == null
            ? CompletableFuture.completedFuture(Map.of())
            : agent
                .snapshot()
                .thenApply(s -> AgentViews.metrics(s, local.started(), Instant.now()));
    masterPart
        .thenCombine(
            agentPart,
            (m, a) -> {
              Map<String, Double> all = new TreeMap<>(m);
              all.putAll(a);
              ObjectNode out = LegacyModel.object();
              all.forEach(out::put);
              return out;
            })
        .whenComplete((json, err) -> ctx.runOnContext(v -> LegacyResponses.reply(rc, json, err)));
  }
}
