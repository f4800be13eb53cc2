package io.mezzo.http.common;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The Vert.x side shared by the built-in frameworks' REST routes (Marathon's {@code /v2}, Chronos's
 * {@code /scheduler}): each decides its answers without a server, and this copies them onto the
 * response, bounds the wait for the framework, and turns what Vert.x raises before the handler (a
 * body over the limit, a malformed request) or an unexpected error into the API's own error body.
 */
public final class ApiRelay {
  private ApiRelay() {}

  /** What a route answers: a status, extra headers and a body ({@code null} for none). */
  public record Answer(int status, Map<String, String> headers, String contentType, String body) {}

  /** Makes the API's error answer (its own JSON shape) for a status and a readable message. */
  public interface Errors extends BiFunction<Integer, String, Answer> {}

  /**
   * Writes {@code answer} once it completes, on {@code ctx}; a framework that does not answer
   * within {@code timeout} gets a 503 naming {@code who}; a failed stage goes to the route's
   * failure handler.
   */
  public static void relay(
      RoutingContext rc,
      Context ctx,
      CompletionStage<Answer> answer,
      Duration timeout,
      String who,
      Errors errors) {
    answer
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (reply, err) ->
                ctx.runOnContext(
                    v -> {
                      if (err == null) {
                        write(rc.response(), reply);
                      } else if (unwrap(err) instanceof TimeoutException) {
                        write(
                            rc.response(),
                            errors.apply(
                                503,
                                who
                                    + " did not answer within "
                                    + timeout.toMillis()
                                    + " ms; try again"));
                      } else {
                        rc.fail(unwrap(err));
                      }
                    }));
  }

  /**
   * The failure handler: 413 names the body limit, other 4xx keep Vert.x's message, anything else
   * is a 500 with an error id that the node's log carries with the stack trace.
   */
  public static void failure(RoutingContext rc, int maxBodyBytes, Logger log, Errors errors) {
    Throwable failure = rc.failure();
    int status = failure instanceof HttpException http ? http.getStatusCode() : rc.statusCode();
    if (status == 413) {
      write(
          rc.response(),
          errors.apply(413, "Request body is larger than " + maxBodyBytes + " bytes"));
    } else if (status >= 400 && status < 500) {
      write(
          rc.response(),
          errors.apply(
              status,
              failure != null && failure.getMessage() != null
                  ? failure.getMessage()
                  : "Malformed HTTP request"));
    } else {
      String id = UUID.randomUUID().toString();
      log.errorf(
          failure,
          "%s %s failed with an unexpected error (error id %s)",
          rc.request().method(),
          rc.request().path(),
          id);
      write(
          rc.response(),
          errors.apply(
              500, "Internal error (error id " + id + "); the node's log has the details"));
    }
  }

  /** Copies an answer onto the response, unless the client has gone. */
  public static void write(HttpServerResponse response, Answer answer) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(answer.status());
    answer.headers().forEach(response::putHeader);
    // Neither Marathon's nor Chronos's answers may be cached: a stale app or job list misleads.
    response.putHeader("Cache-Control", "no-cache, no-store, must-revalidate");
    if (answer.body() == null) {
      response.end();
    } else {
      response.putHeader("Content-Type", answer.contentType()).end(answer.body());
    }
  }

  /** The query parameters, every value of a repeated one in order. */
  public static Map<String, List<String>> query(RoutingContext rc) {
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
