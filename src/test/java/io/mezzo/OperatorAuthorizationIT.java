package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.BasicAuth;
import io.mezzo.testing.ChunkedRecordReader;
import io.mezzo.testing.MezzoProcess;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A standalone node with HTTP authentication on and inline ACLs, asked from outside over HTTP:
 * {@code viewer} may view only the things of alice's user, {@code ops} everything. The viewer sees
 * only alice's framework and its task in {@code /master/state}, in GET_STATE and on the operator
 * event stream (bob's events never reach it, while they reach ops'); its TEARDOWN of bob's
 * framework, on the operator API or {@code /master/teardown}, is 403 naming the action and the
 * principal, and the framework stays; GET_FLAGS and {@code /master/flags} need {@code view_flags};
 * {@code /metrics/snapshot} and {@code /logging/toggle} need {@code get_endpoints} on their path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorAuthorizationIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();
  private static final String OPS = BasicAuth.header("ops", "ops-secret");
  private static final String VIEWER = BasicAuth.header("viewer", "viewer-secret");

  /**
   * Users no other framework has (the built-in Marathon and Chronos run as the node's user), and
   * that need not exist: a task of an unknown user fails, and a failed task is filtered like any.
   */
  private static final String ALICE = "mezzo-it-alice";

  private static final String BOB = "mezzo-it-bob";

  private Path dir;
  private MezzoProcess node;
  private ChunkedRecordReader viewerStream;
  private ChunkedRecordReader opsStream;
  private V1SchedulerClient alice;
  private V1SchedulerClient bob;
  private String aliceTask;
  private String bobTask;

  private static String acls() {
    String viewerAndOps =
        "[{\"principals\":{\"values\":[\"viewer\"]},\"users\":{\"values\":[\""
            + ALICE
            + "\"]}},{\"principals\":{\"values\":[\"ops\"]},\"users\":{\"type\":\"ANY\"}}]";
    String any = "{\"principals\":{\"type\":\"ANY\"},";
    return "{\"permissive\":false,"
        + "\"register_frameworks\":["
        + any
        + "\"roles\":{\"type\":\"ANY\"}}],"
        + "\"run_tasks\":["
        + any
        + "\"users\":{\"type\":\"ANY\"}}],"
        + "\"register_agents\":["
        + any
        + "\"agents\":{\"type\":\"ANY\"}}],"
        + "\"get_endpoints\":[{\"principals\":{\"values\":[\"ops\"]},"
        + "\"paths\":{\"values\":[\"/metrics/snapshot\",\"/logging/toggle\"]}}],"
        + "\"view_roles\":["
        + any
        + "\"roles\":{\"type\":\"ANY\"}}],"
        + "\"view_frameworks\":"
        + viewerAndOps
        + ",\"view_tasks\":"
        + viewerAndOps
        + ",\"view_executors\":"
        + viewerAndOps
        + ",\"view_flags\":[{\"principals\":{\"values\":[\"ops\"]},\"flags\":{\"type\":\"ANY\"}}],"
        + "\"teardown_frameworks\":[{\"principals\":{\"values\":[\"ops\"]},"
        + "\"framework_principals\":{\"type\":\"ANY\"}}]}";
  }

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory("mezzo-acl-");
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"credentials\":[{\"principal\":\"ops\",\"secret\":\"ops-secret\"},"
            + "{\"principal\":\"viewer\",\"secret\":\"viewer-secret\"}]}");
    Map<String, String> props = new LinkedHashMap<>();
    props.put("mezzo.agent.resources", MezzoProcess.AGENT_RESOURCES);
    props.put("mezzo.security.credentials", credentials.toString());
    props.put("mezzo.security.authenticate-http-readonly", "true");
    props.put("mezzo.security.authenticate-http-readwrite", "true");
    props.put("mezzo.security.acls", acls());
    node = MezzoProcess.start("acl-standalone", "standalone", props);

    // Both streams are open before the frameworks come, so they must hear (or not) every event.
    viewerStream = operatorStream(VIEWER);
    opsStream = operatorStream(OPS);
    bob = V1SchedulerClient.subscribe(node.baseUrl(), frameworkInfo(BOB, "acl-it-bob"));
    alice = V1SchedulerClient.subscribe(node.baseUrl(), frameworkInfo(ALICE, "acl-it-alice"));
    // bob's task is launched (202, after its TASK_ADDED went out) before alice's, so once the
    // viewer's stream brings alice's TASK_ADDED, anything of bob's would have come before it.
    bobTask = launch(bob);
    aliceTask = launch(alice);
  }

  @AfterAll
  void stop() throws IOException {
    for (AutoCloseable c : new AutoCloseable[] {viewerStream, opsStream, alice, bob, node}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // Closing what is left; a failure here must not hide the test's own result.
      }
    }
  }

  private static String frameworkInfo(String user, String name) {
    return "{\"user\":\""
        + user
        + "\",\"name\":\""
        + name
        + "\",\"roles\":[\"*\"],"
        + "\"capabilities\":[{\"type\":\"MULTI_ROLE\"}]}";
  }

  private static String launch(V1SchedulerClient fw) {
    JsonNode offer =
        fw.awaitOffer(
            o ->
                V1SchedulerClient.scalar(o, "cpus") >= 0.1
                    && V1SchedulerClient.scalar(o, "mem") >= 32,
            TIMEOUT);
    String taskId = "acl-" + UUID.randomUUID();
    V1SchedulerClient.Response r =
        fw.accept(offer, 0.0, V1SchedulerClient.commandTask(taskId, 0.1, 32, "sleep 600"));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return taskId;
  }

  private ChunkedRecordReader operatorStream(String auth) throws IOException {
    ChunkedRecordReader s =
        ChunkedRecordReader.subscribe(
            node.baseUrl(),
            "/api/v1",
            "{\"type\":\"SUBSCRIBE\"}",
            TIMEOUT,
            Map.of("Authorization", auth));
    assertThat(s.status()).isEqualTo(200);
    return s;
  }

  /** Reads records until one is the TASK_ADDED of {@code taskId}; returns every record read. */
  private static List<JsonNode> readUntilTaskAdded(ChunkedRecordReader s, String taskId)
      throws IOException {
    List<JsonNode> read = new ArrayList<>();
    while (true) {
      String record = s.nextRecord();
      assertThat(record).as("the stream ended before TASK_ADDED of " + taskId).isNotNull();
      JsonNode e = V1SchedulerClient.parse(record);
      read.add(e);
      if (e.path("type").asText().equals("TASK_ADDED")
          && e.at("/task_added/task/task_id/value").asText().equals(taskId)) {
        return read;
      }
    }
  }

  private HttpResponse<String> send(String method, String path, String auth, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(node.baseUrl().resolve(path))
            .timeout(TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (body != null) {
      // Mesos's /master/teardown takes a form; the operator API JSON.
      b.header(
          "Content-Type",
          path.equals("/master/teardown")
              ? "application/x-www-form-urlencoded"
              : "application/json");
      b.header("Accept", "application/json");
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonNode json(String method, String path, String auth, String body) {
    HttpResponse<String> r = send(method, path, auth, body);
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(200);
    return V1SchedulerClient.parse(r.body());
  }

  /** Every task id of the frameworks of a state JSON (legacy or GET_STATE's tasks). */
  private static List<String> legacyTaskIds(JsonNode state) {
    List<String> ids = new ArrayList<>();
    for (JsonNode fw : state.path("frameworks")) {
      for (String list : new String[] {"tasks", "completed_tasks", "unreachable_tasks"}) {
        fw.path(list).forEach(t -> ids.add(t.path("id").asText()));
      }
    }
    return ids;
  }

  @Test
  void aViewerSeesOnlyThePermittedFrameworkAndItsTasksInMasterState() {
    await("ops sees both tasks in /master/state")
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(300))
        .until(
            () ->
                legacyTaskIds(json("GET", "/master/state", OPS, null))
                    .containsAll(List.of(aliceTask, bobTask)));

    JsonNode state = json("GET", "/master/state", VIEWER, null);

    assertThat(state.path("frameworks")).hasSize(1);
    assertThat(state.path("frameworks").get(0).path("user").asText()).isEqualTo(ALICE);
    assertThat(state.path("frameworks").get(0).path("id").asText()).isEqualTo(alice.frameworkId());
    assertThat(legacyTaskIds(state)).containsExactly(aliceTask);
    assertThat(state.has("flags")).as("no view_flags, no flags in state").isFalse();
    assertThat(json("GET", "/master/state", OPS, null).has("flags")).isTrue();
    assertThat(send("GET", "/master/state", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void aViewerSeesOnlyThePermittedFrameworkAndItsTasksInGetState() {
    await("ops sees both tasks in GET_STATE")
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(300))
        .until(
            () ->
                json("POST", "/api/v1", OPS, "{\"type\":\"GET_STATE\"}")
                    .at("/get_state/get_tasks")
                    .findValuesAsText("value")
                    .containsAll(List.of(aliceTask, bobTask)));

    JsonNode state = json("POST", "/api/v1", VIEWER, "{\"type\":\"GET_STATE\"}").path("get_state");

    JsonNode frameworks = state.at("/get_frameworks/frameworks");
    assertThat(frameworks).hasSize(1);
    assertThat(frameworks.get(0).at("/framework_info/id/value").asText())
        .isEqualTo(alice.frameworkId());
    List<String> taskIds = new ArrayList<>();
    for (String list : new String[] {"tasks", "completed_tasks", "unreachable_tasks"}) {
      state.at("/get_tasks/" + list).forEach(t -> taskIds.add(t.at("/task_id/value").asText()));
    }
    assertThat(taskIds).containsExactly(aliceTask);
  }

  @Test
  void theViewersEventStreamCarriesOnlyThePermittedFrameworksEvents() throws IOException {
    List<JsonNode> viewer = readUntilTaskAdded(viewerStream, aliceTask);
    List<JsonNode> ops = readUntilTaskAdded(opsStream, aliceTask);

    assertThat(viewer.get(0).path("type").asText()).isEqualTo("SUBSCRIBED");
    assertThat(viewer.toString()).doesNotContain(bob.frameworkId()).doesNotContain(bobTask);
    assertThat(viewer)
        .filteredOn(e -> e.path("type").asText().equals("FRAMEWORK_ADDED"))
        .extracting(e -> e.at("/framework_added/framework/framework_info/id/value").asText())
        .containsExactly(alice.frameworkId());
    assertThat(ops.toString()).as("ops hears bob's events").contains(bobTask, bob.frameworkId());
  }

  @Test
  void teardownOfAnotherPrincipalsFrameworkIs403AndTheFrameworkStays() {
    String call =
        "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\""
            + bob.frameworkId()
            + "\"}}}";

    HttpResponse<String> api = send("POST", "/api/v1", VIEWER, call);
    HttpResponse<String> legacy =
        send("POST", "/master/teardown", VIEWER, "frameworkId=" + bob.frameworkId());

    assertThat(api.statusCode()).as(api.body()).isEqualTo(403);
    assertThat(api.body()).contains("principal 'viewer'", "teardown_frameworks");
    assertThat(legacy.statusCode()).as(legacy.body()).isEqualTo(403);
    assertThat(legacy.body()).contains("principal 'viewer'", "teardown_frameworks");
    JsonNode frameworks = json("GET", "/master/frameworks", OPS, null).path("frameworks");
    assertThat(frameworks.findValuesAsText("id")).contains(bob.frameworkId());
    assertThat(bob.streamEnded()).isFalse();
  }

  @Test
  void getFlagsIsRefusedWithoutViewFlags() {
    HttpResponse<String> refused = send("POST", "/api/v1", VIEWER, "{\"type\":\"GET_FLAGS\"}");
    HttpResponse<String> legacy = send("GET", "/master/flags", VIEWER, null);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(refused.body()).contains("principal 'viewer' may not view_flags");
    assertThat(legacy.statusCode()).as(legacy.body()).isEqualTo(403);
    assertThat(json("POST", "/api/v1", OPS, "{\"type\":\"GET_FLAGS\"}").at("/get_flags/flags"))
        .isNotEmpty();
  }

  @Test
  void metricsSnapshotAndLoggingToggleNeedGetEndpointsOnTheirPath() {
    HttpResponse<String> metrics = send("GET", "/metrics/snapshot", VIEWER, null);
    HttpResponse<String> toggle = send("GET", "/logging/toggle", VIEWER, null);

    assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(403);
    assertThat(metrics.body())
        .contains("principal 'viewer' may not get_endpoints on endpoint '/metrics/snapshot'");
    assertThat(toggle.statusCode()).as(toggle.body()).isEqualTo(403);
    assertThat(toggle.body()).contains("get_endpoints on endpoint '/logging/toggle'");
    assertThat(send("GET", "/metrics/snapshot", OPS, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/logging/toggle", OPS, null).statusCode()).isEqualTo(200);
  }
}
