package io.mezzo.http.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.MalformedMessageException;
import io.mezzo.api.v1.MesosJson;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.function.Function;

/**
 * The HTTP checks Mesos makes before it looks at a call (MESOS-API.md §2.2): POST only, a JSON
 * Content-Type, a body that parses. Each failure answers with the Mesos status code and says why.
 * An API route is {@code checkHeaders → body handler → handler calling parse}.
 */
public final class ApiRequests {
  private ApiRequests() {}

  /**
   * Mounts a POST API at {@code path}: method and Content-Type checked before the body is read, the
   * body bounded by {@code maxBodyBytes}, then {@code handler}; failures answered with a reason.
   */
  public static void route(
      Router router, String path, int maxBodyBytes, Handler<RoutingContext> handler) {
    router.route(path).order(HttpResults.API_HEADER_CHECK_ORDER).handler(ApiRequests::checkHeaders);
    router
        .route(path)
        .order(HttpResults.API_ROUTE_ORDER)
        .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
        .handler(handler)
        .failureHandler(rc -> HttpResults.failure(rc, maxBodyBytes));
  }

  /**
   * The first handler of an API route, before the body is read: POST only (405), a Content-Type
   * (400) that is JSON (415). Checking these first answers as Mesos does, in its order, and keeps
   * the body handler from buffering, or decoding as a form, a body that is refused anyway.
   */
  static void checkHeaders(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    if (req.method() != HttpMethod.POST) {
      rc.response().putHeader("Allow", "POST");
      HttpResults.error(
          rc.response(), 405, "Expecting a 'POST' request, received '" + req.method() + "'");
      return;
    }
    String contentType = req.getHeader("Content-Type");
    if (contentType == null) {
      HttpResults.error(rc.response(), 400, "Expecting 'Content-Type' to be present");
      return;
    }
    String mediaType = mediaType(contentType);
    if (mediaType.equals("application/x-protobuf")) {
      HttpResults.error(
          rc.response(),
          415,
          "Mezzo speaks the JSON form of the v1 API only; send 'Content-Type: application/json'");
      return;
    }
    if (!mediaType.equals("application/json")) {
      HttpResults.error(
          rc.response(),
          415,
          "Expecting 'Content-Type' of application/json or application/x-protobuf");
      return;
    }
    rc.next();
  }

  /**
   * Parses the body (after {@link #checkHeaders}) as {@code type}, or answers the request with an
   * error and returns null.
   */
  public static <T> T parse(RoutingContext rc, Class<T> type) {
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
      HttpResults.error(
          rc.response(),
          400,
          "Failed to parse body into " + type.getSimpleName() + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * Parses an operator call like {@link #parse}, then answers a missing or misspelt {@code type}
   * with 400 naming it (Mesos's parser drops an unknown enum name, so both look like a missing
   * type).
   */
  public static <T> T parseCall(RoutingContext rc, Class<T> type, Function<T, Enum<?>> typeOf) {
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
    HttpResults.error(
        rc.response(),
        400,
        given == null
            ? "Expecting 'type' to be present"
            : "Unknown call type '"
                + given
                + "' (not a "
                + type.getName().replace("io.mezzo.api.", "mesos.")
                + " type)");
    return null;
  }

  /** Mesos checks Accept on streaming calls: JSON must be acceptable (no header means anything). */
  public static boolean acceptsJson(HttpServerRequest req) {
    return acceptsJson(req.getHeader("Accept"));
  }

  public static boolean acceptsJson(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    for (String part : accept.split(",")) {
      String media = mediaType(part);
      if (media.equals("application/json")
          || media.equals("*/*")
          || media.equals("application/*")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The media type of a Content-Type or Accept element, lower case, without parameters: {@code
   * "Application/JSON; charset=utf-8"} is {@code application/json}. Never fails: a header that is
   * only separators (";", ";;") has the empty media type ({@code String.split} would return no
   * element at all for it).
   */
  public static String mediaType(String header) {
    int semicolon = header.indexOf(';');
    return (semicolon >= 0 ? header.substring(0, semicolon) : header)
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}
