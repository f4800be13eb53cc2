package io.mezzo.http.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.MalformedMessageException;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.wire.MediaRanges;
import io.mezzo.api.wire.WireCodec;
import io.mezzo.api.wire.WireFormat;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.function.Function;

/**
 * The HTTP checks Mesos makes before it looks at a call (MESOS-API.md §2.2): POST only, a JSON or
 * protobuf Content-Type, a body that parses, an Accept that allows an answer. Each failure answers
 * with the Mesos status code and says why. An API route is {@code checkHeaders → body handler →
 * handler calling parse}; the negotiated formats travel in the routing context ({@link
 * #requestFormat}, {@link #responseFormat}).
 */
public final class ApiRequests {
  private static final String REQUEST_FORMAT = "mezzo.wire.request";
  private static final String RESPONSE_FORMAT = "mezzo.wire.response";

  private ApiRequests() {}

  /**
   * Mounts a v1 POST API at {@code path} speaking JSON and protobuf: method and Content-Type
   * checked before the body is read, the body bounded by {@code maxBodyBytes}, then {@code
   * handler}; failures answered with a reason.
   */
  public static void route(
      Router router, String path, int maxBodyBytes, Handler<RoutingContext> handler) {
    route(router, path, maxBodyBytes, handler, true);
  }

  /**
   * Mounts a POST API of Mezzo's own (the agent link) like {@link #route}, JSON only: its messages
   * have no protobuf form, so a protobuf body is refused with 415 saying so.
   */
  public static void routeJsonOnly(
      Router router, String path, int maxBodyBytes, Handler<RoutingContext> handler) {
    route(router, path, maxBodyBytes, handler, false);
  }

  /**
   * Mounts a v1 POST API like {@link #route} whose media-type rules are the caller's: the method is
   * checked here (405), then {@code headerCheck} runs before the body is read and either answers
   * the request or sets the call's format ({@link #useRequestFormat}) and calls {@code rc.next()}.
   * For the agent's operator API, which also takes {@code application/recordio}.
   */
  public static void route(
      Router router,
      String path,
      int maxBodyBytes,
      Handler<RoutingContext> headerCheck,
      Handler<RoutingContext> handler) {
    mount(
        router,
        path,
        maxBodyBytes,
        rc -> {
          if (isPost(rc)) {
            headerCheck.handle(rc);
          }
        },
        handler);
  }

  private static void route(
      Router router,
      String path,
      int maxBodyBytes,
      Handler<RoutingContext> handler,
      boolean protobuf) {
    mount(router, path, maxBodyBytes, rc -> checkHeaders(rc, protobuf), handler);
  }

  private static void mount(
      Router router,
      String path,
      int maxBodyBytes,
      Handler<RoutingContext> headerCheck,
      Handler<RoutingContext> handler) {
    router.route(path).order(HttpResults.API_HEADER_CHECK_ORDER).handler(headerCheck);
    router
        .route(path)
        .order(HttpResults.API_ROUTE_ORDER)
        .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
        .handler(handler)
        .failureHandler(rc -> HttpResults.failure(rc, maxBodyBytes));
  }

  /** POST, or 405 answered. */
  private static boolean isPost(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    if (req.method() != HttpMethod.POST) {
      rc.response().putHeader("Allow", "POST");
      HttpResults.error(
          rc.response(), 405, "Expecting a 'POST' request, received '" + req.method() + "'");
      return false;
    }
    return true;
  }

  /**
   * The first handler of an API route, before the body is read: POST only (405), a Content-Type
   * (400) that is JSON (415). Checking these first answers as Mesos does, in its order, and keeps
   * the body handler from buffering, or decoding as a form, a body that is refused anyway.
   */
  static void checkHeaders(RoutingContext rc, boolean protobuf) {
    HttpServerRequest req = rc.request();
    if (!isPost(rc)) {
      return;
    }
    String contentType = req.getHeader("Content-Type");
    if (contentType == null) {
      HttpResults.error(rc.response(), 400, "Expecting 'Content-Type' to be present");
      return;
    }
    WireFormat format = WireFormat.ofMediaType(mediaType(contentType));
    if (format == WireFormat.PROTOBUF && !protobuf) {
      HttpResults.error(
          rc.response(),
          415,
          "This is Mezzo's own agent protocol, which has no protobuf form; send 'Content-Type:"
              + " application/json'");
      return;
    }
    if (format == null) {
      HttpResults.error(
          rc.response(),
          415,
          "Expecting 'Content-Type' of application/json or application/x-protobuf");
      return;
    }
    rc.put(REQUEST_FORMAT, format);
    rc.next();
  }

  /** Records the format {@link #parse} decodes the body in; for a route's own header check. */
  public static void useRequestFormat(RoutingContext rc, WireFormat format) {
    rc.put(REQUEST_FORMAT, format);
  }

  /** The format of the request's body, as its Content-Type said (JSON before the check ran). */
  public static WireFormat requestFormat(RoutingContext rc) {
    WireFormat f = rc.get(REQUEST_FORMAT);
    return f == null ? WireFormat.JSON : f;
  }

  /**
   * The format the answer is in: what {@link #negotiate} chose, JSON if it was not called (Mesos's
   * scheduler API answers its bodiless 202s without looking at Accept).
   */
  public static WireFormat responseFormat(RoutingContext rc) {
    WireFormat f = rc.get(RESPONSE_FORMAT);
    return f == null ? WireFormat.JSON : f;
  }

  /**
   * Chooses the answer's format from Accept as Mesos does: JSON if allowed (so also when there is
   * no Accept), else protobuf, else 406 answered here and null returned. The choice is kept for
   * {@link #responseFormat}.
   */
  public static WireFormat negotiate(RoutingContext rc) {
    WireFormat f = accepted(rc.request().getHeader("Accept"));
    if (f == null) {
      HttpResults.error(
          rc.response(),
          406,
          "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
      return null;
    }
    rc.put(RESPONSE_FORMAT, f);
    return f;
  }

  /** The format Mesos answers in for this Accept header (null header: any), or null if neither. */
  public static WireFormat accepted(String accept) {
    if (MediaRanges.accepts(accept, WireFormat.JSON.mediaType())) {
      return WireFormat.JSON;
    }
    if (MediaRanges.accepts(accept, WireFormat.PROTOBUF.mediaType())) {
      return WireFormat.PROTOBUF;
    }
    return null;
  }

  /**
   * Parses the body (after {@link #checkHeaders}) as {@code type}, or answers the request with an
   * error and returns null.
   */
  public static <T> T parse(RoutingContext rc, Class<T> type) {
    boolean protobuf = requestFormat(rc) == WireFormat.PROTOBUF;
    byte[] body =
        rc.body() == null || rc.body().buffer() == null
            ? new byte[0]
            : rc.body().buffer().getBytes();
    if (body.length == 0 && !protobuf) {
      // An empty protobuf body is a message with no field set, which validation then refuses.
      HttpResults.error(rc.response(), 400, "Expecting a JSON body");
      return null;
    }
    try {
      T value = protobuf ? WireCodec.decode(body, type) : MesosJson.read(body, type);
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
      byte[] body = rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
      JsonNode tree =
          requestFormat(rc) == WireFormat.PROTOBUF
              ? WireCodec.tree(body, type)
              : MesosJson.read(body, JsonNode.class);
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
