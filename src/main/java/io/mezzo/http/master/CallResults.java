package io.mezzo.http.master;

import io.mezzo.api.wire.WireCodec;
import io.mezzo.api.wire.WireFormat;
import io.mezzo.http.common.ApiRequests;
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

  /** Writes {@code result} with a JSON body. */
  public static void write(HttpServerResponse response, CallResult result) {
    write(response, result, WireFormat.JSON);
  }

  /**
   * Writes {@code result}, its body (if any) in {@code format}. A body that has no faithful
   * protobuf form is a defect: it is logged and answered 500 rather than sent half-encoded.
   */
  public static void write(HttpServerResponse response, CallResult result, WireFormat format) {
    if (result.isSuccess()) {
      if (result.body() != null) {
        byte[] body;
        try {
          body = WireCodec.encode(result.body(), format);
        } catch (IllegalStateException e) {
          LOG.error("cannot encode a response", e);
          HttpResults.error(response, 500, "Internal error: " + e.getMessage());
          return;
        }
        response
            .setStatusCode(result.status())
            .putHeader("Content-Type", format.mediaType())
            .end(Buffer.buffer(body));
      } else {
        response.setStatusCode(result.status()).end();
      }
      return;
    }
    HttpResults.error(response, result.status(), result.message());
  }

  /**
   * Answers a call that failed with {@code err}: 503 with a reason if it means this master does not
   * lead (any more, see {@link FencedFailure}), else 500 (a bug, logged by the caller).
   */
  public static void failed(HttpServerResponse response, Throwable err) {
    java.util.Optional<String> fenced = FencedFailure.reason(err);
    if (fenced.isPresent()) {
      HttpResults.error(response, 503, fenced.get());
    } else {
      HttpResults.error(response, 500, "Internal error: " + err);
    }
  }

  /**
   * Answers {@code rc} with the call's outcome once it completes, on {@code ctx}, in the format
   * {@link ApiRequests#negotiate} chose (JSON if it was not asked).
   */
  public static void replyWhen(
      RoutingContext rc, Context ctx, CompletionStage<CallResult> outcome) {
    outcome.whenComplete(
        (result, err) ->
            ctx.runOnContext(
                v -> {
                  if (err != null) {
                    LOG.errorf(err, "call to %s failed", rc.request().path());
                    CallResults.failed(rc.response(), err);
                  } else {
                    write(rc.response(), result, ApiRequests.responseFormat(rc));
                  }
                }));
  }
}
