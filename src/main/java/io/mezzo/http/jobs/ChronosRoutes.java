package io.mezzo.http.jobs;

import io.mezzo.framework.jobs.JobsApi;
import io.mezzo.http.common.ApiRelay;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Mounts Chronos's REST API on a router under both of Chronos's prefixes, {@code /v1/scheduler}
 * (Chronos 3) and {@code /scheduler} (Chronos 2): reads the request, asks {@link ChronosApi},
 * writes its reply. Errors are Chronos's JSON ({@code {"status": …, "message": …}}), including the
 * ones Vert.x raises before the handler (413 for a body over the limit). Every call waits at most
 * {@code callTimeout} for the framework. Built with {@code new} so tests mount it on a plain Vert.x
 * server with a fake framework.
 */
public final class ChronosRoutes {
  private static final Logger LOG = Logger.getLogger(ChronosRoutes.class);

  /** Chronos 3's prefix first: the one its documentation uses. */
  public static final List<String> PREFIXES = List.of("/v1/scheduler", "/scheduler");

  /** Before Quarkus's upload limit, which answers a too large body with a bare 413. */
  static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;

  /**
   * What the routes need from the node, as functions so tests can supply them.
   *
   * @param answeredByLeaderCheck answers the request (307 to the leader, or 503) and returns true
   *     when this node is not the recovered leading master
   * @param api the jobs framework, empty while it does not run here
   * @param leader the leading master's {@code host:port}, empty while none is known
   */
  public record Deps(
      Predicate<RoutingContext> answeredByLeaderCheck,
      Supplier<Optional<JobsApi>> api,
      Supplier<Optional<String>> leader,
      Clock clock,
      int maxBodyBytes,
      Duration callTimeout) {}

  private final Deps deps;

  public ChronosRoutes(Deps deps) {
    this.deps = deps;
  }

  public void register(Router router) {
    for (String prefix : PREFIXES) {
      router
          .route(prefix + "/*")
          .order(ORDER)
          .handler(BodyHandler.create(false).setBodyLimit(deps.maxBodyBytes()))
          .handler(rc -> handle(rc, prefix))
          .failureHandler(this::failure);
    }
  }

  private void handle(RoutingContext rc, String prefix) {
    String path = rc.normalizedPath().substring(prefix.length());
    // Any master can say who leads; everything else is the leader's to answer.
    boolean leaderQuery = path.equals("/leader") || path.equals("/leader/");
    if (!leaderQuery && deps.answeredByLeaderCheck().test(rc)) {
      return;
    }
    ChronosRequest request =
        new ChronosRequest(
            rc.request().method().name(),
            prefix,
            path.isEmpty() ? "/" : path,
            query(rc),
            rc.body() == null || rc.body().buffer() == null ? null : rc.body().buffer().getBytes());
    ApiRelay.relay(
        rc,
        rc.vertx().getOrCreateContext(),
        new ChronosApi(deps.api().get(), deps.clock(), deps.leader())
            .handle(request)
            .thenApply(ChronosRoutes::answer),
        deps.callTimeout(),
        "jobs framework",
        ChronosRoutes::error);
  }

  private void failure(RoutingContext rc) {
    ApiRelay.failure(rc, deps.maxBodyBytes(), LOG, ChronosRoutes::error);
  }

  private static ApiRelay.Answer answer(ChronosReply r) {
    return new ApiRelay.Answer(r.status(), r.headers(), r.contentType(), r.body());
  }

  private static ApiRelay.Answer error(int status, String message) {
    return answer(ChronosReply.error(status, message));
  }

  /** Copies a reply onto the response, unless the client has gone. */
  static void write(HttpServerResponse response, ChronosReply reply) {
    ApiRelay.write(response, answer(reply));
  }

  private static Map<String, List<String>> query(RoutingContext rc) {
    return ApiRelay.query(rc);
  }
}
