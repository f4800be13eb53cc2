package io.mezzo.bootstrap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Works out the name and address a node advertises. */
final class Hosts {
  private Hosts() {}

  static String hostname(Optional<String> configured, String httpHost) {
    if (configured.isPresent() && !configured.get().isBlank()) {
      return configured.get();
    }
    if (httpHost != null && !httpHost.equals("0.0.0.0") && !httpHost.equals("::")) {
      return httpHost;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  static String ipv4(String hostname) {
    try {
      for (InetAddress a : InetAddress.getAllByName(hostname)) {
        if (a.getAddress().length == 4) {
          return a.getHostAddress();
        }
      }
    } catch (UnknownHostException ignored) {
      // fall through: an unresolvable name still works for loopback-only setups
    }
    return "127.0.0.1";
  }
}
