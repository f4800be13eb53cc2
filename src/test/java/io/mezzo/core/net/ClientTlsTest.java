package io.mezzo.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.mezzo.testing.TestCa;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ClientTls against a real JDK HTTPS server that requires client certificates signed by a test CA:
 * the configured client gets in, one without a certificate or with an unknown CA does not.
 */
class ClientTlsTest {
  @TempDir static Path dir;
  static TestCa ca;
  static TestCa.Issued client;
  static HttpsServer server;

  @BeforeAll
  static void serve() throws IOException {
    ca = TestCa.create("ca", dir);
    TestCa.Issued cert = ca.server("server");
    client = ca.client("client", "agent-1");
    // The server side is ClientTls too: its key manager holds the server certificate.
    ClientTls serverSide =
        new ClientTls(List.of(ca.certFile()), Optional.of(cert.cert()), Optional.of(cert.key()));
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(serverSide.sslContext()) {
          @Override
          public void configure(HttpsParameters p) {
            javax.net.ssl.SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
            ssl.setNeedClientAuth(true);
            p.setSSLParameters(ssl);
          }
        });
    server.createContext(
        "/",
        x -> {
          x.sendResponseHeaders(200, -1);
          x.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static int get(SSLContext ctx, String host) throws Exception {
    HttpClient http =
        HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    URI uri = URI.create("https://" + host + ":" + server.getAddress().getPort() + "/");
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void aClientTrustingTheCaAndPresentingItsCertificateGetsIn() throws Exception {
    ClientTls tls =
        ClientTls.of(
            List.of(ca.certFile().toString()),
            Optional.of(client.cert().toString()),
            Optional.of(client.key().toString()));
    assertThat(tls.presentsCertificate()).isTrue();
    assertThat(get(tls.sslContext(), "127.0.0.1")).isEqualTo(200);
    assertThat(get(tls.sslContext(), "localhost")).isEqualTo(200);
  }

  @Test
  void aClientWithoutACertificateIsRefusedAtTheHandshake() {
    ClientTls tls = new ClientTls(List.of(ca.certFile()), Optional.empty(), Optional.empty());
    assertThatThrownBy(() -> get(tls.sslContext(), "127.0.0.1")).isInstanceOf(IOException.class);
  }

  @Test
  void withNoCaConfiguredTheJdkDefaultTrustRefusesTheTestServer() {
    ClientTls tls = new ClientTls(List.of(), Optional.of(client.cert()), Optional.of(client.key()));
    assertThatThrownBy(() -> get(tls.sslContext(), "127.0.0.1"))
        .isInstanceOf(SSLHandshakeException.class);
    assertThat(ClientTls.defaults().trustManagers()).isNull();
  }

  @Test
  void aServerSignedByAnotherCaIsNotTrusted() throws Exception {
    Path other = Files.createDirectory(dir.resolve("other"));
    TestCa rogue = TestCa.create("rogue", other);
    ClientTls tls =
        new ClientTls(
            List.of(rogue.certFile()), Optional.of(client.cert()), Optional.of(client.key()));
    assertThatThrownBy(() -> get(tls.sslContext(), "127.0.0.1"))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void aCertificateWithoutItsKeyIsRefusedNamingBothSettings() {
    assertThatThrownBy(() -> ClientTls.of(List.of(), Optional.of("client.pem"), Optional.empty()))
        .hasMessageContaining("mezzo.tls.cert is set but mezzo.tls.key is not");
    assertThatThrownBy(() -> ClientTls.of(List.of(), Optional.empty(), Optional.of("k.pem")))
        .hasMessageContaining("mezzo.tls.key is set but mezzo.tls.cert is not");
  }

  @Test
  void unreadableOrWrongFilesAreNamed() throws IOException {
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(
            () -> new ClientTls(List.of(missing), Optional.empty(), Optional.empty()).sslContext())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing.pem")
        .hasMessageContaining("mezzo.tls.ca-certs");
    Path pkcs1 = dir.resolve("rsa.pem");
    Files.writeString(
        pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(
            () ->
                new ClientTls(List.of(), Optional.of(client.cert()), Optional.of(pkcs1))
                    .keyManager())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void blankSettingsMeanNothingConfigured() {
    ClientTls tls = ClientTls.of(List.of(" "), Optional.of(""), Optional.of(" "));
    assertThat(tls).isEqualTo(ClientTls.defaults());
  }
}
