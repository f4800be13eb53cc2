package io.mezzo.core.net.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads Mesos's election layout, the pure part of {@link ZooKeeperMasterDetector}: the children
 * {@code json.info_<seq>} of the election path, the lowest sequence leading, each holding its
 * master's {@code MasterInfo} as JSON. Children of other names (Mesos's old {@code info_} protobuf
 * nodes, locks) are not contenders.
 */
public final class ElectionNodes {
  /** The name prefix of a contender's znode, as Mesos writes it. */
  public static final String PREFIX = "json.info_";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ElectionNodes() {}

  /** The contenders among {@code children}, leader first (lowest sequence). */
  public static List<String> contenders(List<String> children) {
    return children.stream()
        .filter(c -> c.startsWith(PREFIX) && sequence(c) != Long.MAX_VALUE)
        .sorted(Comparator.comparingLong(ElectionNodes::sequence))
        .toList();
  }

  /** The sequence number of a contender's znode; {@code Long.MAX_VALUE} when it has none. */
  public static long sequence(String child) {
    try {
      return Long.parseLong(child.substring(PREFIX.length()));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * The base URL of the master a {@code MasterInfo} JSON describes: its hostname, else its
   * address's hostname, else its address's IP, with its port (which a TLS-only master sets to its
   * HTTPS port), as the masters' own 307 names the leader.
   *
   * @param scheme {@code http} or {@code https}
   * @return empty when the data is not JSON or names no host or port (a client skips it)
   */
  public static Optional<URI> address(byte[] masterInfoJson, String scheme) {
    JsonNode info;
    try {
      info = JSON.readTree(masterInfoJson);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (info == null || !info.isObject()) {
      return Optional.empty();
    }
    JsonNode address = info.path("address");
    String host = firstText(info.path("hostname"), address.path("hostname"), address.path("ip"));
    int port = info.path("port").asInt(address.path("port").asInt(0));
    if (host == null || port <= 0 || port > 65535) {
      return Optional.empty();
    }
    try {
      return Optional.of(new URI(scheme, null, host, port, null, null, null));
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static String firstText(JsonNode... nodes) {
    for (JsonNode n : nodes) {
      if (n.isTextual() && !n.asText().isBlank()) {
        return n.asText().strip();
      }
    }
    return null;
  }
}
