package io.mezzo.master.zookeeper;

/**
 * One member of an embedded ZooKeeper ensemble, as one entry of {@code mezzo.zk-ensemble} names it:
 * the host others reach it at, its quorum (peer) and leader-election ports, and the port clients
 * (masters, agents, tools) connect to.
 *
 * @param id ZooKeeper's server id, the entry's position in the list (1 = first)
 */
public record EnsemblePeer(int id, String host, int peerPort, int electionPort, int clientPort) {
  /** {@code host:clientPort}, as a ZooKeeper connect string lists it. */
  public String clientAddress() {
    return host + ":" + clientPort;
  }

  /** The entry as written: {@code host:peerPort:electionPort:clientPort}. */
  public String entry() {
    return host + ":" + peerPort + ":" + electionPort + ":" + clientPort;
  }

  /**
   * True when the entry names a loopback address ({@code 127.x}, {@code localhost}): the peer then
   * listens on that address only, as a cluster tried out on one machine should. Any other entry
   * listens on all of the machine's addresses, because a name may resolve late or to an address the
   * machine does not hold itself (Kubernetes pod names, NAT).
   */
  public boolean loopback() {
    return host.equalsIgnoreCase("localhost") || host.startsWith("127.");
  }
}
