package io.mezzo.http;

import io.mezzo.api.v1.MesosJson;
import io.mezzo.master.CallResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/** Writes call outcomes as Mesos does: a status code and a plain-text reason, or a JSON body. */
public final class HttpResults {
  private static final Logger LOG = Logger.getLogger(HttpResults.class);

  private HttpResults() {}

  public static void write(HttpServerResponse response, CallResult result) {
    if (result.isSuccess()) {
      if (result.body() != null) {
        response.setStatusCode(result.status())
            .putHeader("Content-Type", "application/json")
            .end(Buffer.buffer(MesosJson.write(result.body())));
      } else {
        response.setStatusCode(result.status()).end();
      }
      return;
    }
    error(response, result.status(), result.message());
  }

  /** Answers {@code rc} with the call's outcome once it completes, on {@code ctx}. */
  public static void replyWhen(RoutingContext rc, Context ctx, CompletionStage<CallResult> outcome) {
    outcome.whenComplete((result, err) -> ctx.runOnContext(v -> {
      if (err != null) {
        LOG.errorf(err, "call to %s failed", rc.request().path());
        error(rc.response(), 500, "Internal error: " + err);
      } else {
        write(rc.response(), result);
      }
    }));
  }

  public static void error(HttpServerResponse response, int status, String message) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(message == null ? "" : message);
  }
}
