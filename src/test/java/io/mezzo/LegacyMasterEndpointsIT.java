package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.http.master.LegacyMasterRoutesTest;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.OperatorHttp;
import io.mezzo.testing.OperatorHttp.Reply;
import io.mezzo.testing.V1SchedulerClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every GET the master node of a packaged standalone Mezzo serves, as the Mesos web UI and tools
 * read them: JSON, and JSONP with {@code ?jsonp=}; the maintenance, quota and weights answers and
 * their 501 refusals; {@code /metrics/snapshot?timeout=}.
 */
class LegacyMasterEndpointsIT {
  /** The master's JSON GETs, each served with and without the {@code /master} prefix. */
  private static final List<String> MASTER_GETS = LegacyMasterRoutesTest.JSON_GETS;

  /** The node's own JSON GETs (libprocess's, not the master's). */
  private static final List<String> NODE_GETS = List.of("/version", "/metrics/snapshot");

  private static MezzoProcess mezzo;

  @BeforeAll
  static void start() {
    mezzo = MezzoProcess.standalone("legacy-master");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get("/master/slaves").json().path("slaves").size() == 1);
  }

  @AfterAll
  static void stop() {
    if (mezzo != null) {
      mezzo.close();
    }
  }

  private static Reply get(String path) {
    return OperatorHttp.get(mezzo.baseUrl(), path);
  }

  private static Reply send(String method, String path, String body) {
    return OperatorHttp.send(
        HttpRequest.newBuilder(mezzo.baseUrl().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build());
  }

  @Test
  void everyGetAnswersJsonAndJsonp() {
    List<String> paths = new java.util.ArrayList<>(NODE_GETS);
    for (String name : MASTER_GETS) {
      paths.add("/master/" + name);
      paths.add("/" + name);
    }
    for (String path : paths) {
      Reply plain = get(path);
      assertThat(plain.status()).as(path).isEqualTo(200);
      assertThat(plain.header("Content-Type")).as(path).startsWith("application/json");
      JsonNode json = plain.json();
      assertThat(json.isObject() || json.isArray()).as(path).isTrue();

      Reply wrapped = get(path + "?jsonp=angular.callbacks._1");
      assertThat(wrapped.status()).as(path).isEqualTo(200);
      assertThat(wrapped.header("Content-Type")).as(path).startsWith("text/javascript");
      String body = wrapped.body();
      assertThat(body).as(path).startsWith("angular.callbacks._1(").endsWith(");");
      JsonNode inner =
          V1SchedulerClient.parse(
              body.substring("angular.callbacks._1(".length(), body.length() - 2));
      assertThat(inner.getNodeType()).as(path).isEqualTo(json.getNodeType());

      Reply bad = get(path + "?jsonp=alert(document.cookie)");
      assertThat(bad.status()).as(path).isEqualTo(400);
      assertThat(bad.body()).as(path).contains("'jsonp'");
    }
  }

  @Test
  void theNewEndpointsAnswerAsMesosWithNothingConfigured() {
    assertThat(get("/master/maintenance/schedule").body()).isEqualTo("{}");
    assertThat(get("/master/maintenance/status").body()).isEqualTo("{}");
    assertThat(get("/master/quota").body()).isEqualTo("{}");
    assertThat(get("/master/weights").body()).isEqualTo("[]");
    assertThat(get("/master/state").json().path("slaves").get(0).path("hostname").asText())
        .isNotBlank();
  }

  @Test
  void healthAndRedirectHaveNoBodyWhateverTheJsonp() {
    Reply health = get("/master/health?jsonp=cb");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).isEmpty();
    Reply redirect = get("/master/redirect?jsonp=cb");
    assertThat(redirect.status()).isEqualTo(307);
    assertThat(redirect.header("Location")).startsWith("//").endsWith(":" + mezzo.port());
  }

  @Test
  void theMaintenanceScheduleIsReadAndReplacedButNotPut() {
    // Every legacy change is built now; a method the endpoint does not take is still 405.
    assertThat(send("PUT", "/master/maintenance/schedule", "{}").status()).isEqualTo(405);
  }

  @Test
  void metricsSnapshotHonoursAStoutTimeout() {
    Reply inTime = get("/metrics/snapshot?timeout=5secs");
    assertThat(inTime.status()).isEqualTo(200);
    assertThat(inTime.json().path("master/elected").asDouble()).isEqualTo(1.0);
    assertThat(inTime.json().path("slave/registered").asDouble()).isEqualTo(1.0);
    assertThat(get("/metrics/snapshot?timeout=0.5mins&jsonp=cb").body()).startsWith("cb({");
    Reply bad = get("/metrics/snapshot?timeout=5s");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("'timeout'").contains("'5s'");
  }
}
