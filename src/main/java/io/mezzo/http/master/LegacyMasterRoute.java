package io.mezzo.http.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MasterInfo;
import io.mezzo.api.v1.master.Call;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.config.MezzoConfig;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.common.LegacyResponses;
import io.mezzo.http.security.Callers;
import io.mezzo.http.security.EndpointAccess;
import io.mezzo.master.Master;
import io.mezzo.master.MasterState;
import io.mezzo.master.operator.LegacyStateJson;
import io.mezzo.master.operator.LegacySummaryJson;
import io.mezzo.master.operator.MasterFlags;
import io.mezzo.master.operator.Visibility;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The master's legacy endpoints (MESOS-API.md §4.3), each with and without the {@code /master}
 * prefix as in Mesos (the master is the default process): {@code state} (also {@code state.json}),
 * {@code state-summary}, {@code frameworks}, {@code slaves}, {@code tasks}, {@code roles}, {@code
 * flags}, {@code health}, {@code redirect}, and {@code POST teardown}. Reads run on the master's
 * context and are written (JSON, or JSONP with {@code ?jsonp=}) on the request's. The maintenance,
 * quota and weights endpoints are {@link MaintenanceRoute}, {@link QuotaRoute} and {@link
 * WeightsRoute}; {@code version} and {@code metrics/snapshot} are the node's.
 */
@ApplicationScoped
public class LegacyMasterRoute {
  private final MezzoNode node;
  private final Vertx vertx;
  private final MezzoConfig config;
  private final Authorizer authorizer;

  public LegacyMasterRoute(MezzoNode node, Vertx vertx, MezzoConfig config, Authorizer authorizer) {
    this.node = node;
    this.vertx = vertx;
    this.config = config;
    this.authorizer = authorizer;
  }

  void register(@Observes Router router) {
    if (!node.role().runsMaster()) {
      return;
    }
    get(router, "state", rc -> read(rc, (s, seen) -> LegacyStateJson.state(s, flags(), seen)));
    get(router, "state.json", rc -> read(rc, (s, seen) -> LegacyStateJson.state(s, flags(), seen)));
    get(
        router,
        "state-summary",
        rc -> read(rc, (s, seen) -> LegacySummaryJson.stateSummary(s, seen)));
    get(
        router,
        "frameworks",
        rc -> {
          String id = LegacyResponses.param(rc, "framework_id");
          read(rc, (s, seen) -> LegacyStateJson.frameworks(s, id, seen));
        });
    get(
        router,
        "slaves",
        rc -> {
          String id = LegacyResponses.param(rc, "slave_id");
          read(rc, (Function<MasterState, ObjectNode>) s -> LegacyStateJson.slaves(s, id));
        });
    get(router, "tasks", this::tasks);
    get(router, "tasks.json", this::tasks);
    get(router, "roles", rc -> read(rc, (s, seen) -> LegacySummaryJson.roles(s, seen)));
    get(router, "roles.json", rc -> read(rc, (s, seen) -> LegacySummaryJson.roles(s, seen)));
    // Mesos answers flags on any master, a standby included, with the master's own settings.
    get(
        router,
        "flags",
        rc -> {
          if (node.master().isEmpty()
              && node.standbyConfig().isEmpty()
              && LeaderRedirect.answered(rc, node)) {
            return;
          }
          if (EndpointAccess.refused(
              rc, authorizer.decide(Callers.of(rc), Action.VIEW_FLAGS, null))) {
            return;
          }
          ObjectNode out = LegacyModel.object();
          ObjectNode f = out.putObject("flags");
          flags().forEach(f::put);
          LegacyResponses.json(rc, out);
        });
    // Mesos answers health with an empty 200 whatever the query: there is no JSON to wrap, so
    // ?jsonp= changes nothing there (nor on redirect, whose answer has no body either).
    get(router, "health", rc -> rc.response().setStatusCode(200).end());
    get(router, "redirect", this::redirect);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(64 * 1024);
    for (String path : new String[] {"/master/teardown", "/teardown"}) {
      router.post(path).handler(body).handler(this::teardown);
    }
  }

  private static void get(Router router, String name, Handler<RoutingContext> handler) {
    LegacyEndpoints.get(router, name, handler);
  }

  /** The master's flags plus the node-level settings behind them. */
  private Map<String, String> flags() {
    Map<String, String> flags =
        new LinkedHashMap<>(
            node.master()
                .map(Master::flags)
                .or(() -> node.standbyConfig().map(MasterFlags::of))
                .orElse(Map.of()));
    flags.put("work_dir", Path.of(config.workDir()).toAbsolutePath().resolve("master").toString());
    flags.put("mezzo_role", node.role().name().toLowerCase());
    return flags;
  }

  /**
   * Runs {@code then} on the leading master; a standby sends the client to the leader (307)
   * instead.
   */
  private void withMaster(RoutingContext rc, Consumer<Master> then) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    then.accept(node.master().orElseThrow());
  }

  /**
   * {@code /master/redirect}: 307 to the leader's base {@code //host:port} (this node when it
   * leads), without the path or query, so following it never loops; 503 if no leader is known.
   */
  private void redirect(RoutingContext rc) {
    MasterInfo leader =
        node.master().filter(Master::isRecovered).map(Master::info).or(node::leader).orElse(null);
    if (leader == null) {
      HttpResults.error(rc.response(), 503, "No leader elected");
      return;
    }
    rc.response().setStatusCode(307).putHeader("Location", LeaderRedirect.base(leader)).end();
  }

  private void read(RoutingContext rc, Function<MasterState, ObjectNode> reader) {
    LegacyEndpoints.read(rc, node, vertx, reader);
  }

  /** A read filtered to what the request's caller may view (Mesos's filtered state endpoints). */
  private void read(RoutingContext rc, BiFunction<MasterState, Visibility, ObjectNode> reader) {
    Caller caller = Callers.of(rc);
    LegacyEndpoints.read(rc, node, vertx, s -> reader.apply(s, Visibility.of(s, caller)));
  }

  private void tasks(RoutingContext rc) {
    LegacySummaryJson.Query q;
    try {
      q =
          LegacySummaryJson.Query.parse(
              rc.request().getParam("limit"),
              rc.request().getParam("offset"),
              rc.request().getParam("order"),
              rc.request().getParam("framework_id"),
              rc.request().getParam("task_id"));
    } catch (IllegalArgumentException e) {
      HttpResults.error(rc.response(), 400, e.getMessage());
      return;
    }
    read(rc, (s, seen) -> LegacySummaryJson.tasks(s, q, seen));
  }

  /** {@code POST /master/teardown} with {@code frameworkId=} (form body or query), as Mesos. */
  private void teardown(RoutingContext rc) {
    String id = rc.request().getFormAttribute("frameworkId");
    if (id == null || id.isBlank()) {
      id = rc.request().getParam("frameworkId");
    }
    if (id == null || id.isBlank()) {
      HttpResults.error(
          rc.response(), 400, "Missing 'frameworkId' query parameter in the request body");
      return;
    }
    String frameworkId = id.trim();
    withMaster(
        rc,
        master -> {
          Context ctx = vertx.getOrCreateContext();
          Call call =
              new Call(
                  Call.Type.TEARDOWN,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  new Call.Teardown(new FrameworkId(frameworkId)),
                  null);
          CallResults.replyWhen(rc, ctx, master.operatorCall(call, Callers.of(rc)));
        });
  }
}
