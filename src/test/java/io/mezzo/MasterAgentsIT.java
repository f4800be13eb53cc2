package io.mezzo;

import static io.mezzo.testing.ProtoOracle.Schema.SCHEDULER_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.ProtoOracle;
import io.mezzo.testing.RawHttp;
import io.mezzo.testing.SharedCluster;
import io.mezzo.testing.V1SchedulerClient;
import io.mezzo.testing.V1SchedulerClient.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A master and two agents as three JVMs (shared with {@link OperatorIT}), and a v1 framework per
 * test: offers from both agents, a task on each, and the scheduler endpoint's answers to bad input
 * (MESOS-API.md §2.2, §2.10). Every event each framework received must parse strictly as {@code
 * mesos.v1.scheduler.Event}.
 */
@ExtendWith(SharedCluster.Extension.class)
class MasterAgentsIT {
  static final Duration OFFER_TIMEOUT = Duration.ofSeconds(60);
  static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);
  static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

  private static MezzoProcess master;
  private static MezzoProcess agentA;
  private static MezzoProcess agentB;
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();

  private V1SchedulerClient framework;

  /** The cluster is shared with {@link OperatorIT}; it stops when the test run ends. */
  @BeforeAll
  static void cluster(SharedCluster cluster) {
    master = cluster.master();
    agentA = cluster.agentA();
    agentB = cluster.agentB();
  }

  @BeforeEach
  void subscribe(TestInfo test) {
    framework =
        V1SchedulerClient.subscribe(
            master.baseUrl(),
            StandaloneIT.frameworkInfo(
                "master-agents-it-" + test.getTestMethod().orElseThrow().getName()));
  }

  @AfterEach
  void tearDown() {
    try {
      for (String raw : framework.allRawEvents()) {
        ProtoOracle.check(SCHEDULER_EVENT, raw);
      }
      assertThat(framework.acknowledgeFailures()).isEmpty();
    } finally {
      try {
        framework.teardown();
      } finally {
        framework.close();
      }
    }
  }

  @Test
  void offersFromBothAgentsArriveAndATaskRunsOnEach() throws IOException {
    Map<String, JsonNode> offerByAgent = new HashMap<>();
    long deadline = System.nanoTime() + OFFER_TIMEOUT.multipliedBy(2).toNanos();
    while (offerByAgent.size() < 2) {
      assertThat(System.nanoTime())
          .as(
              "offers from two agents in %s; got offers from %s",
              OFFER_TIMEOUT.multipliedBy(2), offerByAgent.keySet())
          .isLessThan(deadline);
      JsonNode offer = framework.awaitOffer(OFFER_TIMEOUT);
      offerByAgent.putIfAbsent(offer.at("/agent_id/value").asText(), offer);
    }
    for (JsonNode offer : offerByAgent.values()) {
      // At most what mezzo.agent.resources gives each agent (less if a previous test's resources
      // are still being recovered).
      assertThat(V1SchedulerClient.scalar(offer, "cpus")).isBetween(0.1, 2.0);
      assertThat(V1SchedulerClient.scalar(offer, "mem")).isBetween(32.0, 1024.0);
    }

    Map<String, String> taskByAgent = new HashMap<>();
    for (var entry : offerByAgent.entrySet()) {
      String taskId = "echo-" + UUID.randomUUID();
      Response r =
          framework.accept(
              entry.getValue(),
              V1SchedulerClient.commandTask(taskId, 0.1, 32, "echo hello " + taskId));
      assertThat(r.status()).as(r.body()).isEqualTo(202);
      taskByAgent.put(entry.getKey(), taskId);
    }
    for (var entry : taskByAgent.entrySet()) {
      JsonNode finished = framework.awaitUpdate(entry.getValue(), "TASK_FINISHED", TASK_TIMEOUT);
      assertThat(finished.at("/agent_id/value").asText()).isEqualTo(entry.getKey());
    }
    await("every update with a uuid acknowledged")
        .atMost(TASK_TIMEOUT)
        .until(() -> framework.unacknowledgedUpdates().isEmpty());

    // Each task's output is in exactly one agent's sandbox, the one it was offered from.
    for (String taskId : taskByAgent.values()) {
      List<Path> found =
          List.of(agentA, agentB).stream().flatMap(a -> a.sandboxStdout(taskId).stream()).toList();
      assertThat(found)
          .as("sandbox stdout of %s (pattern %s)", taskId, MezzoProcess.SANDBOX_STDOUT)
          .hasSize(1);
      assertThat(Files.readString(found.get(0))).contains("hello " + taskId);
    }
  }

  // ---- HTTP-level rejections (MESOS-API.md §2.2)
  // --------------------------------------------------

  @Test
  void aMethodOtherThanPostIs405() throws Exception {
    HttpResponse<String> r =
        HTTP.send(request().GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void aCallWithoutContentTypeIs400() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            request()
                .header(V1SchedulerClient.STREAM_ID_HEADER, framework.streamId())
                .POST(HttpRequest.BodyPublishers.ofString(framework.newCall("REVIVE").toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
  }

  @Test
  void aCallInAnotherMediaTypeIs415() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            request()
                .header("Content-Type", "text/plain")
                .header(V1SchedulerClient.STREAM_ID_HEADER, framework.streamId())
                .POST(HttpRequest.BodyPublishers.ofString(framework.newCall("REVIVE").toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
  }

  @Test
  void malformedJsonIs400WithAMessage() {
    Response r = framework.call("{\"type\": \"REVIVE\", \"framework_id\": {\"value\": ");
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).isNotBlank();

    Response wrongType =
        framework.call(
            "{\"type\":\"DECLINE\",\"framework_id\":{\"value\":\""
                + framework.frameworkId()
                + "\"},\"decline\":{\"offer_ids\":[{\"value\":\"x\"}],"
                + "\"filters\":{\"refuse_seconds\":\"soon\"}}}");
    assertThat(wrongType.status()).as(wrongType.body()).isEqualTo(400);
    assertThat(wrongType.body()).contains("refuse_seconds");
  }

  @Test
  void theUnknownCallIs501() {
    // A bare {"type":"UNKNOWN"} is 400 in Mesos (framework_id is checked first); with a valid
    // framework and stream id the master must answer 501 Not Implemented.
    Response r = framework.call(framework.newCall("UNKNOWN").toString());
    assertThat(r.status()).as(r.body()).isEqualTo(501);
  }

  @Test
  void aCallWithoutOrWithAWrongStreamIdIs400() throws Exception {
    Response missing = framework.callWithoutStreamId(framework.newCall("REVIVE").toString());
    assertThat(missing.status()).as(missing.body()).isEqualTo(400);

    HttpResponse<String> wrong =
        HTTP.send(
            request()
                .header("Content-Type", "application/json")
                .header(V1SchedulerClient.STREAM_ID_HEADER, UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(framework.newCall("REVIVE").toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);

    // And the valid id works, so the 400s were about the header.
    assertThat(framework.call(framework.newCall("REVIVE").toString()).status()).isEqualTo(202);
  }

  @Test
  void aSubscribeCarryingAStreamIdIs400() throws Exception {
    String call =
        "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":"
            + StandaloneIT.frameworkInfo("master-agents-it-subscribe-with-stream-id")
            + "}}";
    HttpResponse<String> r =
        HTTP.send(
            request()
                .header("Content-Type", "application/json")
                .header(V1SchedulerClient.STREAM_ID_HEADER, framework.streamId())
                .POST(HttpRequest.BodyPublishers.ofString(call))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
  }

  @Test
  void aBodyOver10MegabytesIs413() throws IOException {
    int status =
        RawHttp.postOfSize(
            master.baseUrl(),
            V1SchedulerClient.PATH,
            Map.of(
                "Content-Type",
                "application/json",
                V1SchedulerClient.STREAM_ID_HEADER,
                framework.streamId()),
            11 * 1024 * 1024,
            HTTP_TIMEOUT);
    assertThat(status).isEqualTo(413);
  }

  // ---- launch validation: 202, then a master-generated update (MESOS-API.md §2.10) -------------

  @Test
  void acceptingAnUnknownOfferLosesTheTaskWithInvalidOffers() {
    JsonNode real = framework.awaitOffer(OFFER_TIMEOUT);
    JsonNode fake = withId(real, "no-such-offer-" + UUID.randomUUID());
    String taskId = "lost-" + UUID.randomUUID();

    Response r =
        framework.accept(fake, 0.0, V1SchedulerClient.commandTask(taskId, 0.1, 32, "true"));

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    // Not PARTITION_AWARE, so TASK_DROPPED is downgraded to TASK_LOST.
    JsonNode status = framework.awaitUpdate(taskId, "TASK_LOST", TASK_TIMEOUT);
    assertThat(status.path("reason").asText()).isEqualTo("REASON_INVALID_OFFERS");
    assertMasterGenerated(status);
  }

  @Test
  void launchingMoreCpusThanOfferedIsATaskError() {
    JsonNode offer = framework.awaitOffer(OFFER_TIMEOUT);
    double cpus = V1SchedulerClient.scalar(offer, "cpus");
    String taskId = "greedy-" + UUID.randomUUID();

    Response r =
        framework.accept(offer, 0.0, V1SchedulerClient.commandTask(taskId, cpus + 1, 32, "true"));

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    JsonNode status = framework.awaitUpdate(taskId, "TASK_ERROR", TASK_TIMEOUT);
    assertThat(status.path("reason").asText()).isEqualTo("REASON_TASK_INVALID");
    assertMasterGenerated(status);
    assertThat(status.path("message").asText()).as("a rejection says why").isNotBlank();
  }

  @Test
  void aDuplicateTaskIdIsATaskErrorAndTheOriginalKeepsRunning() {
    JsonNode first = framework.awaitOffer(OFFER_TIMEOUT);
    String taskId = "dup-" + UUID.randomUUID();
    String agentId = first.at("/agent_id/value").asText();
    Response launched =
        framework.accept(first, 0.0, V1SchedulerClient.commandTask(taskId, 0.1, 32, "sleep 300"));
    assertThat(launched.status()).as(launched.body()).isEqualTo(202);
    framework.awaitUpdate(taskId, "TASK_RUNNING", TASK_TIMEOUT);

    JsonNode second =
        framework.awaitOffer(o -> V1SchedulerClient.scalar(o, "cpus") >= 0.1, OFFER_TIMEOUT);
    Response r =
        framework.accept(second, 0.0, V1SchedulerClient.commandTask(taskId, 0.1, 32, "true"));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    JsonNode error = framework.awaitUpdate(taskId, "TASK_ERROR", TASK_TIMEOUT);
    assertThat(error.path("reason").asText()).isEqualTo("REASON_TASK_INVALID");
    assertMasterGenerated(error);

    // Reconciliation still reports the original as running.
    assertThat(framework.reconcile(taskId, agentId).status()).isEqualTo(202);
    JsonNode reconciled = framework.awaitUpdate(taskId, "TASK_RUNNING", TASK_TIMEOUT);
    assertThat(reconciled.path("reason").asText()).isEqualTo("REASON_RECONCILIATION");
    assertMasterGenerated(reconciled);

    assertThat(framework.kill(taskId, agentId).status()).isEqualTo(202);
    framework.awaitUpdate(taskId, "TASK_KILLED", TASK_TIMEOUT);
  }

  private static void assertMasterGenerated(JsonNode status) {
    assertThat(status.path("source").asText()).isEqualTo("SOURCE_MASTER");
    assertThat(status.has("uuid")).as("master-generated updates are not acknowledged").isFalse();
  }

  private HttpRequest.Builder request() {
    return HttpRequest.newBuilder(schedulerUri()).timeout(HTTP_TIMEOUT);
  }

  private static URI schedulerUri() {
    return master.baseUrl().resolve(V1SchedulerClient.PATH);
  }

  /** A copy of a real offer under another id, to accept an offer the master never made. */
  private static JsonNode withId(JsonNode realOffer, String id) {
    ObjectNode copy = realOffer.deepCopy();
    copy.putObject("id").put("value", id);
    return copy;
  }

  @Test
  void eachRoleServesOnlyItsOwnEndpoints() throws Exception {
    String subscribe =
        "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":"
            + StandaloneIT.frameworkInfo("wrong-door")
            + "}}";
    HttpResponse<String> atAgent =
        HTTP.send(
            HttpRequest.newBuilder(agentA.baseUrl().resolve("/api/v1/scheduler"))
                .timeout(HTTP_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(subscribe))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(atAgent.statusCode()).as("the scheduler API on an agent").isEqualTo(404);
    HttpResponse<String> agentReady =
        HTTP.send(
            HttpRequest.newBuilder(agentA.baseUrl().resolve("/q/health/ready"))
                .timeout(HTTP_TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(agentReady.statusCode()).isEqualTo(200);
    assertThat(agentReady.body())
        .contains("\"agent\": \"registered\"")
        .doesNotContain("\"master\"");
    HttpResponse<String> masterReady =
        HTTP.send(
            HttpRequest.newBuilder(master.baseUrl().resolve("/q/health/ready"))
                .timeout(HTTP_TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(masterReady.body()).contains("\"master\": \"leading\"").doesNotContain("\"agent\"");
  }

  @Test
  void theWebUiIsServedByMastersOnly() throws Exception {
    for (String path : new String[] {"/", "/ui/js/main.js", "/ui/mezzo.css"}) {
      HttpResponse<String> atMaster =
          HTTP.send(
              HttpRequest.newBuilder(master.baseUrl().resolve(path)).timeout(HTTP_TIMEOUT).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(atMaster.statusCode()).as("%s on the master", path).isEqualTo(200);
      HttpResponse<String> atAgent =
          HTTP.send(
              HttpRequest.newBuilder(agentA.baseUrl().resolve(path)).timeout(HTTP_TIMEOUT).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(atAgent.statusCode()).as("%s on an agent", path).isEqualTo(404);
    }
    HttpResponse<String> index =
        HTTP.send(
            HttpRequest.newBuilder(master.baseUrl().resolve("/")).timeout(HTTP_TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(index.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
    assertThat(index.body()).contains("<title>Mezzo</title>", "ui/js/main.js");
  }
}
