package io.mezzo.api.agent;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * IP address literals, told apart from host names without a name lookup. The master fills offers'
 * {@code url.address.ip} from them and must never wait on DNS on its context (Mesos takes the IP
 * from the agent's PID, which the agent determined itself).
 */
public final class IpAddresses {
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private IpAddresses() {}

  /**
   * Whether {@code host} is a dotted-quad IPv4 or an IPv6 literal (brackets allowed, as in URLs);
   * false for null and for any name. Pure: no lookup.
   */
  public static boolean isLiteral(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return IPV4.matcher(h).matches() || IPV6.matcher(h).matches();
  }

  /** The host of a URL without its IPv6 brackets, or null if it has none or does not parse. */
  public static String hostOf(String url) {
    if (url == null) {
      return null;
    }
    try {
      String host = URI.create(url).getHost();
      if (host != null && host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return host;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
