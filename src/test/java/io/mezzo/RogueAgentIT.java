package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.SharedCluster;
import io.mezzo.testing.V1SchedulerClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What issue 12 did to a real cluster from outside, over the agent link of a real master with real
 * agents: an impostor re-registering with a real agent's id, and forged status updates for a task
 * running on a real agent. Each is refused (403) and the task keeps running.
 */
@ExtendWith(SharedCluster.Extension.class)
class RogueAgentIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();
  private static MezzoProcess master;

  private V1SchedulerClient framework;
  private String taskId;
  private String agentId;

  @BeforeAll
  static void cluster(SharedCluster cluster) {
    master = cluster.master();
  }

  @BeforeEach
  void aTaskRunsOnARealAgent() {
    framework =
        V1SchedulerClient.subscribe(master.baseUrl(), StandaloneIT.frameworkInfo("rogue-agent-it"));
    JsonNode offer = framework.awaitOffer(o -> V1SchedulerClient.scalar(o, "cpus") >= 0.1, TIMEOUT);
    taskId = "victim-" + UUID.randomUUID();
    agentId = offer.at("/agent_id/value").asText();
    var r = framework.accept(offer, V1SchedulerClient.commandTask(taskId, 0.1, 32, "sleep 300"));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    framework.awaitUpdate(taskId, "TASK_RUNNING", TIMEOUT);
  }

  @AfterEach
  void tearDown() {
    try {
      framework.teardown();
    } finally {
      framework.close();
    }
  }

  @Test
  void aForgedUpdateWithTheRealAgentsIdButNoSecretIsRefused() throws Exception {
    HttpResponse<String> r =
        post(
            """
            {"type":"STATUS_UPDATE","agent_id":{"value":"%s"},
             "update":{"framework_id":{"value":"%s"},
                       "status":{"task_id":{"value":"%s"},"state":"TASK_FINISHED"}}}"""
                .formatted(agentId, framework.frameworkId(), taskId));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.body()).contains("must present its link secret");
    assertTaskStillRunning();
  }

  @Test
  void aForgedUpdateWithAGuessedSecretIsRefused() throws Exception {
    HttpResponse<String> r =
        post(
            """
            {"type":"STATUS_UPDATE","agent_id":{"value":"%s"},"secret":"guess",
             "update":{"framework_id":{"value":"%s"},
                       "status":{"task_id":{"value":"%s"},"state":"TASK_FAILED"}}}"""
                .formatted(agentId, framework.frameworkId(), taskId));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.body()).contains("does not match agent " + agentId);
    assertTaskStillRunning();
  }

  @Test
  void anImpostorReRegisteringWithTheRealAgentsIdIsRefused() throws Exception {
    HttpResponse<String> r =
        post(
            """
            {"type":"SUBSCRIBE","agent_id":{"value":"%s"},
             "register":{"agent_info":{"id":{"value":"%s"},"hostname":"rogue","port":5051,
                         "resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":64}}]},
                         "endpoint":"http://127.0.0.1:9","version":"rogue"}}"""
                .formatted(agentId, agentId));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.body()).contains("must present its link secret");
    assertTaskStillRunning();
  }

  private void assertTaskStillRunning() throws Exception {
    // Whatever the master would have done with the forgery it does on its context before it
    // answers, so a reconciliation asked after the 403 sees the result.
    assertThat(framework.reconcile(taskId, agentId).status()).isEqualTo(202);
    JsonNode reconciled = framework.awaitUpdate(taskId, "TASK_RUNNING", TIMEOUT);
    assertThat(reconciled.path("reason").asText()).isEqualTo("REASON_RECONCILIATION");
    assertThat(framework.updatesFor(taskId))
        .extracting(u -> u.path("state").asText())
        .containsOnly("TASK_STARTING", "TASK_RUNNING");
  }

  private static HttpResponse<String> post(String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(master.baseUrl() + "/internal/v1/agent"))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
