package io.mezzo.http.services;

import io.mezzo.framework.services.ServicesApi;
import io.mezzo.framework.services.api.ApiReply;
import io.mezzo.framework.services.api.ApiRequest;
import io.mezzo.framework.services.api.LocalEvents;
import io.mezzo.framework.services.api.Query;
import io.mezzo.framework.services.api.ServerInfo;
import io.mezzo.framework.services.api.V2Api;
import io.mezzo.http.common.ApiRelay;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Mounts Marathon's REST API ({@code /v2/*}, {@code /ping}) on a router: reads the request, asks
 * {@link V2Api}, writes its reply. Errors are Marathon's JSON ({@code {"message": …}}), including
 * the ones Vert.x raises before the handler (413 for a body over the limit). Every call waits at
 * most {@code callTimeout} for the framework. Built with {@code new} so tests mount it on a plain
 * Vert.x server with a fake framework.
 */
public final class V2Routes {
  private static final Logger LOG = Logger.getLogger(V2Routes.class);

  /** Before Quarkus's upload limit, which answers a too large body with a bare 413. */
  static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;

  /** What every route needs from the node, as functions so tests can supply them. */
  public record Deps(
      Vertx vertx,
      Predicate<RoutingContext> answeredByLeaderCheck,
      Supplier<Optional<ServicesApi>> api,
      Supplier<ServerInfo> server,
      Clock clock,
      int maxBodyBytes,
      Duration callTimeout,
      EventStream.Settings events) {}

  private final Deps deps;
  private final LocalEvents localEvents = new LocalEvents();

  public V2Routes(Deps deps) {
    this.deps = deps;
  }

  public void register(Router router) {
    router
        .get("/ping")
        .order(ORDER)
        .handler(
            rc ->
                rc.response()
                    .putHeader("Content-Type", ApiReply.TEXT)
                    .putHeader("Cache-Control", "no-cache, no-store, must-revalidate")
                    .end("pong"));
    router
        .route("/v2/*")
        .order(ORDER)
        .handler(BodyHandler.create(false).setBodyLimit(deps.maxBodyBytes()))
        .handler(this::handle)
        .failureHandler(this::failure);
  }

  private void handle(RoutingContext rc) {
    if (deps.answeredByLeaderCheck().test(rc)) {
      return;
    }
    Optional<ServicesApi> api = deps.api().get();
    if (api.isEmpty()) {
      write(
          rc.response(),
          ApiReply.error(
              503,
              "services framework is not running: it runs on the leading master once it has"
                  + " subscribed (or mezzo.services.enabled is false)"));
      return;
    }
    String path = rc.normalizedPath().substring("/v2".length());
    ApiRequest request =
        new ApiRequest(
            rc.request().method().name(),
            path.isEmpty() ? "/" : path,
            query(rc),
            rc.body() == null || rc.body().buffer() == null ? null : rc.body().buffer().getBytes(),
            rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().host(),
            rc.request().getHeader("Accept"));
    if (path.equals("/events")) {
      EventStream.open(rc, request, api.get(), localEvents, deps);
      return;
    }
    ApiRelay.relay(
        rc,
        deps.vertx().getOrCreateContext(),
        new V2Api(api.get(), deps.clock(), localEvents, servedAs(rc))
            .handle(request)
            .thenApply(V2Routes::answer),
        deps.callTimeout(),
        "services framework",
        V2Routes::error);
  }

  /** This node as the request reached it: /v2/info's links say https when it came over TLS. */
  private Supplier<ServerInfo> servedAs(RoutingContext rc) {
    if (!rc.request().isSSL() || rc.request().localAddress() == null) {
      return deps.server();
    }
    int port = rc.request().localAddress().port();
    return () -> deps.server().get().overTls(port);
  }

  private void failure(RoutingContext rc) {
    ApiRelay.failure(rc, deps.maxBodyBytes(), LOG, V2Routes::error);
  }

  private static ApiRelay.Answer answer(ApiReply r) {
    return new ApiRelay.Answer(r.status(), r.headers(), r.contentType(), r.body());
  }

  private static ApiRelay.Answer error(int status, String message) {
    return answer(ApiReply.error(status, message));
  }

  /** Copies a reply onto the response, unless the client has gone. */
  static void write(HttpServerResponse response, ApiReply reply) {
    ApiRelay.write(response, answer(reply));
  }

  private static Query query(RoutingContext rc) {
    return new Query(ApiRelay.query(rc));
  }
}
