package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import java.io.IOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A standalone node with {@code authenticate-frameworks} on, two principals and ACLs, asked from
 * outside over HTTP: a framework naming another principal is 403; bob can neither subscribe with
 * alice's framework id nor call for it, and alice's stream stays open without an error; a role bob
 * may not use ends his subscription with an ERROR naming it; a task as a refused user ends
 * TASK_ERROR / REASON_TASK_UNAUTHORIZED while its sibling in the same ACCEPT runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulerAuthorizationIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String ACLS =
      "{\"register_frameworks\": ["
          + "{\"principals\": {\"values\": [\"alice\", \"bob\"]}, \"roles\": {\"values\": [\"*\"]}},"
          + "{\"principals\": {\"values\": [\"alice\"]}, \"roles\": {\"values\": [\"prod\"]}},"
          + "{\"principals\": {\"values\": [\"marathon\", \"chronos\"]},"
          + " \"roles\": {\"values\": [\"marathon\", \"chronos\"]}},"
          + "{\"principals\": {\"type\": \"NONE\"}, \"roles\": {\"type\": \"ANY\"}}],"
          + " \"run_tasks\": ["
          + "{\"principals\": {\"type\": \"NONE\"}, \"users\": {\"values\": [\"root\"]}}]}";

  private MezzoProcess node;

  @BeforeAll
  void start() throws IOException {
    Path dir = Files.createTempDirectory("mezzo-sched-authz-");
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"credentials\":[{\"principal\":\"alice\",\"secret\":\"alice-pw\"},"
            + "{\"principal\":\"bob\",\"secret\":\"bob-pw\"}]}");
    node =
        MezzoProcess.start(
            "sched-authz",
            "standalone",
            Map.of(
                "mezzo.security.credentials",
                credentials.toString(),
                "mezzo.security.authenticate-frameworks",
                "true",
                "mezzo.security.acls",
                ACLS,
                "mezzo.agent.resources",
                MezzoProcess.AGENT_RESOURCES));
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static FrameworkInfo.Builder framework(String principal) {
    return FrameworkInfo.builder()
        .user("nobody")
        .name("authz-it")
        .failoverTimeout(0.0)
        .principal(principal);
  }

  /** A client that answers the scheduler realm's Basic challenge as {@code principal}. */
  private static HttpClient as(String principal) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30))
        .authenticator(
            new Authenticator() {
              @Override
              protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(principal, (principal + "-pw").toCharArray());
              }
            })
        .build();
  }

  private V1SchedulerClient subscribed(String principal, FrameworkInfo info) {
    return V1SchedulerClient.subscribe(
        node.baseUrl(), MesosJson.writeString(info), true, as(principal));
  }

  /**
   * POSTs a call as {@code principal} with its credentials up front and reads the whole answer: a
   * refused SUBSCRIBE's stream ends after its ERROR.
   */
  private HttpResponse<String> post(String principal, Call call, String streamId) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(node.baseUrl().resolve(V1SchedulerClient.PATH))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (principal + ":" + principal + "-pw").getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(MesosJson.writeString(call)));
    if (streamId != null) {
      b.header(V1SchedulerClient.STREAM_ID_HEADER, streamId);
    }
    return V1SchedulerClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The first event of a RecordIO body ("length\n{json}..."), as the project's api type. */
  private static Event firstEvent(String recordIo) {
    int newline = recordIo.indexOf('\n');
    int length = Integer.parseInt(recordIo.substring(0, newline).strip());
    byte[] rest = recordIo.substring(newline + 1).getBytes(StandardCharsets.UTF_8);
    String record = new String(rest, 0, length, StandardCharsets.UTF_8);
    return MesosJson.read(record, Event.class);
  }

  @Test
  void aFrameworkNamingAnotherPrincipalIsForbidden() throws Exception {
    HttpResponse<String> r = post("alice", Call.subscribe(framework("bob").build()), null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.body())
        .contains(
            "Authenticated principal 'alice' does not match principal 'bob' set in FrameworkInfo");
  }

  @Test
  void bobCannotTakeOverOrCallForAlicesFramework() throws Exception {
    try (V1SchedulerClient alice = subscribed("alice", framework(null).build())) {
      FrameworkId id = new FrameworkId(alice.frameworkId());

      HttpResponse<String> bobAsHimself =
          post("bob", Call.subscribe(framework(null).id(id).build()), null);
      HttpResponse<String> bobAsAlice =
          post("bob", Call.subscribe(framework("alice").id(id).build()), null);
      HttpResponse<String> bobTearsDown =
          post("bob", Call.of(Call.Type.TEARDOWN, id), alice.streamId());

      assertThat(bobAsHimself.statusCode()).isEqualTo(200);
      Event refused = firstEvent(bobAsHimself.body());
      assertThat(refused.type()).isEqualTo(Event.Type.ERROR);
      assertThat(refused.error().message()).startsWith("Changing framework's principal");
      assertThat(bobAsAlice.statusCode()).as(bobAsAlice.body()).isEqualTo(403);
      assertThat(bobTearsDown.statusCode()).as(bobTearsDown.body()).isEqualTo(403);
      assertThat(bobTearsDown.body())
          .contains("Authenticated principal 'bob' does not match principal 'alice'");
      // Alice is still subscribed on her own stream, which saw no error.
      assertThat(alice.reconcile().status()).isEqualTo(202);
      assertThat(alice.streamEnded()).isFalse();
      assertThat(alice.allRawEvents()).noneMatch(e -> e.contains("\"ERROR\""));
    }
  }

  @Test
  void aRoleThePrincipalMayNotUseEndsTheSubscriptionWithAnError() throws Exception {
    HttpResponse<String> r =
        post("bob", Call.subscribe(framework(null).role("prod").build()), null);

    assertThat(r.statusCode()).isEqualTo(200);
    Event error = firstEvent(r.body());
    assertThat(error.type()).isEqualTo(Event.Type.ERROR);
    assertThat(error.error().message())
        .startsWith("principal 'bob' may not register_frameworks with role 'prod'");
  }

  @Test
  void aTaskAsARefusedUserEndsUnauthorizedWhileItsSiblingRuns() throws Exception {
    try (V1SchedulerClient alice = subscribed("alice", framework(null).build())) {
      JsonNode offer = alice.awaitOffer(TIMEOUT);
      ObjectNode asRoot =
          (ObjectNode)
              V1SchedulerClient.parse(
                  V1SchedulerClient.commandTask("as-root", 0.1, 32, "sleep 60"));
      ((ObjectNode) asRoot.get("command")).put("user", "root");

      V1SchedulerClient.Response accepted =
          alice.accept(
              offer,
              asRoot.toString(),
              V1SchedulerClient.commandTask("as-nobody", 0.1, 32, "sleep 60"));

      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
      TaskStatus refused =
          MesosJson.convert(alice.awaitUpdate("as-root", "TASK_ERROR", TIMEOUT), TaskStatus.class);
      assertThat(refused.reason()).isEqualTo(TaskStatus.Reason.REASON_TASK_UNAUTHORIZED);
      assertThat(refused.message())
          .startsWith("principal 'alice' may not run_tasks as user 'root'");
      TaskStatus running =
          MesosJson.convert(
              alice.awaitUpdate("as-nobody", Set.of("TASK_RUNNING"), TIMEOUT), TaskStatus.class);
      assertThat(running.state()).isEqualTo(TaskState.TASK_RUNNING);
      assertThat(alice.updatesFor("as-root")).hasSize(1);
      alice.kill("as-nobody", running.agentId().value());
    }
  }

  @Test
  void theBuiltInMarathonIsDecidedUnderItsOwnPrincipal() throws Exception {
    // Anyone who may post an app must not get root on the agents through the node's own
    // framework: run_tasks is asked about principal 'marathon', as Mesos asks about Marathon's.
    HttpClient http = V1SchedulerClient.newHttpClient();
    String app =
        "{\"id\":\"/authz/as-root\",\"cmd\":\"sleep 60\",\"user\":\"root\",\"cpus\":0.1,"
            + "\"mem\":32,\"instances\":1}";
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(node.baseUrl().resolve("/v2/apps"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(app))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    try {
      JsonNode failure =
          org.awaitility.Awaitility.await("the app's task is refused")
              .atMost(TIMEOUT)
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () ->
                      V1SchedulerClient.parse(
                              http.send(
                                      HttpRequest.newBuilder(
                                              node.baseUrl().resolve("/v2/apps/authz/as-root"))
                                          .timeout(TIMEOUT)
                                          .GET()
                                          .build(),
                                      HttpResponse.BodyHandlers.ofString())
                                  .body())
                          .at("/app/lastTaskFailure"),
                  f -> !f.isMissingNode() && !f.isNull());
      assertThat(failure.path("state").asText()).isEqualTo("TASK_ERROR");
      assertThat(failure.path("message").asText())
          .startsWith("principal 'marathon' may not run_tasks as user 'root'");
    } finally {
      http.send(
          HttpRequest.newBuilder(node.baseUrl().resolve("/v2/apps/authz/as-root"))
              .timeout(TIMEOUT)
              .DELETE()
              .build(),
          HttpResponse.BodyHandlers.discarding());
    }
  }
}
