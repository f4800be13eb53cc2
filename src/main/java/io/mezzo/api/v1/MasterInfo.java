package io.mezzo.api.v1;

import java.util.List;

/**
 * Who the master is ({@code mesos.v1.MasterInfo}). {@code ip} is the IPv4 address packed as Mesos
 * does: network byte order read as a little-endian integer (127.0.0.1 is 16777343).
 */
public record MasterInfo(
    String id,
    Long ip,
    Integer port,
    String pid,
    String hostname,
    String version,
    Address address,
    List<Capability> capabilities) {

  /** A master capability; only names known to the Mesos 1.11 protos may be sent. */
  public record Capability(Type type) {
    public enum Type {
      UNKNOWN,
      AGENT_UPDATE,
      AGENT_DRAINING
    }
  }

  /** Packs a dotted IPv4 address the way {@code MasterInfo.ip} carries it. */
  public static long packIp(String dotted) {
    String[] parts = dotted.split("\\.");
    if (parts.length != 4) {
      return 0;
    }
    long packed = 0;
    for (int i = 3; i >= 0; i--) {
      packed = (packed << 8) | (Integer.parseInt(parts[i]) & 0xff);
    }
    return packed;
  }
}
