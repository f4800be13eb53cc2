package io.mezzo.http.master;

import io.mezzo.api.v1.MesosJson;
import io.mezzo.http.common.HttpResults;
import io.mezzo.master.CallResult;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Writes the master's call outcomes as Mesos does: a status code and a plain-text reason, or a JSON
 * body. Lives on the master side because {@link CallResult} is the master's; the plain-text error
 * itself is {@link HttpResults#error}, shared with the agent's routes.
 */
public final class CallResults {
  private static final Logger LOG = Logger.getLogger(CallResults.class);

  private CallResults() {}

  public static void write(HttpServerResponse response, CallResult result) {
    if (result.isSuccess()) {
      if (result.body() != null) {
        response
            .setStatusCode(result.status())
            .putHeader("Content-Type", "application/json")
            .end(Buffer.buffer(MesosJson.write(result.body())));
      } else {
        response.setStatusCode(result.status()).end();
      }
      return;
    }
    HttpResults.error(response, result.status(), result.message());
  }

  /** Answers {@code rc} with the call's outcome once it completes, on {@code ctx}. */
  public static void replyWhen(
      RoutingContext rc, Context ctx, CompletionStage<CallResult> outcome) {
    outcome.whenComplete(
        (result, err) ->
            ctx.runOnContext(
                v -> {
                  if (err != null) {
                    LOG.errorf(err, "call to %s failed", rc.request().path());
                    HttpResults.error(rc.response(), 500, "Internal error: " + err);
                  } else {
                    write(rc.response(), result);
                  }
                }));
  }
}
