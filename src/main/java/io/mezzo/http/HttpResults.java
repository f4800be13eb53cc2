package io.mezzo.http;

import io.mezzo.api.v1.MesosJson;
import io.mezzo.master.CallResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Writes call outcomes as Mesos does: a status code and a plain-text reason, or a JSON body. */
public final class HttpResults {
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

  public static void error(HttpServerResponse response, int status, String message) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(message == null ? "" : message);
  }
}
