package io.mezzo;

import static io.mezzo.testing.ProtoOracle.Schema.AGENT_RESPONSE;
import static io.mezzo.testing.ProtoOracle.Schema.MASTER_RESPONSE;
import static io.mezzo.testing.ProtoOracle.Schema.SCHEDULER_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.ChunkedRecordReader;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.OperatorHttp;
import io.mezzo.testing.OperatorHttp.Reply;
import io.mezzo.testing.ProtoOracle;
import io.mezzo.testing.V1SchedulerClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One standalone Mezzo (master and local agent in one JVM) driven by a v1 framework client exactly
 * as a third-party framework would: subscribe, get an offer, launch {@code echo hello}, follow its
 * updates to TASK_FINISHED acknowledging each, and find {@code hello} in the sandbox. Every event
 * body must parse strictly as {@code mesos.v1.scheduler.Event}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneIT {
  static final Duration OFFER_TIMEOUT = Duration.ofSeconds(60);
  static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

  /** A UUID (stream, framework, offer ids are made of them) inside a metric's labels. */
  private static final Pattern ID_IN_LABEL =
      Pattern.compile("\\{[^}]*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private static MezzoProcess mezzo;

  @BeforeAll
  static void start() {
    mezzo = MezzoProcess.standalone("standalone");
  }

  @AfterAll
  static void stop() {
    if (mezzo != null) {
      mezzo.close();
    }
  }

  /**
   * Runs first, on a framework of its own that is gone (connection closed) before the next test.
   */
  @Test
  @Order(1)
  void subscriptionStreamWritesEachRecordAsOneChunk() throws Exception {
    String call =
        "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":"
            + frameworkInfo("standalone-it-chunks")
            + "}}";
    try (ChunkedRecordReader stream =
        ChunkedRecordReader.subscribe(mezzo.baseUrl(), call, OFFER_TIMEOUT)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("Content-Type")).startsWith("application/json");
      assertThat(stream.header("Mesos-Stream-Id")).isNotBlank();
      assertThat(stream.header("Content-Length")).isNull();
      assertThat(stream.isChunked()).isTrue();

      // SUBSCRIBED, then whatever comes next (OFFERS soon, a HEARTBEAT within 15 s at the latest):
      // two records are enough to see that they are neither split nor merged.
      String subscribed = stream.nextRecord();
      ProtoOracle.check(SCHEDULER_EVENT, subscribed);
      assertThat(V1SchedulerClient.parse(subscribed).path("type").asText()).isEqualTo("SUBSCRIBED");
      String second = stream.nextRecord();
      ProtoOracle.check(SCHEDULER_EVENT, second);
      assertThat(V1SchedulerClient.parse(second).path("type").asText()).isIn("OFFERS", "HEARTBEAT");
    }
  }

  @Test
  @Order(2)
  void commandTaskRunsToCompletionAndWritesItsSandbox() {
    try (V1SchedulerClient framework =
        V1SchedulerClient.subscribe(mezzo.baseUrl(), frameworkInfo("standalone-it"))) {
      assertThat(framework.streamId()).isNotBlank();
      assertThat(framework.subscribeResponse().headers().firstValue("Content-Type"))
          .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
      JsonNode subscribed = framework.awaitEvent("SUBSCRIBED", OFFER_TIMEOUT);
      assertThat(subscribed.at("/subscribed/framework_id/value").asText()).isNotBlank();

      JsonNode offer =
          framework.awaitOffer(
              o ->
                  V1SchedulerClient.scalar(o, "cpus") >= 0.1
                      && V1SchedulerClient.scalar(o, "mem") >= 32,
              OFFER_TIMEOUT);
      String taskId = "hello-" + UUID.randomUUID();
      V1SchedulerClient.Response accepted =
          framework.accept(offer, V1SchedulerClient.commandTask(taskId, 0.1, 32, "echo hello"));
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

      framework.awaitUpdate(taskId, "TASK_RUNNING", TASK_TIMEOUT);
      JsonNode finished = framework.awaitUpdate(taskId, "TASK_FINISHED", TASK_TIMEOUT);
      assertThat(finished.at("/agent_id/value").asText())
          .isEqualTo(offer.at("/agent_id/value").asText());
      assertThat(finished.hasNonNull("uuid")).as("an executor's update is reliable").isTrue();

      List<String> states =
          framework.updatesFor(taskId).stream().map(s -> s.path("state").asText()).toList();
      assertThat(states)
          .as("updates of %s", taskId)
          .isSubsetOf(Set.of("TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"))
          .endsWith("TASK_FINISHED");
      assertThat(states.indexOf("TASK_RUNNING")).isLessThan(states.indexOf("TASK_FINISHED"));
      if (states.contains("TASK_STARTING")) {
        assertThat(states.indexOf("TASK_STARTING")).isLessThan(states.indexOf("TASK_RUNNING"));
      }

      await("every update with a uuid acknowledged")
          .atMost(TASK_TIMEOUT)
          .until(() -> framework.unacknowledgedUpdates().isEmpty());
      assertThat(framework.acknowledgeFailures()).isEmpty();

      await("hello in the sandbox stdout of " + taskId)
          .atMost(TASK_TIMEOUT)
          .untilAsserted(() -> assertThat(stdout(mezzo, taskId)).contains("hello"));

      V1SchedulerClient.Response teardown = framework.teardown();
      assertThat(teardown.status()).as(teardown.body()).isEqualTo(202);

      for (String raw : framework.allRawEvents()) {
        ProtoOracle.check(SCHEDULER_EVENT, raw);
      }
    }
  }

  /** After the task above: health names both parts, and Prometheus counts what happened. */
  @Test
  @Order(3)
  void healthAndMetricsDescribeTheNode() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> ready =
        http.send(
            HttpRequest.newBuilder(mezzo.baseUrl().resolve("/q/health/ready")).build(),
            BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body())
        .contains("\"master\": \"leading\"")
        .contains("\"agent\": \"registered\"");
    HttpResponse<String> live =
        http.send(
            HttpRequest.newBuilder(mezzo.baseUrl().resolve("/q/health/live")).build(),
            BodyHandlers.ofString());
    assertThat(live.statusCode()).isEqualTo(200);
    await("metrics refreshed")
        .atMost(TASK_TIMEOUT)
        .untilAsserted(
            () -> {
              String metrics =
                  http.send(
                          HttpRequest.newBuilder(mezzo.baseUrl().resolve("/q/metrics")).build(),
                          BodyHandlers.ofString())
                      .body();
              assertThat(metrics)
                  .contains("mezzo_master_agents{state=\"connected\"} 1.0")
                  .contains("mezzo_master_tasks{state=\"TASK_FINISHED\"} 1.0")
                  .contains("mezzo_master_offers_outstanding")
                  .contains("mezzo_master_frameworks{state=\"connected\"}")
                  .contains("mezzo_allocator_allocation_run_last_milliseconds")
                  .contains("mezzo_allocator_mesos_allocation_runs_total");
            });
  }

  /**
   * A standalone node serves the master's operator API at {@code /api/v1} and its agent's under the
   * agent's own prefix, {@code /slave(1)/api/v1}; the same split holds for the legacy state. Files
   * come from the local agent, and nothing outside a task sandbox does.
   */
  @Test
  @Order(4)
  void standaloneServesMasterAndAgentApisApartAndItsSandboxesOnly() {
    URI base = mezzo.baseUrl();
    Reply master = OperatorHttp.call(base, "/api/v1", "{\"type\":\"GET_STATE\"}");
    ProtoOracle.check(MASTER_RESPONSE, master.body());
    assertThat(master.json().at("/get_state/get_agents/agents")).hasSize(1);
    Reply agent = OperatorHttp.call(base, "/slave(1)/api/v1", "{\"type\":\"GET_STATE\"}");
    ProtoOracle.check(AGENT_RESPONSE, agent.body());
    assertThat(OperatorHttp.get(base, "/state").json().has("leader"))
        .as("/state is the master's")
        .isTrue();
    assertThat(OperatorHttp.get(base, "/slave(1)/state").json().path("pid").asText())
        .startsWith("slave(1)@");
    JsonNode metrics = OperatorHttp.get(base, "/metrics/snapshot").json();
    assertThat(metrics.has("master/cpus_total") && metrics.has("slave/cpus_total")).isTrue();

    try (V1SchedulerClient framework =
        V1SchedulerClient.subscribe(base, frameworkInfo("standalone-it-files"))) {
      JsonNode offer =
          framework.awaitOffer(
              o ->
                  V1SchedulerClient.scalar(o, "cpus") >= 0.1
                      && V1SchedulerClient.scalar(o, "mem") >= 32,
              OFFER_TIMEOUT);
      String taskId = "files-" + UUID.randomUUID();
      framework.accept(
          offer,
          V1SchedulerClient.commandTask(
              taskId, 0.1, 32, "echo sandboxed; ln -s /etc/passwd passwd-link; ln -s / root-link"));
      framework.awaitUpdate(taskId, "TASK_FINISHED", TASK_TIMEOUT);
      String dir =
          "/frameworks/" + framework.frameworkId() + "/executors/" + taskId + "/runs/latest";
      await("stdout through /files/read")
          .atMost(TASK_TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(
                          OperatorHttp.get(base, "/files/read?path=" + dir + "/stdout&offset=0")
                              .json()
                              .path("data")
                              .asText())
                      .contains("sandboxed"));
      Reply read =
          OperatorHttp.call(
              base,
              "/api/v1",
              "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\""
                  + dir
                  + "/stdout\",\"offset\":0}}");
      ProtoOracle.check(MASTER_RESPONSE, read.body());
      assertThat(read.json().at("/read_file/size").asLong()).isPositive();

      for (String refused :
          List.of(
              dir + "/passwd-link",
              dir + "/root-link/etc/passwd",
              dir + "/%2e%2e/%2e%2e/x",
              dir + "/../../../../etc/passwd",
              "/etc/passwd",
              mezzo.workDir().toAbsolutePath() + "/master/registry")) {
        Reply r = OperatorHttp.get(base, "/files/read?path=" + refused + "&offset=0");
        assertThat(r.status()).as(refused + ": " + r.body()).isBetween(400, 404);
        assertThat(r.body()).doesNotContain("root:x:0:0");
      }
      framework.teardown();
    }
  }

  /**
   * Every stream listens on an event-bus address of its own; Quarkus's event-bus meters are tagged
   * with it and never removed. After many subscriptions come and go, {@code /q/metrics} must hold
   * no series per stream (or per any other id): ids in labels make series grow without bound.
   */
  @Test
  @Order(5)
  void metricsHaveNoSeriesPerStreamAfterManySubscriptionsComeAndGo() throws Exception {
    for (int i = 0; i < 12; i++) {
      String call =
          "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":"
              + frameworkInfo("standalone-it-churn-" + i)
              + "}}";
      try (ChunkedRecordReader stream =
          ChunkedRecordReader.subscribe(mezzo.baseUrl(), call, OFFER_TIMEOUT)) {
        assertThat(stream.status()).isEqualTo(200);
        assertThat(V1SchedulerClient.parse(stream.nextRecord()).path("type").asText())
            .isEqualTo("SUBSCRIBED");
      }
    }
    HttpClient http = HttpClient.newHttpClient();
    String metrics =
        http.send(
                HttpRequest.newBuilder(mezzo.baseUrl().resolve("/q/metrics")).build(),
                BodyHandlers.ofString())
            .body();
    List<String> series = metrics.lines().filter(l -> !l.startsWith("#")).toList();
    assertThat(series)
        .as("series whose labels hold a stream address or an id")
        .noneMatch(l -> l.contains("mezzo.stream.") && !l.contains("mezzo.stream.*"))
        .noneMatch(l -> ID_IN_LABEL.matcher(l).find());
    assertThat(series)
        .as("events sent to streams are still counted, under one address")
        .anyMatch(l -> l.startsWith("eventBus_sent_total{address=\"mezzo.stream.*\"}"));
  }

  static String frameworkInfo(String name) {
    return "{\"user\":\""
        + System.getProperty("user.name")
        + "\",\"name\":\""
        + name
        + "\","
        + "\"roles\":[\"*\"],\"capabilities\":[{\"type\":\"MULTI_ROLE\"}]}";
  }

  /** The task's sandbox stdout; exactly one sandbox must exist for it. */
  static String stdout(MezzoProcess process, String taskId) throws IOException {
    List<Path> files = process.sandboxStdout(taskId);
    assertThat(files)
        .as(
            "sandbox stdout of %s under %s (pattern %s)",
            taskId, process.workDir(), MezzoProcess.SANDBOX_STDOUT)
        .hasSize(1);
    return Files.readString(files.get(0), StandardCharsets.UTF_8);
  }
}
