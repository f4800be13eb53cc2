package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.mezzo.testing.AgentStateFields;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.OperatorHttp;
import io.mezzo.testing.OperatorHttp.Reply;
import io.mezzo.testing.SharedCluster;
import io.mezzo.testing.V1SchedulerClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent's legacy endpoints as Mesos tools call them, on the packaged jar (a master and its
 * agents): the web UI's log viewer reading a task's stdout through the agent and through the
 * master's {@code /files} proxy, {@code ?jsonp=} on every GET the agent serves, and the top-level
 * fields of {@code /slave(1)/state} with Mesos's JSON types. One long-running task serves all.
 */
@ExtendWith(SharedCluster.Extension.class)
class LegacyAgentIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** What jQuery's {@code $.getJSON(url + '&jsonp=?')} puts in place of the question mark. */
  private static final String CALLBACK = "jQuery1124_1612345678";

  private static MezzoProcess master;
  private static MezzoProcess agent;
  private static V1SchedulerClient framework;
  private static String taskId;
  private static String sandbox;

  @BeforeAll
  static void launch(SharedCluster cluster) {
    master = cluster.master();
    agent = cluster.agentA();
    framework =
        V1SchedulerClient.subscribe(master.baseUrl(), StandaloneIT.frameworkInfo("legacy-agent"));
    String port = Integer.toString(agent.port());
    JsonNode offer =
        framework.awaitOffer(
            o ->
                o.at("/url/address/port").asText().equals(port)
                    && V1SchedulerClient.scalar(o, "cpus") >= 0.1
                    && V1SchedulerClient.scalar(o, "mem") >= 32,
            TIMEOUT);
    taskId = "legacy-" + UUID.randomUUID();
    V1SchedulerClient.Response r =
        framework.accept(
            offer,
            0.0,
            V1SchedulerClient.commandTask(taskId, 0.1, 32, "echo viewer-line; exec sleep 600"));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    framework.awaitUpdate(taskId, "TASK_RUNNING", TIMEOUT);
    sandbox = "/frameworks/" + framework.frameworkId() + "/executors/" + taskId + "/runs/latest";
    await("the task's stdout on the agent")
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(read(agent.baseUrl(), "&offset=0").json().path("data").asText())
                    .contains("viewer-line"));
  }

  @AfterAll
  static void tearDown() {
    if (framework != null) {
      try {
        framework.teardown();
      } finally {
        framework.close();
      }
    }
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Reply read(URI base, String query) {
    return OperatorHttp.get(base, "/files/read?path=" + q(sandbox + "/stdout") + query);
  }

  @Test
  void theLogViewersRequestsWorkThroughTheAgentAndTheMaster() {
    for (URI base : List.of(agent.baseUrl(), master.baseUrl())) {
      // First the size: offset=-1&length=-1, through jQuery's JSONP.
      Reply size = read(base, "&offset=-1&length=-1&jsonp=" + CALLBACK);
      assertThat(size.status()).as(base + ": " + size.body()).isEqualTo(200);
      assertThat(size.header("Content-Type")).startsWith("text/javascript");
      JsonNode sized = unwrap(size.body());
      assertThat(sized.path("data").asText()).isEmpty();
      long end = sized.path("offset").asLong();
      assertThat(end).as(base + " answers the file's size").isGreaterThanOrEqualTo(12);

      // Then the text from the start, with no limit of the viewer's own.
      Reply all = read(base, "&offset=0&length=-1&jsonp=" + CALLBACK);
      assertThat(all.status()).as(base + ": " + all.body()).isEqualTo(200);
      JsonNode text = unwrap(all.body());
      assertThat(text.path("offset").asLong()).isZero();
      assertThat(text.path("data").asText()).startsWith("viewer-line");

      // No offset is the size question too; plain JSON without jsonp.
      Reply bare = read(base, "");
      assertThat(bare.status()).as(bare.body()).isEqualTo(200);
      assertThat(bare.header("Content-Type")).startsWith("application/json");
      assertThat(bare.json().path("offset").asLong()).isEqualTo(end);

      Reply negative = read(base, "&offset=0&length=-2");
      assertThat(negative.status()).isEqualTo(400);
      assertThat(negative.body()).contains("Negative length provided: -2");
      Reply noPath = OperatorHttp.get(base, "/files/read?offset=abc");
      assertThat(noPath.status()).isEqualTo(400);
      assertThat(noPath.body()).contains("Expecting 'path=value' in query");
      Reply notNumber = read(base, "&offset=abc");
      assertThat(notNumber.status()).isEqualTo(400);
      assertThat(notNumber.body()).contains("Failed to parse offset");
      Reply badOffset = read(base, "&offset=-5");
      assertThat(badOffset.status()).isEqualTo(400);
      assertThat(badOffset.body()).contains("Negative offset provided: -5");
    }
  }

  @Test
  void everyGetTheAgentServesHonoursJsonp() {
    String path = q(sandbox);
    Map<String, JsonNodeType> endpoints =
        Map.ofEntries(
            Map.entry("/slave(1)/state", JsonNodeType.OBJECT),
            Map.entry("/slave(1)/state.json", JsonNodeType.OBJECT),
            Map.entry("/state", JsonNodeType.OBJECT),
            Map.entry("/state.json", JsonNodeType.OBJECT),
            Map.entry("/slave(1)/flags", JsonNodeType.OBJECT),
            Map.entry("/flags", JsonNodeType.OBJECT),
            Map.entry("/slave(1)/monitor/statistics", JsonNodeType.ARRAY),
            Map.entry("/slave(1)/monitor/statistics.json", JsonNodeType.ARRAY),
            Map.entry("/monitor/statistics", JsonNodeType.ARRAY),
            Map.entry("/monitor/statistics.json", JsonNodeType.ARRAY),
            Map.entry("/slave(1)/containers", JsonNodeType.ARRAY),
            Map.entry("/containers", JsonNodeType.ARRAY),
            Map.entry("/files/browse?path=" + path, JsonNodeType.ARRAY),
            Map.entry("/files/browse.json?path=" + path, JsonNodeType.ARRAY),
            Map.entry("/files/read?offset=0&path=" + path + "%2Fstdout", JsonNodeType.OBJECT),
            Map.entry("/files/read.json?offset=0&path=" + path + "%2Fstdout", JsonNodeType.OBJECT),
            Map.entry("/files/debug", JsonNodeType.OBJECT),
            Map.entry("/files/debug.json", JsonNodeType.OBJECT),
            Map.entry("/version", JsonNodeType.OBJECT),
            Map.entry("/metrics/snapshot", JsonNodeType.OBJECT));
    endpoints.forEach(
        (endpoint, type) -> {
          String sep = endpoint.contains("?") ? "&" : "?";
          Reply plain = OperatorHttp.get(agent.baseUrl(), endpoint);
          assertThat(plain.status()).as(endpoint + ": " + plain.body()).isEqualTo(200);
          assertThat(plain.header("Content-Type")).as(endpoint).startsWith("application/json");
          assertThat(plain.json().getNodeType()).as(endpoint).isEqualTo(type);

          Reply wrapped = OperatorHttp.get(agent.baseUrl(), endpoint + sep + "jsonp=cb");
          assertThat(wrapped.status()).as(endpoint + ": " + wrapped.body()).isEqualTo(200);
          assertThat(wrapped.header("Content-Type")).as(endpoint).startsWith("text/javascript");
          assertThat(wrapped.body()).as(endpoint).startsWith("cb(").endsWith(");");
          assertThat(
                  V1SchedulerClient.parse(wrapped.body().substring(3, wrapped.body().length() - 2))
                      .getNodeType())
              .as(endpoint)
              .isEqualTo(type);

          Reply refused = OperatorHttp.get(agent.baseUrl(), endpoint + sep + "jsonp=alert(1)");
          assertThat(refused.status()).as(endpoint + " with a bad callback").isEqualTo(400);
        });

    Reply stats = OperatorHttp.get(agent.baseUrl(), "/slave(1)/monitor/statistics?jsonp=cb");
    assertThat(stats.body()).startsWith("cb([{").contains("\"executor_id\":\"" + taskId + "\"");
    Reply selected =
        OperatorHttp.get(
            agent.baseUrl(), "/slave(1)/containers?framework_id=" + framework.frameworkId());
    assertThat(selected.json())
        .singleElement()
        .satisfies(c -> assertThat(c.path("executor_id").asText()).isEqualTo(taskId));
    Reply badSelection =
        OperatorHttp.get(agent.baseUrl(), "/slave(1)/containers?executor_id=" + taskId);
    assertThat(badSelection.status()).isEqualTo(400);
    assertThat(badSelection.body()).contains("executor_id and framework_id only");
    // Mesos's health is an empty 200 and stays one: there is no JSON to wrap.
    for (String health : List.of("/slave(1)/health", "/slave(1)/health?jsonp=cb")) {
      Reply h = OperatorHttp.get(agent.baseUrl(), health);
      assertThat(h.status()).as(health).isEqualTo(200);
      assertThat(h.body()).as(health).isEmpty();
    }
  }

  @Test
  void agentStateHasMesosTopLevelFieldsWithTheirTypes() {
    JsonNode state = OperatorHttp.get(agent.baseUrl(), "/slave(1)/state").json();
    AgentStateFields.assertTyped(state, AgentStateFields.ALWAYS);
    assertThat(state.get("master_hostname").asText()).isEqualTo(master.baseUrl().getHost());
    assertThat(state.at("/unreserved_resources_allocated/cpus").asDouble()).isGreaterThan(0);
    assertThat(state.get("unreserved_resources_full"))
        .anySatisfy(r -> assertThat(r.path("name").asText()).isEqualTo("cpus"));
  }

  private static JsonNode unwrap(String jsonp) {
    assertThat(jsonp).startsWith(CALLBACK + "(").endsWith(");");
    return V1SchedulerClient.parse(jsonp.substring(CALLBACK.length() + 1, jsonp.length() - 2));
  }
}
