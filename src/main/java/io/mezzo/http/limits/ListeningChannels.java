package io.mezzo.http.limits;

import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ServerID;
import io.vertx.core.net.impl.TCPServerBase;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the listening Netty channel of the Vert.x HTTP server bound to a port.
 *
 * <p>Why reach this far: Quarkus owns its {@code HttpServer}s and offers no hook on a connection
 * before its first request head is parsed. {@code HttpServerOptionsCustomizer} only edits options,
 * and {@code HttpServer.connectionHandler} is taken by Quarkus (for {@code
 * quarkus.http.limits.max-connections}) and fixed at listen time. Vert.x keeps one bound server per
 * host and port in {@link VertxInternal#sharedHttpServers()}, whose bind future holds the listening
 * channel; a handler there sees every accepted connection. The bind future is a private field of
 * Vert.x 4.5's {@code TCPServerBase}: if a Vert.x upgrade moves it, {@link #find} throws and the
 * caller reports that the header timeout is not in force, rather than running without it silently.
 */
final class ListeningChannels {
  private ListeningChannels() {}

  /**
   * The bind futures of the Vert.x HTTP servers listening on {@code port} (any host). Vert.x
   * completes each future on its event loop once the port is bound.
   *
   * @throws IllegalStateException if Vert.x's internals are not the ones this class knows
   */
  @SuppressWarnings("unchecked")
  static List<Future<Channel>> find(Vertx vertx, int port) {
    if (!(vertx instanceof VertxInternal internal)) {
      throw new IllegalStateException("Vert.x is not a VertxInternal: " + vertx.getClass());
    }
    Map<ServerID, HttpServerImpl> servers = internal.sharedHttpServers();
    List<HttpServerImpl> matching = new ArrayList<>();
    // Vert.x guards this map with its own monitor while servers bind and close.
    synchronized (servers) {
      servers.forEach(
          (id, server) -> {
            if (id.port == port) {
              matching.add(server);
            }
          });
    }
    List<Future<Channel>> out = new ArrayList<>();
    try {
      Field bind = TCPServerBase.class.getDeclaredField("bindFuture");
      bind.setAccessible(true);
      for (HttpServerImpl server : matching) {
        Object future = bind.get(server);
        if (future instanceof Future<?> f) {
          out.add((Future<Channel>) f);
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot reach the listening channel of Vert.x's HTTP server on port " + port + ": " + e,
          e);
    }
    return out;
  }
}
