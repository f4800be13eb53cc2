package io.mezzo.http.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.services.ServicesApi;
import io.mezzo.framework.services.ServicesException;
import io.mezzo.framework.services.api.ApiReply;
import io.mezzo.framework.services.api.ApiRequest;
import io.mezzo.framework.services.api.EventJson;
import io.mezzo.framework.services.api.LocalEvents;
import io.mezzo.framework.services.api.MarathonJson;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One client of {@code GET /v2/events}: Marathon's server-sent events, {@code event: <type>\ndata:
 * <json>\n\n}, optionally only the {@code event_type}s asked for, with a comment line every {@code
 * keepAlive} so proxies keep the idle connection open.
 *
 * <p>Events reach it on the framework's thread and are only handed to this connection's Vert.x
 * context, where they are rendered and written. A client that does not read fast enough is dropped
 * once more than {@code maxQueuedBytes} wait unsent: the framework is never slowed down, and the
 * client, seeing its stream end, reconnects and re-reads the state.
 */
final class EventStream {
  private static final Logger LOG = Logger.getLogger(EventStream.class);

  /** How streams behave: keep-alive period and how much may queue for a slow client. */
  record Settings(Duration keepAlive, int maxQueuedBytes, Runnable onDropped) {
    static Settings defaults() {
      return new Settings(Duration.ofSeconds(15), 1 << 20, () -> {});
    }
  }

  private final RoutingContext rc;
  private final HttpServerResponse response;
  private final Context ctx;
  private final Set<String> types;
  private final String remote;
  private final LocalEvents local;
  private final V2Routes.Deps deps;
  private final List<AutoCloseable> subscriptions = new ArrayList<>();
  private long timer = -1;
  private boolean closed;

  private EventStream(
      RoutingContext rc, Set<String> types, String remote, LocalEvents local, V2Routes.Deps deps) {
    this.rc = rc;
    this.response = rc.response();
    this.ctx = deps.vertx().getOrCreateContext();
    this.types = types;
    this.remote = remote;
    this.local = local;
    this.deps = deps;
  }

  static void open(
      RoutingContext rc,
      ApiRequest request,
      ServicesApi api,
      LocalEvents local,
      V2Routes.Deps deps) {
    Set<String> types;
    try {
      types = types(request);
    } catch (ServicesException e) {
      V2Routes.write(rc.response(), ApiReply.of(e));
      return;
    }
    String accept = request.accept();
    if (accept != null
        && !accept.contains("text/event-stream")
        && !accept.contains("*/*")
        && !accept.contains("text/*")) {
      V2Routes.write(
          rc.response(),
          ApiReply.error(406, "Expecting 'Accept: text/event-stream' for /v2/events"));
      return;
    }
    new EventStream(rc, types, request.remoteAddress(), local, deps).start(api);
  }

  private static Set<String> types(ApiRequest request) {
    Set<String> types = new TreeSet<>(request.query().allow("event_type").all("event_type"));
    for (String t : types) {
      if (!EventJson.MARATHON_TYPES.contains(t)) {
        throw ApiReply.badRequest(
            "Unknown event_type '" + t + "'; known: " + new TreeSet<>(EventJson.MARATHON_TYPES));
      }
    }
    return types;
  }

  private void start(ServicesApi api) {
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache, no-store, must-revalidate")
        .setWriteQueueMaxSize(deps.events().maxQueuedBytes());
    response.closeHandler(v -> close("the client went away"));
    response.exceptionHandler(e -> close("the connection failed: " + e.getMessage()));
    // The head goes out at once, so the client knows it is attached before any event.
    response.write(": attached\n\n");
    subscriptions.add(local.subscribe(e -> deliver(e.path("eventType").asText(), () -> e)));
    subscriptions.add(api.subscribe(e -> deliver(e.eventType(), () -> EventJson.of(e))));
    timer =
        deps.vertx()
            .setPeriodic(
                deps.events().keepAlive().toMillis(), id -> ctx.runOnContext(v -> keepAlive()));
    local.publish(EventJson.stream("event_stream_attached", remote, deps.clock().instant()));
  }

  /** Called on any thread; never blocks it. */
  private void deliver(String type, Supplier<ObjectNode> event) {
    if (!types.isEmpty() && !types.contains(type)) {
      return;
    }
    ctx.runOnContext(v -> write(type, event));
  }

  private void write(String type, Supplier<ObjectNode> event) {
    if (closed) {
      return;
    }
    if (response.writeQueueFull()) {
      LOG.warnf(
          "Dropping /v2/events client %s: it reads too slowly (more than %d bytes unsent)",
          remote, deps.events().maxQueuedBytes());
      deps.events().onDropped().run();
      close("dropped as too slow");
      response.reset();
      return;
    }
    response.write("event: " + type + "\ndata: " + MarathonJson.stringify(event.get()) + "\n\n");
  }

  private void keepAlive() {
    if (!closed && !response.writeQueueFull()) {
      response.write(":\n\n");
    }
  }

  private void close(String why) {
    if (closed) {
      return;
    }
    closed = true;
    LOG.debugf("/v2/events client %s detached: %s", remote, why);
    if (timer >= 0) {
      deps.vertx().cancelTimer(timer);
    }
    for (AutoCloseable s : subscriptions) {
      try {
        s.close();
      } catch (Exception e) {
        LOG.debugf("closing an event subscription failed: %s", e.getMessage());
      }
    }
    local.publish(EventJson.stream("event_stream_detached", remote, deps.clock().instant()));
  }
}
