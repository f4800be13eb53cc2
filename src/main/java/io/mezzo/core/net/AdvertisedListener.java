package io.mezzo.core.net;

import java.util.Locale;
import java.util.Map;

/**
 * The scheme and port a node tells others about (MasterInfo's port and pid, the agent's endpoint,
 * the URL built-in frameworks use), decided from the HTTP listener settings alone.
 *
 * <p>A node advertises HTTPS only when it serves HTTPS <em>and</em> plain HTTP is not an equal
 * alternative ({@code quarkus.http.insecure-requests} is {@code disabled} or {@code redirect}):
 * with plain HTTP disabled the plain port is dead, and with {@code redirect} every plain request
 * costs a round trip and leaks its first request in clear. With both served ({@code enabled}, the
 * Quarkus default) the plain port stays advertised, so Mesos clients that know only HTTP keep
 * working.
 *
 * @param scheme {@code http} or {@code https}
 * @param port the port that scheme is served on
 */
public record AdvertisedListener(String scheme, int port) {
  /** Quarkus's default HTTPS port ({@code quarkus.http.ssl-port}). */
  public static final int DEFAULT_SSL_PORT = 8443;

  public AdvertisedListener {
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("scheme must be http or https, not '" + scheme + "'");
    }
  }

  /** True if this listener speaks TLS. */
  public boolean tls() {
    return scheme.equals("https");
  }

  /** {@code scheme://host:port}, the base URL of this listener on {@code host}. */
  public String baseUrl(String host) {
    return scheme + "://" + host + ":" + port;
  }

  /**
   * Decides what to advertise.
   *
   * @param httpsOn whether the node serves HTTPS (a server certificate is configured)
   * @param httpPort {@code quarkus.http.port}
   * @param sslPort {@code quarkus.http.ssl-port}
   * @param insecureRequests {@code quarkus.http.insecure-requests}: {@code enabled}, {@code
   *     redirect} or {@code disabled} (any case); null means the Quarkus default, {@code enabled}
   * @throws IllegalArgumentException for any other value of {@code insecureRequests}, naming it
   */
  public static AdvertisedListener decide(
      boolean httpsOn, int httpPort, int sslPort, String insecureRequests) {
    String mode = insecureRequests == null ? "enabled" : insecureRequests.toLowerCase(Locale.ROOT);
    if (!mode.equals("enabled") && !mode.equals("redirect") && !mode.equals("disabled")) {
      throw new IllegalArgumentException(
          "quarkus.http.insecure-requests="
              + insecureRequests
              + ": expected enabled, redirect or disabled");
    }
    if (httpsOn && !mode.equals("enabled")) {
      return new AdvertisedListener("https", sslPort);
    }
    return new AdvertisedListener("http", httpPort);
  }

  /**
   * Whether these configuration properties give the HTTP server a certificate, the condition under
   * which Quarkus opens its HTTPS port: the legacy {@code quarkus.http.ssl.certificate.*} files or
   * key store, or a key store in the TLS registry's default configuration, or in the named one
   * {@code quarkus.http.tls-configuration-name} points at.
   *
   * @param properties configuration property names to values (values are not looked at, except the
   *     TLS configuration name)
   */
  public static boolean httpsConfigured(Map<String, String> properties) {
    String named = properties.get("quarkus.http.tls-configuration-name");
    String namedPrefix = named == null ? null : "quarkus.tls." + named + ".key-store.";
    for (String key : properties.keySet()) {
      if (key.startsWith("quarkus.http.ssl.certificate.files")
          || key.startsWith("quarkus.http.ssl.certificate.key-store-file")
          || key.startsWith("quarkus.tls.key-store.")
          || (namedPrefix != null && key.startsWith(namedPrefix))) {
        return true;
      }
    }
    return false;
  }
}
