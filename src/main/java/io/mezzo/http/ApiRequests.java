package io.mezzo.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.MalformedMessageException;
import io.mezzo.api.v1.MesosJson;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * The HTTP checks Mesos makes before it looks at a call (MESOS-API.md §2.2): POST only, a JSON
 * Content-Type, a body that parses. Each failure answers with the Mesos status code and says why.
 */
final class ApiRequests {
  private ApiRequests() {}

  /** Parses the body as {@code type}, or answers the request with an error and returns null. */
  static <T> T parse(RoutingContext rc, Class<T> type) {
    HttpServerRequest req = rc.request();
    if (req.method() != HttpMethod.POST) {
      rc.response().putHeader("Allow", "POST");
      HttpResults.error(rc.response(), 405, "Expecting a 'POST' request, received '" + req.method() + "'");
      return null;
    }
    String contentType = req.getHeader("Content-Type");
    if (contentType == null) {
      HttpResults.error(rc.response(), 400, "Expecting 'Content-Type' to be present");
      return null;
    }
    String mediaType = contentType.split(";")[0].trim().toLowerCase();
    if (mediaType.equals("application/x-protobuf")) {
      HttpResults.error(rc.response(), 415,
          "Mezzo speaks the JSON form of the v1 API only; send 'Content-Type: application/json'");
      return null;
    }
    if (!mediaType.equals("application/json")) {
      HttpResults.error(rc.response(), 415, "Expecting 'Content-Type' of application/json or application/x-protobuf");
      return null;
    }
    if (rc.body() == null || rc.body().buffer() == null || rc.body().length() == 0) {
      HttpResults.error(rc.response(), 400, "Expecting a JSON body");
      return null;
    }
    try {
      T value = MesosJson.read(rc.body().buffer().getBytes(), type);
      if (value == null) {
        HttpResults.error(rc.response(), 400, "Expecting a JSON object, got null");
      }
      return value;
    } catch (MalformedMessageException e) {
      HttpResults.error(rc.response(), 400, "Failed to parse body into " + type.getSimpleName() + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * Parses an operator call like {@link #parse}, then answers a missing or misspelt {@code type} with
   * 400 naming it (Mesos's parser drops an unknown enum name, so both look like a missing type).
   */
  static <T> T parseCall(RoutingContext rc, Class<T> type, Function<T, Enum<?>> typeOf) {
    T call = parse(rc, type);
    if (call == null || typeOf.apply(call) != null) {
      return call;
    }
    String given = null;
    try {
      JsonNode tree = MesosJson.read(rc.body().buffer().getBytes(), JsonNode.class);
      if (tree.hasNonNull("type")) {
        given = tree.get("type").asText();
      }
    } catch (MalformedMessageException ignored) {
      // parse() accepted it, so this does not happen
    }
    HttpResults.error(rc.response(), 400, given == null
        ? "Expecting 'type' to be present"
        : "Unknown call type '" + given + "' (not a " + type.getName().replace("io.mezzo.api.", "mesos.") + " type)");
    return null;
  }

  /** Mesos checks Accept on streaming calls: JSON must be acceptable (no header means anything). */
  static boolean acceptsJson(HttpServerRequest req) {
    String accept = req.getHeader("Accept");
    if (accept == null || accept.isBlank()) {
      return true;
    }
    for (String part : accept.split(",")) {
      String media = part.split(";")[0].trim().toLowerCase();
      if (media.equals("application/json") || media.equals("*/*") || media.equals("application/*")) {
        return true;
      }
    }
    return false;
  }
}
