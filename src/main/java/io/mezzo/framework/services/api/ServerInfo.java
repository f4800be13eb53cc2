package io.mezzo.framework.services.api;

/**
 * What {@code /v2/info} and {@code /v2/leader} tell about the node serving them, supplied by the
 * HTTP edge (the framework itself does not know its master's address).
 *
 * @param leader the leading master as {@code host:port}
 * @param hostname this node's host name
 * @param httpPort the port the API is served on
 * @param zk the ZooKeeper URL of an HA setup, or null
 */
public record ServerInfo(String leader, String hostname, int httpPort, String zk) {}
