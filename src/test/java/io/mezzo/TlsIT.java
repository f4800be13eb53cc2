package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mezzo.core.net.ClientTls;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.TestCa;
import io.mezzo.testing.V1SchedulerClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A master and an agent that serve HTTPS only (plain HTTP disabled) and require client certificates
 * from a CA made in the test: the agent registers over mutual TLS, a framework runs a task and
 * reads its stdout through the master's /files proxy (master→agent, mutual TLS too), the master
 * advertises its HTTPS port, and clients without a certificate from the CA are refused.
 */
class TlsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path dir;
  private static TestCa ca;
  private static int masterSslPort;
  private static MezzoProcess master;
  private static MezzoProcess agent;
  private static SSLContext operator;

  @BeforeAll
  static void cluster() throws IOException {
    dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-work")), "tls-");
    ca = TestCa.create("ca", dir);
    TestCa.Issued server = ca.server("server");
    TestCa.Issued masterClient = ca.client("master-client", "master");
    TestCa.Issued agentClient = ca.client("agent-client", "agent-1");
    TestCa.Issued operatorClient = ca.client("operator", "operator");
    operator = tls(ca.certFile(), operatorClient);

    masterSslPort = MezzoProcess.freePort();
    Map<String, String> m = serving(server, masterSslPort, masterClient);
    master = MezzoProcess.startTls("tls-master", "master", m, operator);

    Map<String, String> a = serving(server, MezzoProcess.freePort(), agentClient);
    a.put("mezzo.master", "https://127.0.0.1:" + masterSslPort);
    a.put("mezzo.agent.resources", MezzoProcess.AGENT_RESOURCES);
    agent = MezzoProcess.startTls("tls-agent", "agent", a, operator);
  }

  /** A node serving HTTPS only with client-auth required, whose clients present {@code client}. */
  private static Map<String, String> serving(
      TestCa.Issued server, int sslPort, TestCa.Issued client) {
    Map<String, String> p = new HashMap<>();
    p.put("quarkus.http.ssl-port", Integer.toString(sslPort));
    p.put("quarkus.http.insecure-requests", "disabled");
    p.put("quarkus.tls.key-store.pem.0.cert", server.cert().toString());
    p.put("quarkus.tls.key-store.pem.0.key", server.key().toString());
    p.put("quarkus.tls.trust-store.pem.certs", ca.certFile().toString());
    p.put("mezzo.tls.client-auth", "required");
    p.put("mezzo.tls.ca-certs", ca.certFile().toString());
    p.put("mezzo.tls.cert", client.cert().toString());
    p.put("mezzo.tls.key", client.key().toString());
    return p;
  }

  private static SSLContext tls(Path caCert, TestCa.Issued client) {
    return new ClientTls(
            List.of(caCert),
            Optional.ofNullable(client).map(TestCa.Issued::cert),
            Optional.ofNullable(client).map(TestCa.Issued::key))
        .sslContext();
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
    if (master != null) {
      master.close();
    }
  }

  @Test
  void aTaskRunsOverMutualTlsAndItsStdoutIsReadThroughTheMaster() throws Exception {
    HttpClient http = V1SchedulerClient.newHttpClient(operator);
    try (V1SchedulerClient framework =
        V1SchedulerClient.subscribe(
            master.baseUrl(), StandaloneIT.frameworkInfo("tls-it"), true, http)) {
      JsonNode info = framework.awaitEvent("SUBSCRIBED", TIMEOUT).at("/subscribed/master_info");
      assertThat(info.path("port").asInt()).isEqualTo(masterSslPort);
      assertThat(info.at("/address/port").asInt()).isEqualTo(masterSslPort);
      assertThat(info.path("pid").asText()).endsWith(":" + masterSslPort);

      JsonNode offer = framework.awaitOffer(TIMEOUT);
      String taskId = "tls-" + UUID.randomUUID();
      V1SchedulerClient.Response r =
          framework.accept(
              offer, V1SchedulerClient.commandTask(taskId, 0.1, 32, "echo hello-over-tls"));
      assertThat(r.status()).as(r.body()).isEqualTo(202);
      framework.awaitUpdate(taskId, "TASK_FINISHED", TIMEOUT);

      String path =
          "/frameworks/" + framework.frameworkId() + "/executors/" + taskId + "/runs/latest/stdout";
      URI read =
          master
              .baseUrl()
              .resolve(
                  "/files/read?offset=0&path=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
      HttpResponse<String> answer =
          http.send(HttpRequest.newBuilder(read).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(JSON.readTree(answer.body()).path("data").asText()).contains("hello-over-tls");
      framework.teardown();
    }
  }

  @Test
  void aClientWithoutACertificateIsRefusedAtTheHandshake() {
    HttpClient http = V1SchedulerClient.newHttpClient(tls(ca.certFile(), null));
    HttpRequest state = HttpRequest.newBuilder(master.baseUrl().resolve("/master/state")).build();
    assertThatThrownBy(() -> http.send(state, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void anAgentWhoseCertificateIsNotSignedByTheCaCannotRegister() throws Exception {
    Path other = Files.createDirectory(dir.resolve("rogue"));
    TestCa rogueCa = TestCa.create("rogue-ca", other);
    TestCa.Issued rogueClient = rogueCa.client("rogue-agent", "agent-1");
    Map<String, String> p = new HashMap<>();
    p.put("mezzo.master", "https://127.0.0.1:" + masterSslPort);
    p.put("mezzo.agent.resources", MezzoProcess.AGENT_RESOURCES);
    p.put("mezzo.tls.ca-certs", ca.certFile().toString());
    p.put("mezzo.tls.cert", rogueClient.cert().toString());
    p.put("mezzo.tls.key", rogueClient.key().toString());
    try (MezzoProcess rogue = MezzoProcess.startUnready("tls-rogue", "agent", p)) {
      HttpClient http = V1SchedulerClient.newHttpClient(operator);
      HttpRequest agents =
          HttpRequest.newBuilder(master.baseUrl().resolve("/master/slaves")).build();
      await("only the real agent is registered while the rogue one tries")
          .during(Duration.ofSeconds(8))
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  JSON.readTree(http.send(agents, HttpResponse.BodyHandlers.ofString()).body())
                          .path("slaves")
                          .size()
                      == 1);
      assertThat(rogue.isAlive()).isTrue();
    }
  }
}
