package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.BasicAuth;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The abuse limits on the packaged jar, from outside over HTTP: a master with {@code
 * mezzo.security.rate-limits} (a file in Mesos's format), a cap of one subscription of each kind
 * per principal and a cap of connections per client address. A principal over its rate gets 429
 * with Retry-After while another principal is served; a second SUBSCRIBE stream of one principal is
 * 429 until the first closes; a connection over the address's cap is answered 429 at once. Each
 * refusal is counted in {@code /q/metrics}, and the rate-limited principal's calls in Mesos's
 * {@code /metrics/snapshot} keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbuseLimitsIT {
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ALICE = BasicAuth.header("alice", "alice-secret");
  private static final String BOB = BasicAuth.header("bob", "bob-secret");
  private static final int PER_ADDRESS = 16;

  private MezzoProcess master;

  @BeforeAll
  void start() throws IOException {
    Path dir = Files.createTempDirectory("mezzo-limits-");
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, "alice alice-secret\nbob bob-secret\n");
    Path rates = dir.resolve("rate-limits.json");
    // One token every 1000 s: alice's third call is refused however slowly this test runs.
    Files.writeString(
        rates, "{\"limits\":[{\"principal\":\"alice\",\"qps\":0.001,\"capacity\":2}]}");
    master =
        MezzoProcess.start(
            "limits-master",
            "master",
            Map.of(
                "mezzo.security.credentials",
                credentials.toString(),
                "mezzo.security.authenticate-frameworks",
                "true",
                "mezzo.security.rate-limits",
                rates.toString(),
                "mezzo.security.max-subscriptions-per-principal",
                "1",
                "mezzo.http.max-connections-per-address",
                Integer.toString(PER_ADDRESS),
                "mezzo.http.header-timeout",
                "3S"));
  }

  @AfterAll
  void stop() {
    if (master != null) {
      master.close();
    }
  }

  @Test
  @Order(1)
  void aPrincipalOverItsRateGets429WithRetryAfterWhileAnotherIsServed() throws Exception {
    String reconcile = "{\"type\":\"RECONCILE\",\"framework_id\":{\"value\":\"nobody\"}}";
    List<HttpResponse<String>> alice = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      alice.add(post("/api/v1/scheduler", reconcile, ALICE));
    }
    assertThat(alice.get(0).statusCode()).as(alice.get(0).body()).isNotEqualTo(429);
    assertThat(alice.get(1).statusCode()).as(alice.get(1).body()).isNotEqualTo(429);
    HttpResponse<String> refused = alice.get(2);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(refused.body()).contains("principal 'alice' exceeds 0.001 qps (burst 2)");
    assertThat(refused.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isGreaterThanOrEqualTo(1));

    // bob is not listed and there is no aggregate default: never throttled.
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> bob = post("/api/v1/scheduler", reconcile, BOB);
      assertThat(bob.statusCode()).as(bob.body()).isNotEqualTo(429);
    }

    assertThat(get("/q/metrics").body())
        .containsPattern("mezzo_http_requests_refused_total\\{reason=\"rate_limit\"[^}]*} 1\\.0");
    JsonNode snapshot = V1SchedulerClient.parse(get("/metrics/snapshot").body());
    assertThat(snapshot.path("frameworks/alice/messages_received").asDouble()).isEqualTo(3.0);
    assertThat(snapshot.path("frameworks/alice/messages_processed").asDouble()).isEqualTo(2.0);
    assertThat(snapshot.has("frameworks/bob/messages_received")).isFalse();
  }

  @Test
  @Order(2)
  void aSecondSubscriptionOfOnePrincipalIs429UntilTheFirstCloses() throws Exception {
    HttpResponse<InputStream> first = subscribe(schedulerSubscribe("bob-1"), "/api/v1/scheduler");
    try {
      assertThat(first.statusCode()).isEqualTo(200);
      HttpResponse<InputStream> second =
          subscribe(schedulerSubscribe("bob-2"), "/api/v1/scheduler");
      String body = new String(second.body().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(second.statusCode()).as(body).isEqualTo(429);
      assertThat(body)
          .contains("principal 'bob' already holds 1 of 1 subscriptions allowed per principal");
      assertThat(second.headers().firstValue("Retry-After")).isEmpty();

      // Operator streams are counted apart: bob may hold one of those as well, but not two.
      HttpResponse<InputStream> events = subscribe("{\"type\":\"SUBSCRIBE\"}", "/api/v1");
      assertThat(events.statusCode()).isEqualTo(200);
      HttpResponse<InputStream> more = subscribe("{\"type\":\"SUBSCRIBE\"}", "/api/v1");
      assertThat(more.statusCode()).isEqualTo(429);
      more.body().close();
      events.body().close();
      await("bob's operator slot is free once his stream closed")
          .atMost(WAIT)
          .ignoreExceptions()
          .until(
              () -> {
                HttpResponse<InputStream> again = subscribe("{\"type\":\"SUBSCRIBE\"}", "/api/v1");
                again.body().close();
                return again.statusCode() == 200;
              });
    } finally {
      first.body().close();
    }
    assertThat(get("/q/metrics").body())
        .containsPattern(
            "mezzo_http_requests_refused_total\\{reason=\"scheduler_subscriptions\"[^}]*} 1\\.0")
        .containsPattern(
            "mezzo_http_requests_refused_total\\{reason=\"operator_subscriptions\"[^}]*} [1-9]");
  }

  @Test
  @Order(3)
  void aConnectionOverTheAddressCapIsAnswered429AtOnce() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    int refused = 0;
    String reason = "";
    try {
      // More than the cap at once: at least the surplus is refused, whatever else (this test's
      // HTTP client, the built-in frameworks) holds connections from 127.0.0.1.
      for (int i = 0; i < PER_ADDRESS + 4; i++) {
        Socket s = new Socket("127.0.0.1", master.port());
        s.setSoTimeout(20_000);
        sockets.add(s);
      }
      // A refused connection is answered and closed; an admitted one, which sends nothing, is
      // closed by the header timeout. Either way each read ends.
      for (Socket s : sockets) {
        String answer;
        try {
          answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException closedHard) {
          answer = "";
        }
        if (answer.startsWith("HTTP/1.1 429")) {
          refused++;
          reason = answer;
        }
      }
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
    assertThat(refused).isGreaterThanOrEqualTo(4);
    assertThat(reason)
        .contains(
            "client address '127.0.0.1' already holds "
                + PER_ADDRESS
                + " of "
                + PER_ADDRESS
                + " connections allowed per client address");
    String metrics =
        await("the node serves again once the connections closed")
            .atMost(WAIT)
            .ignoreExceptions()
            .until(() -> get("/q/metrics"), r -> r.statusCode() == 200)
            .body();
    assertThat(metrics)
        .containsPattern(
            "mezzo_http_connections_refused_total\\{reason=\"connections_per_address\"[^}]*}"
                + " [1-9]");
  }

  private static String schedulerSubscribe(String name) {
    return "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"nobody\","
        + "\"name\":\""
        + name
        + "\",\"principal\":\"bob\",\"roles\":[\"*\"],"
        + "\"capabilities\":[{\"type\":\"MULTI_ROLE\"}]}}}";
  }

  private HttpResponse<InputStream> subscribe(String call, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(master.baseUrl().resolve(path))
            .timeout(WAIT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("Authorization", BOB)
            .POST(HttpRequest.BodyPublishers.ofString(call))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  private HttpResponse<String> post(String path, String body, String authorization)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(master.baseUrl().resolve(path))
            .timeout(WAIT)
            .header("Content-Type", "application/json")
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = master.baseUrl().resolve(path);
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(WAIT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
