package io.mezzo.api.v1;

import java.util.Locale;

/**
 * A machine as maintenance names it ({@code mesos.v1.MachineID}): its hostname, its IP, or both.
 * Mesos compares hostnames without regard to case, so {@link #key()} lower-cases it.
 */
public record MachineId(String hostname, String ip) {

  /** Whether neither field is given (Mesos refuses such a machine). */
  public boolean nameless() {
    return absent(hostname) && absent(ip);
  }

  /** The identity two machine ids share when Mesos holds them equal. */
  public MachineId key() {
    return new MachineId(
        absent(hostname) ? "" : hostname.toLowerCase(Locale.ROOT), absent(ip) ? "" : ip);
  }

  /** As Mesos prints a machine id in its messages: {@code hostname: "a" ip: "b"}. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    if (!absent(hostname)) {
      s.append("hostname: \"").append(hostname).append('"');
    }
    if (!absent(ip)) {
      s.append(s.isEmpty() ? "" : " ").append("ip: \"").append(ip).append('"');
    }
    return s.toString();
  }

  private static boolean absent(String s) {
    return s == null || s.isEmpty();
  }
}
