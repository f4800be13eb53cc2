package io.mezzo.http.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.MesosJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

/**
 * How the legacy GET endpoints answer (MESOS-API.md §4.3): JSON, or with {@code ?jsonp=cb} the
 * JavaScript {@code cb(<json>);} as {@code text/javascript}, which is how the Mesos web UI reads a
 * master or agent on another origin. Errors are plain text with a clear status.
 */
public final class LegacyResponses {
  /**
   * A callback must be a JavaScript name (dots allowed), so nothing else can be injected into the
   * page.
   */
  private static final Pattern CALLBACK = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]{0,127}");

  private LegacyResponses() {}

  /** True for a {@code jsonp} callback that is a JavaScript name. */
  public static boolean validCallback(String callback) {
    return CALLBACK.matcher(callback).matches();
  }

  /** Writes {@code body} as JSON or JSONP; a malformed callback is a 400. */
  public static void json(RoutingContext rc, JsonNode body) {
    if (rc.response().ended() || rc.response().closed()) {
      return;
    }
    String callback = rc.request().getParam("jsonp");
    String json;
    try {
      json = MesosJson.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      HttpResults.error(rc.response(), 500, "Cannot write JSON: " + e.getOriginalMessage());
      return;
    }
    if (callback == null || callback.isEmpty()) {
      rc.response()
          .setStatusCode(200)
          .putHeader("Content-Type", "application/json")
          .end(Buffer.buffer(json));
      return;
    }
    if (!CALLBACK.matcher(callback).matches()) {
      HttpResults.error(
          rc.response(), 400, "'jsonp' must be a JavaScript function name, got '" + callback + "'");
      return;
    }
    rc.response()
        .setStatusCode(200)
        .putHeader("Content-Type", "text/javascript")
        .end(Buffer.buffer(callback + "(" + json + ");"));
  }

  /** Writes the outcome of an asynchronous read: its JSON, or a 500 naming the failure. */
  public static void reply(RoutingContext rc, JsonNode body, Throwable error) {
    if (error != null) {
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      HttpResults.error(rc.response(), 500, "Internal error: " + cause);
      return;
    }
    json(rc, body);
  }

  /** A query parameter, or null when absent or blank. */
  public static String param(RoutingContext rc, String name) {
    String v = rc.request().getParam(name);
    return v == null || v.isBlank() ? null : v;
  }
}
