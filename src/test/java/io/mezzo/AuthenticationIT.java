package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.bootstrap.Role;
import io.mezzo.testing.BasicAuth;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.RegisteredPaths;
import io.mezzo.testing.V1SchedulerClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A master and an agent with every {@code mezzo.security.authenticate-*} switch on, asked on every
 * route they register (found by {@link RegisteredPaths}, so a new route is asked too): no
 * credentials and a wrong secret are 401 with a Basic challenge, the right credentials pass the
 * gate (whatever the route then answers, never 401 or 403). Refused calls change nothing: a
 * TEARDOWN, a framework SUBSCRIBE with another framework's id and a rogue agent's SUBSCRIBE leave
 * the master as it was. The agent itself authenticates to the master (it registers), and a
 * standalone node with every switch on still runs a task end to end: its local agent and its
 * built-in frameworks are the node itself and are never locked out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationIT {
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String OPS = BasicAuth.header("ops", "s3cret");
  private static final String WRONG = BasicAuth.header("ops", "not-the-secret");
  private static final String AGENT = BasicAuth.header("agent", "a9ent-secret");

  /** Open in Mesos too: probes and the leader redirect. */
  private static final Set<String> OPEN =
      Set.of(
          "/health",
          "/master/health",
          "/slave(1)/health",
          "/version",
          "/redirect",
          "/master/redirect");

  /**
   * The executor API never asks for operators' credentials: with authenticate-http-executors off
   * (as here) it is open, with it on it takes only the executor's own token
   * (ExecutorAuthenticationIT).
   */
  private static final Set<String> EXECUTOR =
      Set.of("/api/v1/executor", "/slave(1)/api/v1/executor");

  private Path dir;
  private MezzoProcess master;
  private MezzoProcess agent;

  @BeforeAll
  void startCluster() throws IOException {
    dir = Files.createTempDirectory("mezzo-authn-");
    master = MezzoProcess.start("authn-master", "master", secured(Map.of()));
    agent =
        MezzoProcess.start(
            "authn-agent",
            "agent",
            secured(
                Map.of(
                    "mezzo.master",
                    master.baseUrl().toString(),
                    "mezzo.agent.resources",
                    MezzoProcess.AGENT_RESOURCES)));
    // The agent sent its credential on the agent link, which needs it.
    await("the agent registers with credentials")
        .atMost(Duration.ofSeconds(60))
        .until(() -> agents(master).size() == 1);
  }

  @AfterAll
  void stopCluster() {
    if (agent != null) {
      agent.close();
    }
    if (master != null) {
      master.close();
    }
  }

  Stream<Arguments> routes() {
    RegisteredPaths registered =
        new RegisteredPaths(
            List.of(
                "io.mezzo.http.master",
                "io.mezzo.http.agent",
                "io.mezzo.http.common",
                "io.mezzo.http.services",
                "io.mezzo.http.jobs"));
    List<Arguments> out = new ArrayList<>();
    for (Role role : List.of(Role.MASTER, Role.AGENT)) {
      for (String path : registered.of(role)) {
        out.add(Arguments.of(role, concrete(path)));
      }
      out.add(Arguments.of(role, "/q/metrics"));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routes")
  void everyRouteAsksForCredentialsAndTakesTheRightOnes(Role role, String path) throws Exception {
    URI base = role == Role.MASTER ? master.baseUrl() : agent.baseUrl();
    String method = path.contains("/api/v1") || path.startsWith("/internal/") ? "POST" : "GET";

    HttpResponse<String> none = send(base, method, path, null);
    HttpResponse<String> wrong = send(base, method, path, WRONG);
    HttpResponse<String> right = send(base, method, path, OPS);

    if (OPEN.contains(path) || EXECUTOR.contains(path)) {
      assertThat(none.statusCode()).as("%s %s without credentials", method, path).isNotEqualTo(401);
      return;
    }
    assertThat(none.statusCode()).as("%s %s without credentials", method, path).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .as("challenge")
        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm=\""));
    assertThat(none.body()).contains("requires authentication");
    assertThat(wrong.statusCode()).as("%s %s with a wrong secret", method, path).isEqualTo(401);
    assertThat(wrong.body()).contains("wrong secret");
    assertThat(right.statusCode())
        .as("%s %s with the right credentials: %s", method, path, right.body())
        .isNotIn(401, 403);
  }

  @Test
  void healthStaysOpenWhateverIsSent() throws Exception {
    for (MezzoProcess node : List.of(master, agent)) {
      assertThat(send(node.baseUrl(), "GET", "/q/health", null).statusCode()).isEqualTo(200);
      assertThat(send(node.baseUrl(), "GET", "/q/health/ready", WRONG).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void getFlagsReportsTheSwitches() throws Exception {
    JsonNode flags =
        json(
            send(master.baseUrl(), "POST", "/api/v1", OPS, "{\"type\":\"GET_FLAGS\"}"),
            "/get_flags/flags");
    Map<String, String> byName = new LinkedHashMap<>();
    flags.forEach(f -> byName.put(f.path("name").asText(), f.path("value").asText()));

    assertThat(byName)
        .containsEntry("authenticate_frameworks", "true")
        .containsEntry("authenticate_agents", "true")
        .containsEntry("authenticate_http_readonly", "true")
        .containsEntry("authenticate_http_readwrite", "true");
  }

  @Test
  void refusedCallsLeaveTheMasterAsItWas() throws Exception {
    await("a built-in framework subscribes")
        .atMost(Duration.ofSeconds(60))
        .until(() -> !frameworks(master).isEmpty());
    JsonNode before = frameworks(master);
    String victim = before.get(0).path("id").asText();

    // TEARDOWN of the operator API and the legacy endpoint, without and with a wrong secret.
    String teardown =
        "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\"" + victim + "\"}}}";
    for (String auth : new String[] {null, WRONG}) {
      assertThat(send(master.baseUrl(), "POST", "/api/v1", auth, teardown).statusCode())
          .isEqualTo(401);
      assertThat(
              send(
                      master.baseUrl(),
                      "POST",
                      "/master/teardown",
                      auth,
                      "frameworkId=" + victim,
                      "application/x-www-form-urlencoded")
                  .statusCode())
          .isEqualTo(401);
    }
    // A framework SUBSCRIBE that would take the victim over.
    String subscribe =
        "{\"type\":\"SUBSCRIBE\",\"framework_id\":{\"value\":\""
            + victim
            + "\"},\"subscribe\":{\"framework_info\":{\"user\":\"x\",\"name\":\"thief\","
            + "\"id\":{\"value\":\""
            + victim
            + "\"},\"failover_timeout\":60}}}";
    assertThat(send(master.baseUrl(), "POST", "/api/v1/scheduler", null, subscribe).statusCode())
        .isEqualTo(401);
    assertThat(send(master.baseUrl(), "POST", "/api/v1/scheduler", WRONG, subscribe).statusCode())
        .isEqualTo(401);
    // A rogue agent advertising 64 cpus.
    String rogue =
        "{\"type\":\"SUBSCRIBE\",\"register\":{\"agent_info\":{\"hostname\":\"rogue\","
            + "\"port\":5051,\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\","
            + "\"scalar\":{\"value\":64}}]}}}";
    assertThat(send(master.baseUrl(), "POST", "/internal/v1/agent", null, rogue).statusCode())
        .isEqualTo(401);
    assertThat(send(master.baseUrl(), "POST", "/internal/v1/agent", WRONG, rogue).statusCode())
        .isEqualTo(401);

    JsonNode after = frameworks(master);
    assertThat(after.size()).isEqualTo(before.size());
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.get(i).path("id").asText()).isEqualTo(before.get(i).path("id").asText());
      assertThat(after.get(i).path("name").asText()).isEqualTo(before.get(i).path("name").asText());
      assertThat(after.get(i).path("active").asBoolean()).isTrue();
    }
    JsonNode agents = agents(master);
    assertThat(agents.size()).isEqualTo(1);
    assertThat(agents.get(0).path("hostname").asText()).isNotEqualTo("rogue");
  }

  @Test
  void theMastersSandboxProxySendsItsCredentialToTheAgent() throws Exception {
    // The agent asks for credentials on its read-only realm; the master's proxy of /files/debug
    // to it gets through only with the master's agent-credential.
    String agentId = agents(master).get(0).path("id").asText();
    assertThat(send(agent.baseUrl(), "GET", "/files/debug", null).statusCode()).isEqualTo(401);

    HttpResponse<String> proxied =
        send(master.baseUrl(), "GET", "/files/debug?agent_id=" + agentId, OPS);

    assertThat(proxied.statusCode()).as(proxied.body()).isEqualTo(200);
  }

  @Test
  void anAgentWithoutItsCredentialIsNotAdmitted() throws Exception {
    // The agent link answers 401 to an agent that sends nothing, so it is never registered.
    try (MezzoProcess bare =
        MezzoProcess.startUnready(
            "authn-bare-agent",
            "agent",
            Map.of(
                "mezzo.master",
                master.baseUrl().toString(),
                "mezzo.agent.resources",
                MezzoProcess.AGENT_RESOURCES))) {
      await("the bare agent is refused")
          .atMost(Duration.ofSeconds(60))
          .until(() -> bare.logTail(200).contains("401"));
      assertThat(agents(master).size()).isEqualTo(1);
    }
  }

  @Test
  void standaloneWithEverySwitchOnStillRunsATaskEndToEnd() throws Exception {
    try (MezzoProcess node =
        MezzoProcess.start(
            "authn-standalone",
            "standalone",
            secured(Map.of("mezzo.agent.resources", MezzoProcess.AGENT_RESOURCES)))) {
      String app =
          "{\"id\":\"/authn/sleeper\",\"cmd\":\"sleep 600\",\"cpus\":0.1,\"mem\":32,"
              + "\"instances\":1}";
      assertThat(send(node.baseUrl(), "POST", "/v2/apps", null, app).statusCode()).isEqualTo(401);
      HttpResponse<String> created = send(node.baseUrl(), "POST", "/v2/apps", OPS, app);
      assertThat(created.statusCode()).as(created.body()).isIn(200, 201);

      await("the app's task runs through the local agent")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  json(send(node.baseUrl(), "GET", "/v2/apps/authn/sleeper", OPS, null), "/app")
                          .path("tasksRunning")
                          .asInt()
                      == 1);
      JsonNode tasks = json(send(node.baseUrl(), "GET", "/master/tasks", OPS, null), "/tasks");
      assertThat(tasks.findValuesAsText("state")).contains("TASK_RUNNING");
      assertThat(send(node.baseUrl(), "GET", "/master/tasks", null, null).statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void aBearerTokenSignedWithTheConfiguredKeyIsACallerAndAnyOtherIsRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair trusted = generator.generateKeyPair();
    KeyPair stranger = generator.generateKeyPair();
    Path publicKey = dir.resolve("token-key.pem");
    Files.writeString(
        publicKey,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(trusted.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    long now = System.currentTimeMillis() / 1000;
    // Only a token key, no credentials file: a switch that is on is honoured by tokens alone.
    Map<String, String> props = new LinkedHashMap<>();
    props.put("mezzo.security.authenticate-http-readonly", "true");
    props.put("mezzo.security.authenticate-http-readwrite", "true");
    props.put("mp.jwt.verify.publickey.location", publicKey.toString());
    props.put("mp.jwt.verify.issuer", "https://issuer.mezzo.test");
    try (MezzoProcess node = MezzoProcess.start("authn-jwt", "master", props)) {
      URI base = node.baseUrl();
      String good = token(trusted, "https://issuer.mezzo.test", "ci-bot", now + 600);

      assertThat(send(base, "GET", "/master/state", "Bearer " + good).statusCode()).isEqualTo(200);
      assertThat(
              send(base, "POST", "/api/v1", "bearer " + good, "{\"type\":\"GET_HEALTH\"}")
                  .statusCode())
          .isEqualTo(200);
      for (String bad :
          List.of(
              token(stranger, "https://issuer.mezzo.test", "ci-bot", now + 600),
              token(trusted, "https://elsewhere.test", "ci-bot", now + 600),
              token(trusted, "https://issuer.mezzo.test", "ci-bot", now - 600),
              good.substring(0, good.length() - 4) + "AAAA")) {
        HttpResponse<String> r = send(base, "GET", "/master/state", "Bearer " + bad);
        assertThat(r.statusCode()).as("token %s", bad).isEqualTo(401);
        assertThat(r.body()).startsWith("Authentication failed: ");
      }
      HttpResponse<String> none = send(base, "GET", "/master/state", null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().allValues("WWW-Authenticate"))
          .containsExactly(
              "Basic realm=\"mesos-master-readonly\"", "Bearer realm=\"mesos-master-readonly\"");
    }
  }

  /** An RS256 JWT, signed here so the test needs no token library. */
  private static String token(KeyPair key, String issuer, String subject, long expires)
      throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims =
        "{\"iss\":\""
            + issuer
            + "\",\"sub\":\""
            + subject
            + "\",\"upn\":\""
            + subject
            + "\",\"iat\":"
            + (expires - 1200)
            + ",\"exp\":"
            + expires
            + "}";
    String payload = b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initSign(key.getPrivate());
    rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header + "." + payload + "." + b64.encodeToString(rs256.sign());
  }

  /** Every switch on, one credentials file with an operator and the agents' principal. */
  private Map<String, String> secured(Map<String, String> extra) throws IOException {
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"credentials\":[{\"principal\":\"ops\",\"secret\":\"s3cret\"},"
            + "{\"principal\":\"agent\",\"secret\":\"a9ent-secret\"}]}");
    Path agentCredential = dir.resolve("agent-credential");
    Files.writeString(agentCredential, "agent a9ent-secret\n");
    Map<String, String> props = new LinkedHashMap<>(extra);
    props.put("mezzo.security.credentials", credentials.toString());
    props.put("mezzo.security.agent-credential", agentCredential.toString());
    props.put("mezzo.security.authenticate-frameworks", "true");
    props.put("mezzo.security.authenticate-agents", "true");
    props.put("mezzo.security.authenticate-http-readonly", "true");
    props.put("mezzo.security.authenticate-http-readwrite", "true");
    props.put("mezzo.security.authenticate-metrics", "true");
    return props;
  }

  /** A request path for a registered one: prefix routes get a real path below them. */
  private static String concrete(String path) {
    return switch (path) {
      case "/v2/" -> "/v2/apps";
      case "/scheduler/" -> "/scheduler/jobs";
      case "/v1/scheduler/" -> "/v1/scheduler/jobs";
      default -> path.endsWith("/") ? path + "x" : path;
    };
  }

  private static JsonNode frameworks(MezzoProcess node) throws Exception {
    return json(send(node.baseUrl(), "GET", "/master/frameworks", OPS, null), "/frameworks");
  }

  private static JsonNode agents(MezzoProcess node) throws Exception {
    return json(send(node.baseUrl(), "GET", "/master/slaves", OPS, null), "/slaves");
  }

  private static JsonNode json(HttpResponse<String> r, String pointer) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return V1SchedulerClient.parse(r.body()).at(pointer);
  }

  private static HttpResponse<String> send(URI base, String method, String path, String auth)
      throws Exception {
    return send(base, method, path, auth, method.equals("POST") ? "{}" : null);
  }

  private static HttpResponse<String> send(
      URI base, String method, String path, String auth, String body) throws Exception {
    return send(base, method, path, auth, body, "application/json");
  }

  private static HttpResponse<String> send(
      URI base, String method, String path, String auth, String body, String contentType)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json");
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
