package io.mezzo.master.zookeeper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The embedded ZooKeeper ensemble the masters form ({@code mezzo.zk-ensemble}): one entry per
 * master, {@code host:peerPort:electionPort[:clientPort]}, comma-separated. The order is the peers'
 * ZooKeeper ids (1 = first), so every master must list the same entries in the same order. Pure:
 * parsing and the choice of this master's own peer, each failure an {@link
 * IllegalArgumentException} saying what is wrong (the caller names the key).
 */
public record Ensemble(List<EnsemblePeer> peers) {
  public Ensemble {
    peers = List.copyOf(peers);
  }

  /**
   * @param text the entries
   * @param defaultClientPort the client port of entries that name none ({@code
   *     mezzo.zk-client-port})
   * @throws IllegalArgumentException naming the entry at fault and what is expected
   */
  public static Ensemble parse(String text, int defaultClientPort) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "empty; expected host:peerPort:electionPort[:clientPort] per master, comma-separated");
    }
    port(defaultClientPort, "mezzo.zk-client-port");
    List<EnsemblePeer> peers = new ArrayList<>();
    Set<String> bound = new HashSet<>();
    String[] entries = text.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      String[] parts = entry.split(":", -1);
      if (parts.length < 3 || parts.length > 4) {
        throw new IllegalArgumentException(
            "entry "
                + (i + 1)
                + " '"
                + entry
                + "' is not host:peerPort:electionPort[:clientPort] (IPv6 literals are not"
                + " supported; use a name)");
      }
      String host = parts[0].strip();
      if (host.isEmpty() || !host.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException(
            "entry " + (i + 1) + " '" + entry + "' has no valid host name or address");
      }
      int peerPort = port(parts[1], "entry " + (i + 1) + " '" + entry + "': peer port");
      int electionPort = port(parts[2], "entry " + (i + 1) + " '" + entry + "': election port");
      int clientPort =
          parts.length == 4
              ? port(parts[3], "entry " + (i + 1) + " '" + entry + "': client port")
              : defaultClientPort;
      EnsemblePeer peer = new EnsemblePeer(i + 1, host, peerPort, electionPort, clientPort);
      for (int p : new int[] {peerPort, electionPort, clientPort}) {
        // Two peers (or two ports of one) on the same host and port could never both listen.
        if (!bound.add(host.toLowerCase(Locale.ROOT) + ":" + p)) {
          throw new IllegalArgumentException(
              "entry "
                  + (i + 1)
                  + " '"
                  + entry
                  + "' uses "
                  + host
                  + ":"
                  + p
                  + " again; on one host each peer needs its own peer, election and client port");
        }
      }
      peers.add(peer);
    }
    return new Ensemble(peers);
  }

  private static int port(Object value, String what) {
    int port;
    try {
      port = value instanceof Integer n ? n : Integer.parseInt(((String) value).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + value + "' is not a number");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " " + port + " is not a port (1-65535)");
    }
    return port;
  }

  /** How many peers must be up for ZooKeeper to serve: a strict majority. */
  public int quorum() {
    return peers.size() / 2 + 1;
  }

  /** Curator's connect string: every peer's client address, so a client survives any minority. */
  public String connectString() {
    return peers.stream().map(EnsemblePeer::clientAddress).collect(Collectors.joining(","));
  }

  /**
   * This master's peer by its position ({@code mezzo.zk-id}).
   *
   * @throws IllegalArgumentException if there is no such position
   */
  public EnsemblePeer byId(int id) {
    if (id < 1 || id > peers.size()) {
      throw new IllegalArgumentException(
          "not a position in mezzo.zk-ensemble; expected 1 to " + peers.size());
    }
    return peers.get(id - 1);
  }

  /**
   * This master's peer by the host name it advertises: the one entry naming exactly that host, else
   * the one whose first label is the name's first label (so {@code mezzo-master-0} finds {@code
   * mezzo-master-0.mezzo-master-headless}; never for IP addresses).
   *
   * @throws IllegalArgumentException if no entry, or more than one, names it
   */
  public EnsemblePeer byHost(String hostname) {
    List<EnsemblePeer> exact =
        peers.stream().filter(p -> p.host().equalsIgnoreCase(hostname)).toList();
    if (exact.isEmpty() && !isAddress(hostname)) {
      String label = firstLabel(hostname);
      exact =
          peers.stream()
              .filter(p -> !isAddress(p.host()) && firstLabel(p.host()).equals(label))
              .toList();
    }
    if (exact.size() == 1) {
      return exact.get(0);
    }
    if (exact.isEmpty()) {
      throw new IllegalArgumentException(
          "no entry names this master's host '"
              + hostname
              + "' (mezzo.hostname, else the HTTP host or the machine's name); list it, set"
              + " mezzo.hostname to the name its entry uses, or set mezzo.zk-id to its position");
    }
    throw new IllegalArgumentException(
        "entries "
            + exact.stream().map(p -> Integer.toString(p.id())).collect(Collectors.joining(", "))
            + " all name this master's host '"
            + hostname
            + "'; set mezzo.zk-id to this master's position (on one machine every master needs"
            + " one)");
  }

  private static String firstLabel(String host) {
    int dot = host.indexOf('.');
    return (dot < 0 ? host : host.substring(0, dot)).toLowerCase(Locale.ROOT);
  }

  private static boolean isAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }
}
