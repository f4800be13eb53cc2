package io.mezzo;

import static io.mezzo.testing.ProtoOracle.Schema.AGENT_RESPONSE;
import static io.mezzo.testing.ProtoOracle.Schema.MASTER_EVENT;
import static io.mezzo.testing.ProtoOracle.Schema.MASTER_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.ChunkedRecordReader;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.OperatorHttp;
import io.mezzo.testing.OperatorHttp.Reply;
import io.mezzo.testing.ProtoOracle;
import io.mezzo.testing.SharedCluster;
import io.mezzo.testing.V1SchedulerClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator side of a real cluster (master and two agents as JVMs, shared with {@link
 * MasterAgentsIT}), through HTTP only: operator API answers and SUBSCRIBE events parsed strictly
 * with the official Mesos protos, the legacy endpoints' shapes and JSONP, sandbox files read
 * through the master from the agent that holds them, and every way out of a sandbox refused.
 */
@ExtendWith(SharedCluster.Extension.class)
class OperatorIT {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static MezzoProcess master;
  private static MezzoProcess agentA;
  private static MezzoProcess agentB;
  private final List<V1SchedulerClient> frameworks = new ArrayList<>();

  @BeforeAll
  static void cluster(SharedCluster cluster) {
    master = cluster.master();
    agentA = cluster.agentA();
    agentB = cluster.agentB();
  }

  @AfterEach
  void tearDownFrameworks() {
    for (V1SchedulerClient fw : frameworks) {
      try {
        fw.teardown();
      } finally {
        fw.close();
      }
    }
  }

  private V1SchedulerClient framework(String name) {
    V1SchedulerClient fw =
        V1SchedulerClient.subscribe(
            master.baseUrl(), StandaloneIT.frameworkInfo("operator-it-" + name));
    frameworks.add(fw);
    return fw;
  }

  /**
   * Launches {@code command} on an offer of the agent listening on {@code agent}'s port; returns
   * the task id.
   */
  private static String launch(V1SchedulerClient fw, MezzoProcess agent, String command) {
    String port = Integer.toString(agent.port());
    JsonNode offer =
        fw.awaitOffer(
            o ->
                o.at("/url/address/port").asText().equals(port)
                    && V1SchedulerClient.scalar(o, "cpus") >= 0.1
                    && V1SchedulerClient.scalar(o, "mem") >= 32,
            TIMEOUT);
    String taskId = "op-" + UUID.randomUUID();
    V1SchedulerClient.Response r =
        fw.accept(offer, 0.0, V1SchedulerClient.commandTask(taskId, 0.1, 32, command));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return taskId;
  }

  private static Reply masterCall(String json) {
    return OperatorHttp.call(master.baseUrl(), "/api/v1", json);
  }

  private static String sandbox(V1SchedulerClient fw, String taskId) {
    return "/frameworks/" + fw.frameworkId() + "/executors/" + taskId + "/runs/latest";
  }

