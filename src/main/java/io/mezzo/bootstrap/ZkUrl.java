package io.mezzo.bootstrap;

/**
 * A Mesos-style ZooKeeper URL, {@code zk://host1:2181,host2:2181/path}, split into Curator's
 * connect string and the root path.
 */
record ZkUrl(String connectString, String path) {
  /**
   * @throws IllegalArgumentException saying what is wrong with the URL (the caller names the key)
   */
  static ZkUrl parse(String url) {
    if (!url.startsWith("zk://")) {
      throw new IllegalArgumentException("not a ZooKeeper URL; expected zk://host:2181/path");
    }
    String rest = url.substring("zk://".length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException(
          "needs hosts and a path; expected zk://host1:2181,host2:2181/mezzo");
    }
    return new ZkUrl(rest.substring(0, slash), rest.substring(slash));
  }
}
