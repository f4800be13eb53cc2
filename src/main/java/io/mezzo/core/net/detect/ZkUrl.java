package io.mezzo.core.net.detect;

/**
 * A Mesos-style ZooKeeper URL, {@code zk://host1:2181,host2:2181/path}, split into Curator's
 * connect string and the root path. Shared by the masters' election and registry, the agents' and
 * the CLI's leader detection.
 */
public record ZkUrl(String connectString, String path) {
  /** The scheme every ZooKeeper URL starts with. */
  public static final String SCHEME = "zk://";

  /** Whether {@code text} is meant as a ZooKeeper URL (and so must parse as one). */
  public static boolean looksLike(String text) {
    return text != null && text.strip().startsWith(SCHEME);
  }

  /**
   * @throws IllegalArgumentException saying what is wrong with the URL (the caller names the key)
   */
  public static ZkUrl parse(String url) {
    if (!url.startsWith(SCHEME)) {
      throw new IllegalArgumentException("not a ZooKeeper URL; expected zk://host:2181/path");
    }
    String rest = url.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException(
          "needs hosts and a path; expected zk://host1:2181,host2:2181/mezzo");
    }
    String hosts = rest.substring(0, slash);
    if (hosts.contains("@")) {
      // Mesos takes zk://user:password@hosts/path for ZooKeeper digest authentication; Mezzo does
      // not authenticate to ZooKeeper, and Curator would take the credentials for a host name.
      throw new IllegalArgumentException(
          "credentials in a ZooKeeper URL (zk://user:password@…) are not supported: Mezzo does"
              + " not authenticate to ZooKeeper; restrict the ensemble by network instead");
    }
    for (String host : hosts.split(",", -1)) {
      // Curator would retry an empty host or a bad port for ever; say so now instead. A host
      // without a port is ZooKeeper's 2181.
      int colon = host.lastIndexOf(':');
      if (host.isBlank() || colon == 0 || colon > 0 && !isPort(host.substring(colon + 1))) {
        throw new IllegalArgumentException(
            "host '" + host + "' is not host[:port]; expected zk://host1:2181,host2:2181/mezzo");
      }
    }
    return new ZkUrl(hosts, rest.substring(slash));
  }

  private static boolean isPort(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int port = Integer.parseInt(text);
    return port > 0 && port < 65536;
  }

  @Override
  public String toString() {
    return SCHEME + connectString + path;
  }
}
