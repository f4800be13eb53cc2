package io.mezzo.cli;

import io.mezzo.core.net.ClientTls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * What the CLI trusts and presents on an https master: the CA certificate (PEM) that signed the
 * master's, and for mutual TLS a client certificate and its PKCS#8 key, built by the same {@link
 * ClientTls} every Mezzo node uses for its own connections, so the CLI accepts exactly the files a
 * node's {@code mezzo.tls.*} settings do. Without {@code --ca-cert} the JDK's trust store decides
 * (a public CA, or {@code -Djavax.net.ssl.trustStore}); the host name is always checked.
 */
final class CliTls {
  private CliTls() {}

  /**
   * The TLS context for {@code master}, or empty for the JDK's default.
   *
   * @throws CliFailure a usage error for half a client certificate, TLS files with an http://
   *     master (they would be ignored), or a file that cannot be used, naming the option
   */
  static Optional<SSLContext> resolve(URI master, Path caCert, Path clientCert, Path clientKey) {
    if ((clientCert == null) != (clientKey == null)) {
      throw CliFailure.usage(
          clientCert != null
              ? "--client-cert needs its key: add --client-key FILE"
              : "--client-key needs its certificate: add --client-cert FILE");
    }
    if (caCert == null && clientCert == null) {
      return Optional.empty();
    }
    if (!"https".equalsIgnoreCase(master.getScheme())) {
      throw CliFailure.usage(
          (caCert != null ? "--ca-cert" : "--client-cert")
              + " applies to an https:// master, but the master is "
              + master
              + "; use https://");
    }
    requireReadable("--ca-cert", caCert);
    requireReadable("--client-cert", clientCert);
    requireReadable("--client-key", clientKey);
    ClientTls tls =
        new ClientTls(
            caCert == null ? List.of() : List.of(caCert),
            Optional.ofNullable(clientCert),
            Optional.ofNullable(clientKey));
    try {
      // Built now, so a bad file is a usage error before any request rather than a failed one.
      tls.trustManagers();
      tls.keyManager();
      return Optional.of(tls.sslContext());
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(inOptionNames(describe(e)));
    }
  }

  private static void requireReadable(String option, Path file) {
    if (file != null && !Files.isReadable(file)) {
      throw CliFailure.usage("cannot read " + option + " " + file + ": no such readable file");
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !m.contains(cause.getMessage())) {
      m = m + ": " + cause.getMessage();
    }
    return m;
  }

  /** ClientTls names the node settings; the CLI's user gave options. */
  static String inOptionNames(String message) {
    return message
        .replace("mezzo.tls.ca-certs", "--ca-cert")
        .replace("mezzo.tls.cert", "--client-cert")
        .replace("mezzo.tls.key", "--client-key");
  }
}
