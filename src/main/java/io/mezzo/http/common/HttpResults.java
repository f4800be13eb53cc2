package io.mezzo.http.common;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * How every route answers an error, as Mesos does: a status code and a plain-text reason. The
 * master's call outcomes ({@code CallResult}) are written by {@code http.master.CallResults} on top
 * of this.
 */
public final class HttpResults {
  private static final Logger LOG = Logger.getLogger(HttpResults.class);

  /**
   * The API routes run just before Quarkus's upload limit, which answers a too large Content-Length
   * with a bare 413 and no reason; they enforce {@code mezzo.max-request-bytes} themselves, with
   * one.
   */
  static final int API_ROUTE_ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;

  /**
   * Method and Content-Type are checked on a route of their own, before the body is read: Vert.x
   * allows no handler before a body handler on one route.
   */
  static final int API_HEADER_CHECK_ORDER = API_ROUTE_ORDER - 1;

  /**
   * The authentication gate ({@code http.security}) runs before every route of Mezzo's, and after
   * Quarkus's own authentication filter (order -200), which only prepares the identity lazily.
   */
  public static final int AUTHENTICATION_ORDER = API_HEADER_CHECK_ORDER - 1;

  private HttpResults() {}

  /**
   * The API routes' failure handler. Vert.x fails some requests before our handler runs, with a
   * status only: 413 when the body handler's limit is passed (a chunked body has no Content-Length
   * to check up front). Those get their status and a reason, as every error of the API does.
   * Anything else that fails a route is a bug: this last line of defence answers 500 and logs it
   * with an error id the client is given, and the robustness test requires that it never runs.
   */
  public static void failure(RoutingContext rc, int maxBodyBytes) {
    Throwable failure = rc.failure();
    int status = failure instanceof HttpException http ? http.getStatusCode() : rc.statusCode();
    if (status == 413) {
      error(rc.response(), 413, "Request body is larger than " + maxBodyBytes + " bytes");
    } else if (status >= 400 && status < 500) {
      String reason =
          failure instanceof HttpException http && http.getPayload() != null
              ? http.getPayload()
              : failure != null && failure.getMessage() != null
                  ? failure.getMessage()
                  : "Malformed HTTP request";
      error(rc.response(), status, reason);
    } else {
      String id = UUID.randomUUID().toString();
      LOG.errorf(
          failure,
          "%s %s failed with an unexpected error (error id %s)",
          rc.request().method(),
          rc.request().path(),
          id);
      error(
          rc.response(),
          500,
          "Internal error (error id " + id + "); the node's log has the details");
    }
  }

  /** Answers {@code status} with {@code message} as plain text, unless the response has ended. */
  public static void error(HttpServerResponse response, int status, String message) {
    if (response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(message == null ? "" : message);
  }
}