  private static String q(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---- operator API
  // ------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET_HEALTH",
        "GET_FLAGS",
        "GET_VERSION",
        "GET_METRICS",
        "GET_STATE",
        "GET_AGENTS",
        "GET_FRAMEWORKS",
        "GET_EXECUTORS",
        "GET_TASKS",
        "GET_ROLES",
        "GET_MASTER"
      })
  void masterReadsAnswerResponsesTheOfficialProtosAccept(String type) {
    Reply r = masterCall("{\"type\":\"" + type + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    ProtoOracle.check(MASTER_RESPONSE, r.body());
    assertThat(r.json().path("type").asText()).isEqualTo(type);
  }

  @Test
  void getAgentsListsBothAgentsWithThePidsTheMesosUiNeeds() {
    JsonNode agents = masterCall("{\"type\":\"GET_AGENTS\"}").json().at("/get_agents/agents");
    Set<String> pids = new LinkedHashSet<>();
    agents.forEach(a -> pids.add(a.path("pid").asText()));
    assertThat(pids)
        .contains("slave(1)@127.0.0.1:" + agentA.port(), "slave(1)@127.0.0.1:" + agentB.port());
  }

  @Test
  void subscribeStreamsTheStateThenTheChangesOfAFrameworkAndItsTask() throws Exception {
    try (ChunkedRecordReader stream =
        ChunkedRecordReader.subscribe(
            master.baseUrl(), "/api/v1", "{\"type\":\"SUBSCRIBE\"}", TIMEOUT)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("Content-Type")).startsWith("application/json");
      String first = stream.nextRecord();
      ProtoOracle.check(MASTER_EVENT, first);
      assertThat(V1SchedulerClient.parse(first).path("type").asText()).isEqualTo("SUBSCRIBED");
      assertThat(V1SchedulerClient.parse(first).at("/subscribed/get_state/get_agents/agents"))
          .hasSizeGreaterThanOrEqualTo(2);

      V1SchedulerClient fw = framework("subscribe");
      String taskId = launch(fw, agentA, "echo events");
      fw.awaitUpdate(taskId, "TASK_FINISHED", TIMEOUT);
      fw.teardown();

      List<String> types = new ArrayList<>();
      List<String> taskStates = new ArrayList<>();
      while (!types.contains("FRAMEWORK_REMOVED")) {
        String record = stream.nextRecord(); // one record per chunk, checked by the reader
        ProtoOracle.check(MASTER_EVENT, record);
        JsonNode e = V1SchedulerClient.parse(record);
        String type = e.path("type").asText();
        boolean ours = record.contains(fw.frameworkId());
        if (ours) {
          types.add(type);
        }
        if (ours && type.equals("TASK_UPDATED")) {
          taskStates.add(e.at("/task_updated/state").asText());
        }
      }
      assertThat(types)
          .containsSubsequence(
              "FRAMEWORK_ADDED", "TASK_ADDED", "TASK_UPDATED", "FRAMEWORK_REMOVED");
      assertThat(taskStates).contains("TASK_RUNNING", "TASK_FINISHED");
    }
  }

  @Test
  void agentReadsAnswerAgentResponsesUnderBothPaths() {
    V1SchedulerClient fw = framework("agent-api");
    String taskId = launch(fw, agentB, "sleep 60");
    fw.awaitUpdate(taskId, "TASK_RUNNING", TIMEOUT);
    for (String path : List.of("/api/v1", "/slave(1)/api/v1")) {
      for (String type :
          List.of(
              "GET_HEALTH",
              "GET_FLAGS",
              "GET_VERSION",
              "GET_METRICS",
              "GET_STATE",
              "GET_CONTAINERS",
              "GET_FRAMEWORKS",
              "GET_EXECUTORS",
              "GET_TASKS",
              "GET_AGENT")) {
        Reply r = OperatorHttp.call(agentB.baseUrl(), path, "{\"type\":\"" + type + "\"}");
        assertThat(r.status()).as(path + " " + type + ": " + r.body()).isEqualTo(200);
        ProtoOracle.check(AGENT_RESPONSE, r.body());
      }
    }
    JsonNode containers =
        OperatorHttp.call(agentB.baseUrl(), "/slave(1)/api/v1", "{\"type\":\"GET_CONTAINERS\"}")
            .json()
            .at("/get_containers/containers");
    assertThat(containers)
        .anySatisfy(
            c -> {
              assertThat(c.at("/executor_id/value").asText()).isEqualTo(taskId);
              assertThat(c.at("/resource_statistics/timestamp").isNumber()).isTrue();
              assertThat(c.at("/resource_statistics/mem_limit_bytes").asLong())
                  .isEqualTo(32L * 1024 * 1024);
              assertThat(c.at("/container_status/executor_pid").asInt()).isPositive();
            });
    JsonNode launched =
        OperatorHttp.call(agentB.baseUrl(), "/api/v1", "{\"type\":\"GET_STATE\"}")
            .json()
            .at("/get_state/get_tasks/launched_tasks");
    assertThat(launched)
        .anySatisfy(t -> assertThat(t.at("/task_id/value").asText()).isEqualTo(taskId));
    JsonNode statistics = OperatorHttp.get(agentB.baseUrl(), "/slave(1)/monitor/statistics").json();
    assertThat(statistics)
        .anySatisfy(s -> assertThat(s.path("executor_id").asText()).isEqualTo(taskId));
  }

  @Test
  void deactivationIsVisibleAndUndone() {
    String agentId =
        masterCall("{\"type\":\"GET_AGENTS\"}")
            .json()
            .at("/get_agents/agents/0/agent_info/id/value")
            .asText();
    String body = "{\"agent_id\":{\"value\":\"" + agentId + "\"}}";
    try {
      assertThat(
              masterCall("{\"type\":\"DEACTIVATE_AGENT\",\"deactivate_agent\":" + body + "}")
                  .status())
          .isEqualTo(200);
      JsonNode slave =
          OperatorHttp.get(master.baseUrl(), "/master/slaves?slave_id=" + agentId)
              .json()
              .at("/slaves/0");
      assertThat(slave.path("deactivated").asBoolean()).isTrue();
      assertThat(slave.path("active").asBoolean()).isFalse();
    } finally {
      assertThat(
              masterCall("{\"type\":\"REACTIVATE_AGENT\",\"reactivate_agent\":" + body + "}")
                  .status())
          .isEqualTo(200);
    }
    JsonNode slave =
        OperatorHttp.get(master.baseUrl(), "/master/slaves?slave_id=" + agentId)
            .json()
            .at("/slaves/0");
    assertThat(slave.path("active").asBoolean()).isTrue();
  }

  @Test
  void operatorHttpRulesAreTheSchedulerApis() {
    URI base = master.baseUrl();
    Reply get = OperatorHttp.get(base, "/api/v1");
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.header("Allow")).isEqualTo("POST");
    assertThat(OperatorHttp.post(base, "/api/v1", "{\"type\":\"GET_HEALTH\"}", Map.of()).status())
        .isEqualTo(400);
    assertThat(
            OperatorHttp.post(
                    base,
                    "/api/v1",
                    "{\"type\":\"GET_HEALTH\"}",
                    Map.of("Content-Type", "text/plain"))
                .status())
        .isEqualTo(415);
    assertThat(
            OperatorHttp.post(
                    base,
                    "/api/v1",
                    "{\"type\":\"GET_HEALTH\"}",
                    Map.of("Content-Type", "application/json", "Accept", "text/html"))
                .status())
        .isEqualTo(406);
    for (URI node : List.of(master.baseUrl(), agentA.baseUrl())) {
      String path = node.equals(master.baseUrl()) ? "/api/v1" : "/slave(1)/api/v1";
      Reply unknown = OperatorHttp.call(node, path, "{\"type\":\"UNKNOWN\"}");
      assertThat(unknown.status()).isEqualTo(501);
      assertThat(unknown.body()).isNotBlank();
      Reply misspelt = OperatorHttp.call(node, path, "{\"type\":\"GET_STAET\"}");
      assertThat(misspelt.status()).isEqualTo(400);
      assertThat(misspelt.body()).contains("GET_STAET");
      // A type the agent's API knows but Mezzo does not build (the master builds every type).
      if (!node.equals(master.baseUrl())) {
        Reply unsupported = OperatorHttp.call(node, path, "{\"type\":\"PRUNE_IMAGES\"}");
        assertThat(unsupported.status()).isEqualTo(501);
        assertThat(unsupported.body()).contains("PRUNE_IMAGES");
      }
      assertThat(OperatorHttp.call(node, path, "{\"type\":").status()).isEqualTo(400);
    }
  }

  // ---- sandbox files through the master
  // ----------------------------------------------------------

  @Test
  void aTaskSandboxOnAnAgentIsReadThroughTheMaster() {
    V1SchedulerClient fw = framework("files");
    String taskId =
        launch(fw, agentB, "echo hello-from-the-sandbox; ln -s /etc/passwd passwd-link");
    fw.awaitUpdate(taskId, "TASK_FINISHED", TIMEOUT);
    String dir = sandbox(fw, taskId);
    URI m = master.baseUrl();

    Reply browse = OperatorHttp.get(m, "/files/browse?path=" + q(dir));
    assertThat(browse.status()).as(browse.body()).isEqualTo(200);
    assertThat(browse.json())
        .anySatisfy(
            e -> {
              assertThat(e.path("path").asText()).isEqualTo(dir + "/stdout");
              assertThat(e.path("mode").asText()).startsWith("-rw");
              assertThat(e.path("mtime").isNumber()).isTrue();
            });
    await("stdout written")
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        OperatorHttp.get(m, "/files/read?path=" + q(dir + "/stdout") + "&offset=0")
                            .json()
                            .path("data")
                            .asText())
                    .contains("hello-from-the-sandbox"));
    Reply end =
        OperatorHttp.get(m, "/files/read?path=" + q(dir + "/stdout") + "&offset=-1&jsonp=pailer");
    assertThat(end.header("Content-Type")).startsWith("text/javascript");
    assertThat(end.body()).startsWith("pailer({\"data\":\"\",\"offset\":").endsWith(");");
    Reply download = OperatorHttp.get(m, "/files/download?path=" + q(dir + "/stdout"));
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).contains("hello-from-the-sandbox");

    Reply read =
        masterCall(
            "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\""
                + dir
                + "/stdout\",\"offset\":0}}");
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    ProtoOracle.check(MASTER_RESPONSE, read.body());
    assertThat(
            new String(
                Base64.getDecoder().decode(read.json().at("/read_file/data").asText()),
                StandardCharsets.UTF_8))
        .contains("hello-from-the-sandbox");
    Reply list = masterCall("{\"type\":\"LIST_FILES\",\"list_files\":{\"path\":\"" + dir + "\"}}");
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    ProtoOracle.check(MASTER_RESPONSE, list.body());

    // The agent that holds it serves it too; the other does not have it.
    assertThat(
            OperatorHttp.get(
                    agentB.baseUrl(), "/files/read?path=" + q(dir + "/stdout") + "&offset=0")
                .status())
        .isEqualTo(200);
    assertThat(
            OperatorHttp.get(
                    agentA.baseUrl(), "/files/read?path=" + q(dir + "/stdout") + "&offset=0")
                .status())
        .isEqualTo(404);

    // Every way out of the sandbox is refused, through the master and at the agent.
    for (URI node : List.of(m, agentB.baseUrl())) {
      assertRefused(
          OperatorHttp.get(node, "/files/read?path=" + q(dir + "/passwd-link") + "&offset=0"), 403);
      assertRefused(OperatorHttp.get(node, "/files/download?path=" + q(dir + "/passwd-link")), 403);
      assertRefused(
          OperatorHttp.get(
              node,
              "/files/read?path=" + q(dir + "/../../../../../../../../etc/passwd") + "&offset=0"),
          400);
      assertRefused(
          OperatorHttp.get(
              node, "/files/read?path=" + dir + "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd&offset=0"),
          400);
      assertRefused(
          OperatorHttp.get(node, "/files/read?path=" + q(dir + "/stdout") + "&offset=-2"), 400);
      // Mesos caps one read at 16 pages rather than refusing a long length.
      assertRefused(
          OperatorHttp.get(
              node, "/files/read?path=" + q(dir + "/stdout") + "&offset=0&length=1099511627776"),
          200);
      assertRefused(
          OperatorHttp.get(node, "/files/read?path=" + q(dir + "/no-such-file") + "&offset=0"),
          404);
    }
    assertRefused(OperatorHttp.get(m, "/files/read?path=%2Fetc%2Fpasswd&offset=0"), 404);
    assertRefused(
        OperatorHttp.get(agentB.baseUrl(), "/files/read?path=%2Fetc%2Fpasswd&offset=0"), 404);
    assertRefused(
        masterCall(
            "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\""
                + dir
                + "/passwd-link\",\"offset\":0}}"),
        403);
    assertRefused(
        masterCall(
            "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\""
                + dir
                + "/stdout\",\"offset\":-7}}"),
        400);
    assertRefused(
        masterCall(
            "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\""
                + dir
                + "/stdout\",\"offset\":0,\"length\":1099511627776}}"),
        200);
    assertRefused(
        masterCall(
            "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\"/etc/passwd\",\"offset\":0}}"),
        404);
    assertRefused(
        masterCall("{\"type\":\"LIST_FILES\",\"list_files\":{\"path\":\"" + dir + "/..\"}}"), 400);
  }

  private static void assertRefused(Reply r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).isNotBlank().doesNotContain("root:x:0:0");
  }

  // ---- legacy endpoints
  // --------------------------------------------------------------------------

  @Test
  void masterLegacyEndpointsHaveMesosShapesAndJsonp(TestInfo info) {
    V1SchedulerClient fw = framework("legacy");
    String taskId = launch(fw, agentA, "sleep 60");
    fw.awaitUpdate(taskId, "TASK_RUNNING", TIMEOUT);
    URI m = master.baseUrl();

    for (String path : List.of("/master/state", "/state", "/master/state.json")) {
      JsonNode state = OperatorHttp.get(m, path).json();
      assertThat(state.path("leader").asText()).as(path).startsWith("master@");
      assertThat(state.path("slaves")).as(path).hasSizeGreaterThanOrEqualTo(2);
      assertThat(state.path("slaves").get(0).path("resources").path("ports").asText())
          .startsWith("[");
    }
    JsonNode state = OperatorHttp.get(m, "/master/state").json();
    JsonNode ours = null;
    for (JsonNode f : state.path("frameworks")) {
      if (f.path("id").asText().equals(fw.frameworkId())) {
        ours = f;
      }
    }
    assertThat(ours).as("our framework in /master/state").isNotNull();
    assertThat(ours.path("tasks").get(0).path("slave_id").asText()).isNotBlank();
    assertThat(ours.path("tasks").get(0).path("statuses").get(0).path("state").asText())
        .isNotBlank();

    Reply jsonp = OperatorHttp.get(m, "/master/state?jsonp=angular.callbacks._1");
    assertThat(jsonp.header("Content-Type")).startsWith("text/javascript");
    assertThat(jsonp.body()).startsWith("angular.callbacks._1({").endsWith(");");
    assertThat(OperatorHttp.get(m, "/master/state?jsonp=alert(1)").status()).isEqualTo(400);

    assertThat(
            OperatorHttp.get(m, "/master/state-summary")
                .json()
                .path("slaves")
                .get(0)
                .has("TASK_RUNNING"))
        .isTrue();
    assertThat(
            OperatorHttp.get(m, "/master/frameworks?framework_id=" + fw.frameworkId())
                .json()
                .path("frameworks"))
        .hasSize(1);
    assertThat(OperatorHttp.get(m, "/master/slaves").json().path("slaves"))
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(
            OperatorHttp.get(m, "/master/tasks?framework_id=" + fw.frameworkId())
                .json()
                .path("tasks"))
        .hasSize(1);
    assertThat(OperatorHttp.get(m, "/master/tasks?limit=x").status()).isEqualTo(400);
    assertThat(OperatorHttp.get(m, "/master/roles").json().path("roles").get(0).has("weight"))
        .isTrue();
    assertThat(OperatorHttp.get(m, "/master/flags").json().path("flags").has("agent_ping_timeout"))
        .isTrue();
    assertThat(OperatorHttp.get(m, "/master/health").status()).isEqualTo(200);
    assertThat(OperatorHttp.get(m, "/health").status()).isEqualTo(200);
    assertThat(OperatorHttp.get(m, "/version").json().path("version").asText()).isEqualTo("1.11.0");
    Reply redirect = OperatorHttp.get(m, "/master/redirect");
    assertThat(redirect.status()).isEqualTo(307);
    assertThat(redirect.header("Location")).isEqualTo("//127.0.0.1:" + master.port());
    JsonNode metrics = OperatorHttp.get(m, "/metrics/snapshot").json();
    assertThat(metrics.path("master/elected").asDouble()).isEqualTo(1.0);
    assertThat(metrics.path("master/cpus_total").asDouble()).isGreaterThanOrEqualTo(4.0);
    assertThat(metrics.path("master/tasks_running").asDouble()).isGreaterThanOrEqualTo(1.0);
    assertThat(metrics.has("master/slaves_active")).isTrue();
    assertThat(metrics.has("allocator/mesos/allocation_runs")).isTrue();
  }

  @Test
  void agentLegacyEndpointsHaveMesosShapes() {
    V1SchedulerClient fw = framework("agent-legacy");
    String taskId = launch(fw, agentA, "sleep 60");
    fw.awaitUpdate(taskId, "TASK_RUNNING", TIMEOUT);
    URI a = agentA.baseUrl();
    for (String path : List.of("/state", "/slave(1)/state", "/slave(1)/state.json")) {
      JsonNode state = OperatorHttp.get(a, path).json();
      assertThat(state.path("pid").asText())
          .as(path)
          .isEqualTo("slave(1)@127.0.0.1:" + agentA.port());
      assertThat(state.path("flags").path("work_dir").asText()).isNotBlank();
    }
    JsonNode executor = null;
    for (JsonNode f : OperatorHttp.get(a, "/slave(1)/state").json().path("frameworks")) {
      for (JsonNode e : f.path("executors")) {
        if (e.path("id").asText().equals(taskId)) {
          executor = e;
        }
      }
    }
    assertThat(executor).as("our executor in the agent's state").isNotNull();
    assertThat(
            OperatorHttp.get(a, "/files/browse?path=" + q(executor.path("directory").asText()))
                .status())
        .as("the directory the state names is served")
        .isEqualTo(200);
    assertThat(OperatorHttp.get(a, "/slave(1)/flags").json().path("flags").has("work_dir"))
        .isTrue();
    assertThat(OperatorHttp.get(a, "/slave(1)/health").status()).isEqualTo(200);
    assertThat(OperatorHttp.get(a, "/slave(1)/state?jsonp=cb").body()).startsWith("cb({");
    JsonNode metrics = OperatorHttp.get(a, "/metrics/snapshot").json();
    assertThat(metrics.path("slave/registered").asDouble()).isEqualTo(1.0);
    assertThat(metrics.path("slave/tasks_running").asDouble()).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void endpointsOfARoleANodeDoesNotRunAre404() {
    for (String path :
        List.of("/master/state", "/master/state-summary", "/master/redirect", "/master/api/v1")) {
      assertThat(OperatorHttp.get(agentA.baseUrl(), path).status())
          .as("agent " + path)
          .isEqualTo(404);
    }
    assertThat(OperatorHttp.call(agentA.baseUrl(), "/api/v1/scheduler", "{}").status())
        .isEqualTo(404);
    for (String path :
        List.of("/slave(1)/state", "/slave(1)/monitor/statistics", "/slave(1)/flags")) {
      assertThat(OperatorHttp.get(master.baseUrl(), path).status())
          .as("master " + path)
          .isEqualTo(404);
    }
    assertThat(
            OperatorHttp.call(master.baseUrl(), "/slave(1)/api/v1", "{\"type\":\"GET_HEALTH\"}")
                .status())
        .isEqualTo(404);
  }

  @Test
  void legacyTeardownRemovesAFrameworkAndRefusesUnknownOnes() {
    V1SchedulerClient fw = framework("legacy-teardown");
    Reply r =
        OperatorHttp.post(
            master.baseUrl(),
            "/master/teardown",
            "frameworkId=" + fw.frameworkId(),
            Map.of("Content-Type", "application/x-www-form-urlencoded"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    await("framework removed").atMost(TIMEOUT).until(fw::streamEnded);
    Reply unknown =
        OperatorHttp.post(
            master.baseUrl(),
            "/master/teardown",
            "frameworkId=nope",
            Map.of("Content-Type", "application/x-www-form-urlencoded"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body()).contains("nope");
  }
}
