package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mezzo.testing.BasicAuth;
import io.mezzo.testing.MezzoProcess;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sample, end to end: a task prints a secret to its stdout, and with {@code
 * access_sandboxes} granted only to {@code ops}, {@code bob} (authenticated, but not granted) gets
 * 403 naming the action and himself on every way to the sandbox, while {@code ops} reads the
 * secret. Asked of a standalone node ({@code /files/read}, the master's and the agent's READ_FILE,
 * both through the local agent) and of a master with a separate agent, where the master decides
 * before it proxies (the agent sees only the master's credential) and the agent decides when asked
 * directly. The agent's own views and controls are decided too: {@code /flags}, {@code
 * /files/debug}, {@code /metrics/snapshot} and {@code /logging/toggle} for ops only, GET_FRAMEWORKS
 * filtered by {@code view_frameworks}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxAuthorizationIT {
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration OFFER_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(90);
  private static final String OPS = BasicAuth.header("ops", "ops-secret");
  private static final String BOB = BasicAuth.header("bob", "bob-secret");

  /**
   * ACLs in Mesos's JSON: sandboxes, flags and the guarded endpoints ({@code /files/debug}, {@code
   * /metrics/snapshot}, {@code /logging/toggle}) for ops (and, for sandboxes, the master's own
   * credential, which its proxy presents to agents), frameworks visible to ops only; everything
   * else stays permissive so the framework can register and run its task.
   */
  private static final String ACLS =
      "{\"access_sandboxes\":["
          + "{\"principals\":{\"values\":[\"ops\",\"agent\"]},\"users\":{\"type\":\"ANY\"}},"
          + "{\"principals\":{\"type\":\"NONE\"},\"users\":{\"type\":\"ANY\"}}],"
          + "\"view_flags\":["
          + "{\"principals\":{\"values\":[\"ops\"]},\"flags\":{\"type\":\"ANY\"}},"
          + "{\"principals\":{\"type\":\"NONE\"},\"flags\":{\"type\":\"ANY\"}}],"
          + "\"view_frameworks\":["
          + "{\"principals\":{\"values\":[\"ops\"]},\"users\":{\"type\":\"ANY\"}},"
          + "{\"principals\":{\"type\":\"NONE\"},\"users\":{\"type\":\"ANY\"}}],"
          + "\"get_endpoints\":["
          + "{\"principals\":{\"values\":[\"ops\"]},\"paths\":{\"type\":\"ANY\"}},"
          + "{\"principals\":{\"type\":\"NONE\"},"
          + "\"paths\":{\"values\":[\"/files/debug\",\"/metrics/snapshot\",\"/logging/toggle\"]}}]}";

  private Path dir;

  @BeforeAll
  void files() throws IOException {
    dir = Files.createTempDirectory("mezzo-sandbox-authz-");
  }

  @Test
  void standaloneGuardsEverySandboxReadWithTheCallersAcl() throws Exception {
    try (MezzoProcess node =
        MezzoProcess.start(
            "sandbox-authz-standalone",
            "standalone",
            secured(Map.of("mezzo.agent.resources", MezzoProcess.AGENT_RESOURCES)))) {
      URI base = node.baseUrl();
      String secret = "secret-" + UUID.randomUUID();
      String stdout = runTaskPrinting(base, "sandbox-authz-standalone", secret);

      assertGuarded(base, "/files/read", base, "/api/v1", stdout, secret);
      assertGuarded(base, "/files/read", base, "/slave(1)/api/v1", stdout, secret);
      assertAgentViewsDecided(base, "/slave(1)");
    }
  }

  @Test
  void masterDecidesBeforeItProxiesAndTheAgentDecidesWhenAskedDirectly() throws Exception {
    try (MezzoProcess master =
            MezzoProcess.start("sandbox-authz-master", "master", secured(Map.of()));
        MezzoProcess agent =
            MezzoProcess.start(
                "sandbox-authz-agent",
                "agent",
                secured(
                    Map.of(
                        "mezzo.master",
                        master.baseUrl().toString(),
                        "mezzo.agent.resources",
                        MezzoProcess.AGENT_RESOURCES)))) {
      String secret = "secret-" + UUID.randomUUID();
      String stdout = runTaskPrinting(master.baseUrl(), "sandbox-authz-cluster", secret);

      // Through the master: its /files proxy and its operator API's READ_FILE.
      assertGuarded(master.baseUrl(), "/files/read", master.baseUrl(), "/api/v1", stdout, secret);
      // At the agent itself: its /files and its operator API.
      assertGuarded(agent.baseUrl(), "/files/read", agent.baseUrl(), "/api/v1", stdout, secret);
      assertAgentViewsDecided(agent.baseUrl(), "");

      String agentId =
          json(send(master.baseUrl(), "GET", "/master/slaves", OPS, null))
              .at("/slaves/0/id")
              .asText();
      HttpResponse<String> debug =
          send(master.baseUrl(), "GET", "/files/debug?agent_id=" + agentId, BOB, null);
      assertThat(debug.statusCode()).as(debug.body()).isEqualTo(403);
      assertThat(debug.body()).contains("'bob'", "get_endpoints");
    }
  }

  /** Runs a command task that prints {@code secret}; answers its stdout's virtual path. */
  private static String runTaskPrinting(URI master, String name, String secret) {
    try (V1SchedulerClient framework =
        V1SchedulerClient.subscribe(master, StandaloneIT.frameworkInfo(name))) {
      JsonNode offer =
          framework.awaitOffer(
              o ->
                  V1SchedulerClient.scalar(o, "cpus") >= 0.1
                      && V1SchedulerClient.scalar(o, "mem") >= 32,
              OFFER_TIMEOUT);
      String taskId = "secret-" + UUID.randomUUID();
      framework.accept(offer, V1SchedulerClient.commandTask(taskId, 0.1, 32, "echo " + secret));
      framework.awaitUpdate(taskId, "TASK_FINISHED", TASK_TIMEOUT);
      return "/frameworks/"
          + framework.frameworkId()
          + "/executors/"
          + taskId
          + "/runs/latest/stdout";
    }
  }

  /**
   * Bob is refused on {@code files}{@code /read} and READ_FILE at {@code api} with a reason naming
   * him and the action; ops reads the secret on both; a path in no sandbox stays 404 for bob.
   */
  private static void assertGuarded(
      URI filesBase, String read, URI apiBase, String api, String stdout, String secret)
      throws Exception {
    String query =
        read + "?path=" + URLEncoder.encode(stdout, StandardCharsets.UTF_8) + "&offset=0";
    await("ops reads the secret at " + filesBase + read)
        .atMost(TASK_TIMEOUT)
        .untilAsserted(
            () -> {
              HttpResponse<String> ok = send(filesBase, "GET", query, OPS, null);
              assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
              assertThat(json(ok).path("data").asText()).contains(secret);
            });
    HttpResponse<String> refused = send(filesBase, "GET", query, BOB, null);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(refused.body()).contains("'bob'", "access_sandboxes").doesNotContain(secret);

    String readFile =
        "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\"" + stdout + "\",\"offset\":0}}";
    HttpResponse<String> opsRead = send(apiBase, "POST", api, OPS, readFile);
    assertThat(opsRead.statusCode()).as(opsRead.body()).isEqualTo(200);
    String data = json(opsRead).at("/read_file/data").asText();
    assertThat(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8))
        .contains(secret);
    HttpResponse<String> bobRead = send(apiBase, "POST", api, BOB, readFile);
    assertThat(bobRead.statusCode()).as(bobRead.body()).isEqualTo(403);
    assertThat(bobRead.body()).contains("'bob'", "access_sandboxes").doesNotContain(secret);

    HttpResponse<String> elsewhere =
        send(filesBase, "GET", read + "?path=/etc/passwd&offset=0", BOB, null);
    assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(404);
  }

  /** The agent's flags and guarded endpoints for ops only; its frameworks hidden from bob. */
  private static void assertAgentViewsDecided(URI agent, String prefix) throws Exception {
    assertThat(send(agent, "GET", prefix + "/flags", OPS, null).statusCode()).isEqualTo(200);
    HttpResponse<String> flags = send(agent, "GET", prefix + "/flags", BOB, null);
    assertThat(flags.statusCode()).as(flags.body()).isEqualTo(403);
    assertThat(flags.body()).contains("'bob'", "view_flags");
    HttpResponse<String> getFlags =
        send(agent, "POST", prefix + "/api/v1", BOB, "{\"type\":\"GET_FLAGS\"}");
    assertThat(getFlags.statusCode()).as(getFlags.body()).isEqualTo(403);

    assertThat(send(agent, "GET", "/files/debug", OPS, null).statusCode()).isEqualTo(200);
    HttpResponse<String> debug = send(agent, "GET", "/files/debug", BOB, null);
    assertThat(debug.statusCode()).as(debug.body()).isEqualTo(403);
    assertThat(debug.body()).contains("'bob'", "get_endpoints", "/files/debug");
    for (String endpoint : new String[] {"/metrics/snapshot", "/logging/toggle"}) {
      assertThat(send(agent, "GET", endpoint, OPS, null).statusCode()).isEqualTo(200);
      HttpResponse<String> refused = send(agent, "GET", endpoint, BOB, null);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      assertThat(refused.body()).contains("'bob'", "get_endpoints", endpoint);
    }

    String frameworks = "{\"type\":\"GET_FRAMEWORKS\"}";
    JsonNode seenByOps = json(send(agent, "POST", prefix + "/api/v1", OPS, frameworks));
    JsonNode seenByBob = json(send(agent, "POST", prefix + "/api/v1", BOB, frameworks));
    assertThat(
            seenByOps.at("/get_frameworks/frameworks").size()
                + seenByOps.at("/get_frameworks/completed_frameworks").size())
        .isPositive();
    assertThat(seenByBob.at("/get_frameworks/frameworks").size()).isZero();
    assertThat(seenByBob.at("/get_frameworks/completed_frameworks").size()).isZero();
  }

  private Map<String, String> secured(Map<String, String> extra) throws IOException {
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"credentials\":[{\"principal\":\"ops\",\"secret\":\"ops-secret\"},"
            + "{\"principal\":\"bob\",\"secret\":\"bob-secret\"},"
            + "{\"principal\":\"agent\",\"secret\":\"agent-secret\"}]}");
    Path agentCredential = dir.resolve("agent-credential");
    Files.writeString(agentCredential, "agent agent-secret\n");
    Map<String, String> props = new LinkedHashMap<>(extra);
    props.put("mezzo.security.credentials", credentials.toString());
    props.put("mezzo.security.agent-credential", agentCredential.toString());
    props.put("mezzo.security.authenticate-http-readonly", "true");
    props.put("mezzo.security.authenticate-http-readwrite", "true");
    props.put("mezzo.security.acls", ACLS);
    return props;
  }

  private static HttpResponse<String> send(
      URI base, String method, String path, String auth, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .header("Authorization", auth);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
