package io.mezzo.http.jobs;

import io.mezzo.framework.jobs.JobsApi;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    Context ctx = rc.vertx().getOrCreateContext();
    new ChronosApi(deps.api().get(), deps.clock(), deps.leader())
        .handle(request)
        .toCompletableFuture()
        .orTimeout(deps.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (reply, err) ->
                ctx.runOnContext(
                    v -> {
                      if (err == null) {
                        write(rc.response(), reply);
                      } else if (unwrap(err) instanceof TimeoutException) {
                        write(
                            rc.response(),
                            ChronosReply.error(
                                503,
                                "jobs framework did not answer within "
                                    + deps.callTimeout().toMillis()
                                    + " ms; try again"));
                      } else {
                        rc.fail(unwrap(err));
                      }
                    }));
  }

  private void failure(RoutingContext rc) {
    Throwable failure = rc.failure();
    int status = failure instanceof HttpException http ? http.getStatusCode() : rc.statusCode();
    if (status == 413) {
      write(
          rc.response(),
          ChronosReply.error(413, "Request body is larger than " + deps.maxBodyBytes() + " bytes"));
    } else if (status >= 400 && status < 500) {
      write(
          rc.response(),
          ChronosReply.error(
              status,
              failure != null && failure.getMessage() != null
                  ? failure.getMessage()
                  : "Malformed HTTP request"));
    } else {
      String id = UUID.randomUUID().toString();
      LOG.errorf(
          failure,
          "%s %s failed with an unexpected error (error id %s)",
          rc.request().method(),
          rc.request().path(),
          id);
      write(
          rc.response(),
          ChronosReply.error(
              500, "Internal error (error id " + id + "); the node's log has the details"));
    }
  }

  /** Copies a reply onto the response, unless the client has gone. */
  static void write(HttpServerResponse response, ChronosReply reply) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(reply.status());
    reply.headers().forEach(response::putHeader);
    // A cached job list or stat misleads whoever is watching a run.
    response.putHeader("Cache-Control", "no-cache, no-store, must-revalidate");
    if (reply.body() == null) {
      response.end();
    } else {
      response.putHeader("Content-Type", reply.contentType()).end(reply.body());
    }
  }

  private static Map<String, List<String>> query(RoutingContext rc) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : rc.queryParams()) {
      params.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }
    return params;
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
