package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mezzo.core.net.ClientTls;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.TestCa;
import io.mezzo.testing.V1SchedulerClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/mezzo} on the packaged jar against a master that serves HTTPS only, requires client
 * certificates from a CA made in the test, and authentication on every HTTP realm: with the CA, a
 * client certificate and the right principal and secret (as flags, a secret file or the
 * environment) it lists apps and agents; a wrong secret or none is exit 1 with the master's 401
 * reason; a missing CA or client certificate is exit 3 saying TLS failed. The master's HTTPS port
 * is one the OS picked ({@code quarkus.http.ssl-port=0}): it advertises that port, not 0, and
 * Marathon's {@code /v2/info}, asked over TLS, links to https.
 */
class SecureCliIT {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

  private static Path dir;
  private static TestCa ca;
  private static TestCa.Issued operator;
  private static Path secretFile;
  private static MezzoProcess master;

  @BeforeAll
  static void start() throws IOException {
    dir =
        Files.createTempDirectory(
            Files.createDirectories(Path.of("target", "it-work")), "secure-cli-");
    ca = TestCa.create("ca", dir);
    TestCa.Issued server = ca.server("server");
    TestCa.Issued masterClient = ca.client("master-client", "master");
    operator = ca.client("operator", "operator");
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials, "{\"credentials\":[{\"principal\":\"ops\",\"secret\":\"s3cret\"}]}");
    secretFile = dir.resolve("ops.secret");
    Files.writeString(secretFile, "s3cret\n");

    Map<String, String> p = new HashMap<>();
    p.put("quarkus.http.ssl-port", "0");
    p.put("quarkus.http.insecure-requests", "disabled");
    p.put("quarkus.tls.key-store.pem.0.cert", server.cert().toString());
    p.put("quarkus.tls.key-store.pem.0.key", server.key().toString());
    p.put("quarkus.tls.trust-store.pem.certs", ca.certFile().toString());
    p.put("mezzo.tls.client-auth", "required");
    p.put("mezzo.tls.ca-certs", ca.certFile().toString());
    p.put("mezzo.tls.cert", masterClient.cert().toString());
    p.put("mezzo.tls.key", masterClient.key().toString());
    p.put("mezzo.security.credentials", credentials.toString());
    p.put("mezzo.security.authenticate-http-readonly", "true");
    p.put("mezzo.security.authenticate-http-readwrite", "true");
    master =
        MezzoProcess.startTls(
            "secure-cli",
            "master",
            p,
            new ClientTls(
                    List.of(ca.certFile()),
                    Optional.of(operator.cert()),
                    Optional.of(operator.key()))
                .sslContext());
  }

  @AfterAll
  static void stop() {
    if (master != null) {
      master.close();
    }
  }

  record Run(int code, String out, String err) {}

  /** bin/mezzo with MEZZO_MASTER at the https master, the environment plus {@code env}. */
  private static Run mezzo(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("bash", "bin/mezzo"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("MEZZO_JAR", System.getProperty("mezzo.jar"));
    pb.environment().put("MEZZO_MASTER", master.baseUrl().toString());
    pb.environment()
        .keySet()
        .removeIf(
            k -> k.startsWith("MEZZO_") && !k.equals("MEZZO_JAR") && !k.equals("MEZZO_MASTER"));
    pb.environment().putAll(env);
    try {
      Path out = Files.createTempFile(dir, "out", ".txt");
      Path err = Files.createTempFile(dir, "err", ".txt");
      Process proc = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!proc.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        proc.destroyForcibly();
        throw new AssertionError("mezzo " + String.join(" ", args) + " ran past " + RUN_TIMEOUT);
      }
      return new Run(
          proc.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<String> tls(String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--ca-cert", ca.certFile().toString(),
                "--client-cert", operator.cert().toString(),
                "--client-key", operator.key().toString()));
    a.addAll(List.of(more));
    return a;
  }

  private static Run mezzo(List<String> tail, String... head) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(tail);
    return mezzo(Map.of(), all.toArray(String[]::new));
  }

  @Test
  void theRightCredentialOverMutualTlsListsAppsAndAgents() {
    Run apps =
        mezzo(tls("--principal", "ops", "--secret-file", secretFile.toString()), "app", "list");
    assertThat(apps.code()).as(apps.err()).isZero();
    assertThat(apps.out()).startsWith("ID");

    // The operator API (agent list) from the environment's credential.
    List<String> args = new ArrayList<>(List.of("agent", "list", "--json"));
    args.addAll(tls());
    Run agents =
        mezzo(
            Map.of("MEZZO_PRINCIPAL", "ops", "MEZZO_SECRET", "s3cret"),
            args.toArray(String[]::new));
    assertThat(agents.code()).as(agents.err()).isZero();
    assertThat(agents.out()).contains("agents");
  }

  @Test
  void theMasterAdvertisesTheTlsPortItBoundAndInfoLinksSayHttps() throws Exception {
    int port = master.baseUrl().getPort();
    assertThat(port).isPositive();
    HttpClient http =
        V1SchedulerClient.newHttpClient(
            new ClientTls(
                    List.of(ca.certFile()),
                    Optional.of(operator.cert()),
                    Optional.of(operator.key()))
                .sslContext());
    String ops =
        "Basic "
            + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8));
    JsonNode state = get(http, ops, "/master/state");
    assertThat(state.path("pid").asText()).endsWith(":" + port);
    assertThat(state.path("leader").asText()).endsWith(":" + port);

    JsonNode info = get(http, ops, "/v2/info");
    assertThat(info.at("/marathon_config/webui_url").asText())
        .startsWith("https://")
        .contains(":" + port + "/");
    assertThat(info.at("/http_config/https_port").asInt()).isEqualTo(port);
  }

  private static JsonNode get(HttpClient http, String authorization, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(master.baseUrl().resolve(path))
                .header("Authorization", authorization)
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }

  @Test
  void aWrongSecretOrNoneIsRefusedWithTheMastersReason() {
    Run wrong = mezzo(tls("--principal", "ops", "--secret", "not-it"), "app", "list");
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err())
        .contains("(401)", "wrong secret for 'ops'", "did not accept the credential of ops");

    Run none = mezzo(tls(), "app", "list");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).contains("(401)", "no credentials were given", "--principal");
  }

  @Test
  void withoutTheCaOrAClientCertificateTlsFailsSayingSo() {
    Run noCa = mezzo(List.of("--principal", "ops", "--secret", "s3cret"), "app", "list");
    assertThat(noCa.code()).as(noCa.err()).isEqualTo(3);
    assertThat(noCa.err()).contains("TLS failed", "--ca-cert");

    Run noClientCert =
        mezzo(
            List.of(
                "--ca-cert", ca.certFile().toString(), "--principal", "ops", "--secret", "s3cret"),
            "app",
            "list");
    assertThat(noClientCert.code()).as(noClientCert.err()).isEqualTo(3);
    assertThat(noClientCert.err()).contains("cannot reach the master");
  }
}
