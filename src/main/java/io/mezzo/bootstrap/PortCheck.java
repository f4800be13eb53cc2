package io.mezzo.bootstrap;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Finds out whether this node's HTTP port is free before anything else starts. Quarkus opens the
 * HTTP socket only after every startup observer ran, so without this a node with a taken port would
 * recover its state, register its agent and only then fail. The check binds and closes a socket
 * with {@code SO_REUSEADDR}, as Vert.x binds, so a port in TIME_WAIT is not reported. A process
 * that takes the port between this check and Quarkus's bind is still reported in one line by {@link
 * StartupFailures}.
 */
public final class PortCheck {
  private PortCheck() {}

  /**
   * @param host the address the node listens on ({@code quarkus.http.host})
   * @param port its port ({@code quarkus.http.port}); 0 (any free port) is not checked
   * @throws StartupRefusal naming the port and {@code quarkus.http.port} if it is taken, or {@code
   *     quarkus.http.host} if this machine has no such address
   */
  public static void requireFree(String host, int port) {
    if (port <= 0) {
      return;
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw StartupRefusal.of(
          "quarkus.http.host",
          host,
          "no such host; expected an address of this machine or 0.0.0.0");
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(address);
    } catch (BindException e) {
      if (String.valueOf(e.getMessage()).contains("assign requested address")) {
        throw StartupRefusal.of(
            "quarkus.http.host",
            host,
            "this machine has no such address to listen on; expected one of its addresses or"
                + " 0.0.0.0");
      }
      throw inUse(host, port);
    } catch (IOException | IllegalArgumentException | SecurityException e) {
      throw StartupRefusal.of(
          "quarkus.http.port",
          port,
          "cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")");
    }
  }

  static StartupRefusal inUse(String host, int port) {
    return StartupRefusal.of(
        "quarkus.http.port",
        port,
        "port "
            + port
            + " on "
            + host
            + " is already in use by another process; stop it or set quarkus.http.port to a free"
            + " port");
  }
}
