package io.mezzo.config;

import io.mezzo.core.net.ClientTls;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * What this node's clients trust and present ({@code mezzo.tls.*}): the agent's link to the master,
 * the master's sandbox proxy to agents and the built-in frameworks' scheduler connections. The
 * node's own listener is Quarkus's ({@code quarkus.http.ssl.*}, {@code quarkus.tls.*}).
 */
@ConfigMapping(prefix = "mezzo.tls")
public interface TlsSettings {
  /**
   * PEM files of the CA certificates that sign the masters and agents this node connects to,
   * comma-separated. Default: the JDK's default trust store.
   */
  Optional<List<String>> caCerts();

  /** PEM file of this node's client certificate, presented for mutual TLS. Default: none. */
  Optional<String> cert();

  /** PEM file of the PKCS#8 private key of {@link #cert()}. Default: none. */
  Optional<String> key();

  /**
   * Whether this node's HTTPS listener asks its clients for a certificate: {@code none}, {@code
   * request} or {@code required} (refused at the handshake without one signed by {@code
   * quarkus.tls.trust-store.*}). Default {@code none}.
   */
  @WithDefault("none")
  String clientAuth();

  /**
   * The TLS this node uses as a client of other nodes (agent link, sandbox proxy, built-in
   * frameworks): read from the files each time, so call it once per client.
   *
   * @throws IllegalArgumentException naming the setting and file that cannot be used
   */
  default ClientTls client() {
    return ClientTls.of(caCerts().orElse(List.of()), cert(), key());
  }
}
