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
 * @param httpsPort the port this request came in on over TLS, or 0 when it came over plain HTTP;
 *     links then name https and this port, as a client that reached the API over TLS expects
 */
public record ServerInfo(
    String leader,
    String hostname,
    int httpPort,
    String zk,
    ServicesConfig services,
    int httpsPort) {
  public ServerInfo {
    if (services == null) {
      throw new IllegalArgumentException("ServerInfo needs the services config");
    }
  }

  /** Served over plain HTTP. */
  public ServerInfo(
      String leader, String hostname, int httpPort, String zk, ServicesConfig services) {
    this(leader, hostname, httpPort, zk, services, 0);
  }

  /** This node as a request that came over TLS on {@code port} sees it. */
  public ServerInfo overTls(int port) {
    return new ServerInfo(leader, hostname, httpPort, zk, services, port);
  }

  /** The base URL of this node for links: {@code https://host:port} over TLS, else http. */
  public String baseUrl() {
    return httpsPort > 0 ? "https://" + hostname + ":" + httpsPort : "http://" + leader;
  }

  /** A node serving the framework with its default settings. */
  public ServerInfo(String leader, String hostname, int httpPort, String zk) {
    this(leader, hostname, httpPort, zk, ServicesConfig.defaults());
  }
}
