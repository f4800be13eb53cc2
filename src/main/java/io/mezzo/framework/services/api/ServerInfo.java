package io.mezzo.framework.services.api;

import io.mezzo.framework.services.ServicesConfig;

/**
 * What {@code /v2/info} and {@code /v2/leader} tell about the node serving them, supplied by the
 * HTTP edge (the framework itself does not know its master's address).
 *
 * @param leader the leading master as {@code host:port}
 * @param hostname this node's host name
 * @param httpPort the port the API is served on
 * @param zk the ZooKeeper URL of an HA setup, or null
 * @param services how the services framework subscribes (role, user, failover timeout), which
 *     {@code marathon_config} reports as Marathon's command-line flags
 */
public record ServerInfo(
    String leader, String hostname, int httpPort, String zk, ServicesConfig services) {
  public ServerInfo {
    if (services == null) {
      throw new IllegalArgumentException("ServerInfo needs the services config");
    }
  }

  /** A node serving the framework with its default settings. */
  public ServerInfo(String leader, String hostname, int httpPort, String zk) {
    this(leader, hostname, httpPort, zk, ServicesConfig.defaults());
  }
}
