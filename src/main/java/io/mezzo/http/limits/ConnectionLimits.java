package io.mezzo.http.limits;

import io.mezzo.bootstrap.StartupRefusal;
import io.mezzo.config.HttpLimitSettings;
import io.mezzo.http.common.HttpResults;
import io.mezzo.security.limits.ConnectionCaps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Mezzo's connection-level limits on Quarkus's HTTP server: the header timeout, the header count
 * and the connections per client address ({@link HttpLimitSettings}). Header size, request line and
 * connection count are Quarkus's own {@code quarkus.http.limits.*}.
 *
 * <p>Why not Vert.x's idle timeouts: {@code quarkus.http.idle-timeout} closes a connection that
 * neither reads nor writes for a while, so a client trickling one header byte a second keeps it
 * forever; a read-idle timeout ({@code HttpServerOptions.setReadIdleTimeout}) would close the
 * scheduler, agent-link and operator streams, whose clients send nothing after their request. What
 * is needed is a deadline on the head itself, which no Vert.x option gives. So a handler is put
 * first in each accepted connection's Netty pipeline ({@link AcceptTap}, reached through {@link
 * ListeningChannels}); it starts the deadline when the connection opens, and the router stops it:
 * the first route of every request runs as soon as Vert.x has parsed a head, and ends it the
 * exchange when the response ends. The head is never parsed by hand.
 *
 * <p>Counted in metrics: {@code mezzo.http.connections.closed{reason=header_timeout}} and {@code
 * mezzo.http.requests.refused{reason=too_many_headers}}, {@code
 * mezzo.http.connections.refused{reason=connections_per_address}}; {@code
 * mezzo.http.header_timeout.listeners} says on how many listeners the header timeout is in force (0
 * means not at all: the log says why). Connections Quarkus refuses over {@code max-connections} are
 * its own {@code vertx.http.connections.rejected}.
 */
@ApplicationScoped
public class ConnectionLimits {
  private static final Logger LOG = Logger.getLogger(ConnectionLimits.class);

  /** Marks a routing context whose head was already reported, so a reroute reports nothing. */
  private static final String SEEN = "mezzo.head-reported";

  private final Vertx vertx;
  private final Duration headerTimeout;
  private final int maxHeaderCount;
  private final Counter headerTimeouts;
  private final Counter tooManyHeaders;
  private final Counter overAddressCap;
  private final ConnectionCaps perAddress;
  private final int maxPerAddress;
  private final AtomicInteger listeners = new AtomicInteger();

  public ConnectionLimits(Vertx vertx, HttpLimitSettings settings, MeterRegistry registry) {
    this.vertx = vertx;
    this.headerTimeout = settings.headerTimeout();
    this.maxHeaderCount = settings.maxHeaderCount();
    if (headerTimeout.isZero() || headerTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "mezzo.http.header-timeout must be positive, got " + headerTimeout);
    }
    if (maxHeaderCount < 1) {
      throw new IllegalArgumentException(
          "mezzo.http.max-header-count must be at least 1, got " + maxHeaderCount);
    }
    this.headerTimeouts =
        Counter.builder("mezzo.http.connections.closed")
            .tag("reason", "header_timeout")
            .description("Connections closed for not sending a complete request head in time")
            .register(registry);
    this.tooManyHeaders =
        Counter.builder("mezzo.http.requests.refused")
            .tag("reason", "too_many_headers")
            .description("Requests answered 431 for carrying more than mezzo.http.max-header-count")
            .register(registry);
    this.overAddressCap =
        Counter.builder("mezzo.http.connections.refused")
            .tag("reason", "connections_per_address")
            .description("Connections refused over mezzo.http.max-connections-per-address")
            .register(registry);
    OptionalInt cap = settings.maxConnectionsPerAddress();
    if (cap.isPresent() && cap.getAsInt() < 1) {
      throw StartupRefusal.of(
          "mezzo.http.max-connections-per-address",
          cap.getAsInt(),
          "must be at least 1; leave it unset for no cap");
    }
    this.perAddress =
        cap.isPresent()
            ? new ConnectionCaps("connections", "client address", cap, OptionalInt.empty())
            : null;
    this.maxPerAddress = settings.maxConnectionsPerAddress().orElse(0);
    Gauge.builder("mezzo.http.header_timeout.listeners", listeners, AtomicInteger::get)
        .description("Listeners on which the header timeout is in force")
        .register(registry);
  }

  void routes(@Observes Router router) {
    router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::onHead);
  }

  void httpStarted(@ObservesAsync HttpServerStart started) {
    install(started.options(), false);
  }

  void httpsStarted(@ObservesAsync HttpsServerStart started) {
    install(started.options(), true);
  }

  /** The first route of every request: Vert.x calls it once the head is parsed. */
  private void onHead(RoutingContext rc) {
    if (rc.get(SEEN) == null) {
      rc.put(SEEN, Boolean.TRUE);
      HeadDeadlineHandler deadline = deadlineOf(rc.request().connection());
      if (deadline != null) {
        deadline.headComplete();
        rc.addEndHandler(ar -> deadline.requestEnded());
      }
    }
    int count = rc.request().headers().size();
    if (count > maxHeaderCount) {
      tooManyHeaders.increment();
      HttpResults.error(
          rc.response(),
          431,
          "Request has "
              + count
              + " header fields; at most "
              + maxHeaderCount
              + " are allowed (mezzo.http.max-header-count)");
      return;
    }
    rc.next();
  }

  private static HeadDeadlineHandler deadlineOf(HttpConnection connection) {
    // Vert.x's HTTP/1 and HTTP/2 server connections are ConnectionBases, which hold their channel.
    return connection instanceof ConnectionBase base
        ? HeadDeadlineHandler.of(base.channel())
        : null;
  }

  private void install(HttpServerOptions options, boolean tls) {
    int port = options.getPort();
    try {
      for (var bound : ListeningChannels.find(vertx, port)) {
        bound.onSuccess(channel -> tap(channel, port, tls));
      }
    } catch (IllegalStateException e) {
      LOG.errorf(
          "the header timeout (mezzo.http.header-timeout) and mezzo.http.max-connections-per-address"
              + " are NOT in force on port %d: %s",
          port, e.getMessage());
    }
  }

  private void tap(Channel listening, int port, boolean tls) {
    try {
      listening
          .pipeline()
          .addFirst(
              AcceptTap.NAME,
              new AcceptTap(
                  headerTimeout,
                  headerTimeouts::increment,
                  perAddress,
                  overAddressCap::increment,
                  tls));
    } catch (IllegalArgumentException alreadyThere) {
      // Quarkus announces the server once per event-loop instance; the listener is shared.
      return;
    }
    listeners.incrementAndGet();
    LOG.infof(
        "connections on port %d must send a complete request head within %d ms%s",
        port,
        headerTimeout.toMillis(),
        perAddress == null ? "" : ", at most " + maxPerAddress + " open per client address");
  }
}
