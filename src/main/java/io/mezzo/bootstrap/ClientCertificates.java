package io.mezzo.bootstrap;

import io.mezzo.config.TlsSettings;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Mutual TLS on this node's HTTPS listener, chosen at run time by {@code mezzo.tls.client-auth}.
 *
 * <p>Quarkus's own {@code quarkus.http.ssl.client-auth} is fixed when the application is built (it
 * also decides whether an mTLS authentication mechanism exists), so one packaged Mezzo could not
 * serve both a cluster that requires client certificates and one that does not. This customizer
 * sets Vert.x's client-auth on the HTTPS server instead: {@code required} refuses, at the TLS
 * handshake, every client without a certificate signed by {@code quarkus.tls.trust-store.*}; {@code
 * request} asks and lets clients without one in.
 */
@ApplicationScoped
public class ClientCertificates implements HttpServerOptionsCustomizer {
  private static final Logger LOG = Logger.getLogger(ClientCertificates.class);
  private final TlsSettings settings;

  public ClientCertificates(TlsSettings settings) {
    this.settings = settings;
  }

  /**
   * Reads the {@code mezzo.tls.*} files once at startup, just before {@link StartupChecks} takes
   * the work dir, so a missing or malformed file stops the node with one line naming it, rather
   * than failing the first sandbox read or agent registration much later.
   */
  void check(@Observes @Priority(9) StartupEvent ev) {
    try {
      parse(settings.clientAuth());
      settings.client().sslContext();
    } catch (IllegalArgumentException e) {
      throw new StartupRefusal(String.valueOf(e.getMessage()));
    }
  }

  /**
   * {@code none}, {@code request} or {@code required} (any case) as Vert.x's value.
   *
   * @throws IllegalArgumentException naming the setting and the values it takes
   */
  static ClientAuth parse(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "none" -> ClientAuth.NONE;
      case "request" -> ClientAuth.REQUEST;
      case "required" -> ClientAuth.REQUIRED;
      default ->
          throw new IllegalArgumentException(
              "mezzo.tls.client-auth=" + value + ": expected none, request or required");
    };
  }

  @Override
  public void customizeHttpsServer(HttpServerOptions options) {
    // Checked at startup (StartupEvent comes before the HTTP server binds), so this cannot throw.
    ClientAuth clientAuth = parse(settings.clientAuth());
    if (clientAuth != ClientAuth.NONE) {
      LOG.infof("HTTPS clients must present a certificate: client-auth %s", clientAuth);
      options.setClientAuth(clientAuth);
    }
  }
}
