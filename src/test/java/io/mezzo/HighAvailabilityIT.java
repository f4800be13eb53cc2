package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * Two masters elect a leader through a real ZooKeeper; the standby redirects; when the leader's
 * process dies the standby takes over with the same registry, the agent follows it, and the
 * framework fails over onto it with its id.
 */
class HighAvailabilityIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void standbyRedirectsThenTakesOverWhenTheLeaderDies() throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      Map<String, String> ha =
          Map.of(
              "mezzo.zk",
              "zk://" + zk.getConnectString() + "/mezzo",
              "mezzo.zk-session-timeout",
              "3S");
      MezzoProcess first = MezzoProcess.start("ha-master-1", "master", ha);
      MezzoProcess second = null;
      MezzoProcess agent = null;
      try {
        second = MezzoProcess.startUnready("ha-master-2", "master", ha);
        URI standby = second.baseUrl();
        HttpClient http = V1SchedulerClient.newHttpClient();
        HttpResponse<String> redirect =
            http.send(
                HttpRequest.newBuilder(standby.resolve("/api/v1/scheduler"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(307);
        assertThat(redirect.headers().firstValue("Location"))
            .hasValue("//127.0.0.1:" + first.port() + "/api/v1/scheduler");
        // The operator API and the legacy state send clients to the leader too; /master/redirect
        // names it, so the Mesos web UI can follow.
        HttpResponse<String> operator =
            http.send(
                HttpRequest.newBuilder(standby.resolve("/api/v1"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_STATE\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(operator.statusCode()).isEqualTo(307);
        assertThat(operator.headers().firstValue("Location"))
            .hasValue("//127.0.0.1:" + first.port() + "/api/v1");
        HttpResponse<String> leaderRedirect =
            http.send(
                HttpRequest.newBuilder(standby.resolve("/master/redirect")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(leaderRedirect.statusCode()).isEqualTo(307);
        assertThat(leaderRedirect.headers().firstValue("Location"))
            .hasValue("//127.0.0.1:" + first.port());
        HttpResponse<String> standbyMetrics =
            http.send(
                HttpRequest.newBuilder(standby.resolve("/metrics/snapshot")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(V1SchedulerClient.parse(standbyMetrics.body()).path("master/elected").asDouble())
            .isZero();
        HttpResponse<String> standbyReady =
            http.send(
                HttpRequest.newBuilder(standby.resolve("/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(standbyReady.statusCode()).isEqualTo(503);
        assertThat(standbyReady.body())
            .contains("standby; leader is master@127.0.0.1:" + first.port());

        agent =
            MezzoProcess.start(
                "ha-agent",
                "agent",
                Map.of(
                    "mezzo.master", first.baseUrl() + "," + standby,
                    "mezzo.agent.resources", "cpus:1;mem:256;disk:256;ports:[31000-31001]",
                    "mezzo.agent.registration-backoff-max", "1S",
                    "mezzo.agent.master-silence-timeout", "5S"));
        String agentId;
        String frameworkId;
        String info =
            "{\"user\":\""
                + System.getProperty("user.name")
                + "\",\"name\":\"ha\",\"failover_timeout\":600.0}";
        try (V1SchedulerClient f = V1SchedulerClient.subscribe(first.baseUrl(), info)) {
          agentId = f.awaitOffer(o -> true, TIMEOUT).at("/agent_id/value").asText();
          frameworkId = f.frameworkId();
        }

        first.crash();
        MezzoProcess newLeader = second;
        org.awaitility.Awaitility.await("the standby leads")
            .atMost(TIMEOUT)
            .ignoreExceptions()
            .until(
                () ->
                    http.send(
                                HttpRequest.newBuilder(
                                        newLeader.baseUrl().resolve("/q/health/ready"))
                                    .build(),
                                HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                        == 200);
        String again = "{\"id\":{\"value\":\"" + frameworkId + "\"}," + info.substring(1);
        try (V1SchedulerClient f = V1SchedulerClient.subscribe(second.baseUrl(), again)) {
          assertThat(f.frameworkId()).isEqualTo(frameworkId);
          JsonNode offer = f.awaitOffer(o -> true, TIMEOUT);
          assertThat(offer.at("/agent_id/value").asText())
              .as("the agent followed the new leader")
              .isEqualTo(agentId);
        }
      } finally {
        if (agent != null) {
          agent.close();
        }
        if (second != null) {
          second.close();
        }
        first.close();
      }
    }
  }
}
