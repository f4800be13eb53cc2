package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.bootstrap.Role;
import io.mezzo.security.acl.Action;
import io.mezzo.testing.BasicAuth;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.RegisteredPaths;
import io.mezzo.testing.V1SchedulerClient;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Authorization over every route of a master and an agent, table-driven: ACLs with {@code
 * "permissive": false} grant every action to {@code ops} (and to the agents and the built-in
 * frameworks) and nothing to {@code guest}, who authenticates fine. Each row says what a guest must
 * get where ops succeeds: {@code 403} naming guest and the action, a view without ops's framework
 * (Mesos filters state, it does not refuse it), an ERROR on the SUBSCRIBE stream, or the same as
 * ops where no Mesos ACL guards the route (probes, Marathon's and Chronos's own APIs, the executor
 * API with its own tokens). A refused mutation (teardown, agent gone, drain, deactivate, agent
 * registration, weights, quota, reservations) changes nothing: ops's framework and task and the
 * agent are as they were. Every registered route must have a row, so a new route cannot slip past
 * authorization unnoticed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationRoutesIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();
  private static final String OPS = BasicAuth.header("ops", "s3cret");
  private static final String GUEST = BasicAuth.header("guest", "gue5t");

  /** What guest gets on a row, beside what ops gets. */
  enum Expect {
    /** 403 naming guest; ops succeeds (2xx) unless the row is a mutation ops must not make. */
    FORBIDDEN,
    /**
     * Both 200; the JSON at the row's pointer holds ops's framework id (or, for quota, the role ops
     * set a quota for) for ops only.
     */
    FILTERED,
    /** SUBSCRIBE: 200, then an ERROR event saying register_frameworks refused guest. */
    SUBSCRIBE_ERROR,
    /** No Mesos ACL guards it: guest gets what ops gets. */
    SAME
  }

  record Row(
      Role node,
      String method,
      String path,
      String body,
      Expect expect,
      String pointer,
      boolean mutation) {
    @Override
    public String toString() {
      String call = body != null && body.contains("\"type\"") ? " " + body.split("\"")[3] : "";
      return node + " " + method + " " + path.split("\\?")[0] + call + " → " + expect;
    }
  }

  private MezzoProcess master;
  private MezzoProcess agent;
  private V1SchedulerClient framework;
  private String frameworkId;
  private String agentId;
  private String taskId;
  private String sandbox;

  /** Every action to ops, the agents and the built-in frameworks; nothing to anyone else. */
  static String acls() {
    String granted =
        Stream.of(Action.values())
            .map(
                a ->
                    "\""
                        + a.aclName()
                        + "\":[{\"principals\":{\"values\":[\"ops\",\"agent\",\"marathon\","
                        + "\"chronos\"]},\""
                        + a.objectField()
                        + "\":{\"type\":\"ANY\"}}]")
            .collect(Collectors.joining(","));
    return "{\"permissive\":false," + granted + "}";
  }

  @BeforeAll
  void startCluster() throws Exception {
    Path dir = Files.createTempDirectory("mezzo-authz-routes-");
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"credentials\":[{\"principal\":\"ops\",\"secret\":\"s3cret\"},"
            + "{\"principal\":\"guest\",\"secret\":\"gue5t\"},"
            + "{\"principal\":\"agent\",\"secret\":\"a9ent-secret\"}]}");
    Path agentCredential = dir.resolve("agent-credential");
    Files.writeString(agentCredential, "agent a9ent-secret\n");
    Map<String, String> props = new LinkedHashMap<>();
    props.put("mezzo.security.credentials", credentials.toString());
    props.put("mezzo.security.agent-credential", agentCredential.toString());
    props.put("mezzo.security.authenticate-frameworks", "true");
    props.put("mezzo.security.authenticate-agents", "true");
    props.put("mezzo.security.authenticate-http-readonly", "true");
    props.put("mezzo.security.authenticate-http-readwrite", "true");
    props.put("mezzo.security.acls", acls());
    master = MezzoProcess.start("authz-routes-master", "master", props);
    Map<String, String> agentProps = new LinkedHashMap<>(props);
    agentProps.put("mezzo.master", master.baseUrl().toString());
    agentProps.put("mezzo.agent.resources", MezzoProcess.AGENT_RESOURCES);
    agent = MezzoProcess.start("authz-routes-agent", "agent", agentProps);

    framework =
        V1SchedulerClient.subscribe(
            master.baseUrl(), StandaloneIT.frameworkInfo("authz-routes-ops"), true, as("ops"));
    frameworkId = framework.frameworkId();
    JsonNode offer = framework.awaitOffer(TIMEOUT);
    agentId = offer.at("/agent_id/value").asText();
    taskId = "authz-" + UUID.randomUUID();
    framework.accept(offer, V1SchedulerClient.commandTask(taskId, 0.1, 32, "sleep 600"));
    framework.awaitUpdate(taskId, "TASK_RUNNING", TIMEOUT);
    sandbox = "/frameworks/" + frameworkId + "/executors/" + taskId + "/runs/latest";
    // A quota for guest to fail to remove: REMOVE_QUOTA of a role without one is a 400 before
    // anything is authorized, as in Mesos.
    HttpResponse<String> quota =
        send(
            call(
                Role.MASTER,
                "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{\"force\":true,\"quota_configs\":"
                    + "[{\"role\":\"authz-kept\",\"limits\":{\"cpus\":{\"value\":1}}}]}}",
                Expect.SAME,
                null,
                false),
            OPS);
    assertThat(quota.statusCode()).as("ops sets a quota: %s", quota.body()).isEqualTo(200);
  }

  @AfterAll
  void stopCluster() {
    if (framework != null) {
      framework.close();
    }
    if (agent != null) {
      agent.close();
    }
    if (master != null) {
      master.close();
    }
  }

  List<Row> rows() {
    String dir = URLEncoder.encode(sandbox, StandardCharsets.UTF_8);
    String stdout = URLEncoder.encode(sandbox + "/stdout", StandardCharsets.UTF_8);
    String fid = "{\"value\":\"" + frameworkId + "\"}";
    String aid = "{\"value\":\"" + agentId + "\"}";
    List<Row> rows = new ArrayList<>();
    for (Role node : List.of(Role.MASTER, Role.AGENT)) {
      rows.add(get(node, "/flags", Expect.FORBIDDEN));
      rows.add(get(node, "/metrics/snapshot", Expect.FORBIDDEN));
      rows.add(get(node, "/logging/toggle", Expect.FORBIDDEN));
      rows.add(get(node, "/files/debug", Expect.FORBIDDEN));
      rows.add(get(node, "/files/browse?path=" + dir, Expect.FORBIDDEN));
      rows.add(get(node, "/files/read?path=" + stdout + "&offset=0", Expect.FORBIDDEN));
      rows.add(get(node, "/files/download?path=" + stdout, Expect.FORBIDDEN));
      rows.add(get(node, "/health", Expect.SAME));
      rows.add(get(node, "/version", Expect.SAME));
      rows.add(filtered(node, "/state", "/frameworks"));
      rows.add(call(node, "{\"type\":\"GET_FLAGS\"}", Expect.FORBIDDEN, null, false));
      rows.add(
          call(
              node,
              "{\"type\":\"SET_LOGGING_LEVEL\",\"set_logging_level\":{\"level\":0,"
                  + "\"duration\":{\"nanoseconds\":1000000000}}}",
              Expect.FORBIDDEN,
              null,
              false));
      rows.add(
          call(
              node,
              "{\"type\":\"GET_STATE\"}",
              Expect.FILTERED,
              "/get_state/get_frameworks/frameworks",
              false));
      rows.add(
          call(
              node,
              "{\"type\":\"GET_FRAMEWORKS\"}",
              Expect.FILTERED,
              "/get_frameworks/frameworks",
              false));
      rows.add(call(node, "{\"type\":\"GET_TASKS\"}", Expect.FILTERED, "/get_tasks", false));
      rows.add(
          call(
              node,
              "{\"type\":\"LIST_FILES\",\"list_files\":{\"path\":\"" + sandbox + "\"}}",
              Expect.FORBIDDEN,
              null,
              false));
      rows.add(
          call(
              node,
              "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\""
                  + sandbox
                  + "/stdout\",\"offset\":0}}",
              Expect.FORBIDDEN,
              null,
              false));
    }
    rows.add(get(Role.AGENT, "/containers", Expect.FORBIDDEN));
    rows.add(get(Role.AGENT, "/monitor/statistics", Expect.FORBIDDEN));
    rows.add(
        call(
            Role.AGENT,
            "{\"type\":\"GET_CONTAINERS\"}",
            Expect.FILTERED,
            "/get_containers",
            false));
    rows.add(new Row(Role.AGENT, "POST", "/api/v1/executor", "{}", Expect.SAME, null, false));

    rows.add(filtered(Role.MASTER, "/state-summary", "/frameworks"));
    rows.add(filtered(Role.MASTER, "/frameworks", "/frameworks"));
    rows.add(filtered(Role.MASTER, "/tasks", "/tasks"));
    rows.add(filtered(Role.MASTER, "/roles", "/roles"));
    rows.add(get(Role.MASTER, "/slaves", Expect.SAME)); // Mesos has no view_agents
    rows.add(get(Role.MASTER, "/weights", Expect.SAME));
    // get_quotas filters GET /quota by role, as Mesos does: guest sees no quota, ops sees one.
    rows.add(filtered(Role.MASTER, "/quota", "/infos"));
    rows.add(
        new Row(
            Role.MASTER,
            "POST",
            "/quota",
            "{\"role\":\"authz-guest\",\"force\":true,\"guarantee\":[{\"name\":\"cpus\","
                + "\"type\":\"SCALAR\",\"scalar\":{\"value\":0.1}}]}",
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(
        new Row(Role.MASTER, "DELETE", "/quota/authz-kept", null, Expect.FORBIDDEN, null, true));
    rows.add(
        new Row(
            Role.MASTER,
            "PUT",
            "/weights",
            "[{\"role\":\"authz-guest\",\"weight\":2.0}]",
            Expect.FORBIDDEN,
            null,
            true));
    String reserved =
        "[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":0.1},"
            + "\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"authz-guest\","
            + "\"principal\":\"%s\"}]}]";
    String guestReserves = reserved.formatted("guest");
    String opsReservation = reserved.formatted("ops");
    rows.add(
        new Row(
            Role.MASTER,
            "POST",
            "/reserve",
            "slaveId=" + agentId + "&resources=" + form(guestReserves),
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(
        new Row(
            Role.MASTER,
            "POST",
            "/unreserve",
            "slaveId=" + agentId + "&resources=" + form(opsReservation),
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(
        call(
            Role.MASTER,
            "{\"type\":\"RESERVE_RESOURCES\",\"reserve_resources\":{\"agent_id\":"
                + aid
                + ",\"resources\":"
                + guestReserves
                + "}}",
            Expect.FORBIDDEN,
            null,
            true));
    String volume =
        "[{\"name\":\"disk\",\"type\":\"SCALAR\",\"scalar\":{\"value\":1},"
            + "\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"authz-guest\","
            + "\"principal\":\"ops\"}],\"disk\":{\"persistence\":{\"id\":\"v1\","
            + "\"principal\":\"%s\"},\"volume\":{\"mode\":\"RW\",\"container_path\":\"d\"}}}]";
    rows.add(
        new Row(
            Role.MASTER,
            "POST",
            "/create-volumes",
            "slaveId=" + agentId + "&volumes=" + form(volume.formatted("guest")),
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(
        new Row(
            Role.MASTER,
            "POST",
            "/destroy-volumes",
            "slaveId=" + agentId + "&volumes=" + form(volume.formatted("ops")),
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(
        call(
            Role.MASTER,
            "{\"type\":\"CREATE_VOLUMES\",\"create_volumes\":{\"agent_id\":"
                + aid
                + ",\"volumes\":"
                + volume.formatted("guest")
                + "}}",
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(
        call(
            Role.MASTER,
            "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":"
                + "[{\"role\":\"authz-guest\",\"weight\":2.0}]}}",
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(
        call(
            Role.MASTER,
            "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{\"force\":true,\"quota_configs\":"
                + "[{\"role\":\"authz-guest\",\"limits\":{\"cpus\":{\"value\":1}}}]}}",
            Expect.FORBIDDEN,
            null,
            true));
    // get_maintenance_schedules and get_maintenance_statuses guard the reads, as in Mesos.
    rows.add(get(Role.MASTER, "/maintenance/schedule", Expect.FORBIDDEN));
    rows.add(get(Role.MASTER, "/maintenance/status", Expect.FORBIDDEN));
    rows.add(get(Role.MASTER, "/machine/down", Expect.SAME)); // 405: the method comes first
    rows.add(get(Role.MASTER, "/machine/up", Expect.SAME));
    rows.add(
        new Row(
            Role.MASTER,
            "POST",
            "/machine/down",
            "[{\"hostname\":\"nowhere\"}]",
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(get(Role.MASTER, "/ping", Expect.SAME));
    rows.add(get(Role.MASTER, "/redirect", Expect.SAME));
    rows.add(get(Role.MASTER, "/v2/apps", Expect.SAME)); // Marathon's API: authentication only
    rows.add(get(Role.MASTER, "/scheduler/jobs", Expect.SAME)); // Chronos's API: likewise
    rows.add(get(Role.MASTER, "/v1/scheduler/jobs", Expect.SAME));
    rows.add(
        new Row(
            Role.MASTER,
            "POST",
            "/teardown",
            "frameworkId=" + frameworkId,
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(
        call(
            Role.MASTER,
            "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":" + fid + "}}",
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(
        call(
            Role.MASTER,
            "{\"type\":\"MARK_AGENT_GONE\",\"mark_agent_gone\":{\"agent_id\":" + aid + "}}",
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(
        call(
            Role.MASTER,
            "{\"type\":\"DRAIN_AGENT\",\"drain_agent\":{\"agent_id\":" + aid + "}}",
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(
        call(
            Role.MASTER,
            "{\"type\":\"DEACTIVATE_AGENT\",\"deactivate_agent\":{\"agent_id\":" + aid + "}}",
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(
        call(
            Role.MASTER,
            "{\"type\":\"REACTIVATE_AGENT\",\"reactivate_agent\":{\"agent_id\":" + aid + "}}",
            Expect.FORBIDDEN,
            null,
            true));
    rows.add(
        new Row(
            Role.MASTER,
            "POST",
            "/api/v1/scheduler",
            "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"nobody\","
                + "\"name\":\"guest\"}}}",
            Expect.SUBSCRIBE_ERROR,
            null,
            false));
    rows.add(
        new Row(
            Role.MASTER,
            "POST",
            "/internal/v1/agent",
            "{\"type\":\"SUBSCRIBE\",\"register\":{\"agent_info\":{\"hostname\":\"guest\","
                + "\"port\":5051,\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\","
                + "\"scalar\":{\"value\":64}}]},\"endpoint\":\"http://127.0.0.1:1\"}}",
            Expect.FORBIDDEN,
            null,
            true));
    return rows;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aGuestGetsWhatTheAclsGiveIt(Row row) throws Exception {
    HttpResponse<String> guest = send(row, GUEST);
    switch (row.expect()) {
      case FORBIDDEN -> {
        assertThat(guest.statusCode()).as("guest: %s", guest.body()).isEqualTo(403);
        assertThat(guest.body()).contains("'guest'");
        if (!row.mutation()) {
          HttpResponse<String> ops = send(row, OPS);
          assertThat(ops.statusCode()).as("ops: %s", ops.body()).isBetween(200, 299);
        }
      }
      case FILTERED -> {
        HttpResponse<String> ops = send(row, OPS);
        assertThat(guest.statusCode()).as("guest: %s", guest.body()).isEqualTo(200);
        assertThat(ops.statusCode()).as("ops: %s", ops.body()).isEqualTo(200);
        String seen = V1SchedulerClient.parse(guest.body()).at(row.pointer()).toString();
        String all = V1SchedulerClient.parse(ops.body()).at(row.pointer()).toString();
        String mark = markerOf(row);
        assertThat(all).as("what ops sees at %s", row.pointer()).contains(mark);
        assertThat(seen).as("what guest sees at %s", row.pointer()).doesNotContain(mark);
      }
      case SUBSCRIBE_ERROR -> {
        assertThat(guest.statusCode()).as("guest: %s", guest.body()).isEqualTo(200);
        assertThat(guest.body())
            .contains("\"ERROR\"")
            .contains("principal 'guest' may not register_frameworks");
      }
      case SAME -> {
        HttpResponse<String> ops = send(row, OPS);
        assertThat(guest.statusCode())
            .as("guest (%s) against ops (%s)", guest.body(), ops.body())
            .isEqualTo(ops.statusCode());
      }
    }
  }

  @Test
  void everyRegisteredRouteHasARow() {
    RegisteredPaths registered =
        new RegisteredPaths(
            List.of(
                "io.mezzo.http.master",
                "io.mezzo.http.agent",
                "io.mezzo.http.common",
                "io.mezzo.http.services",
                "io.mezzo.http.jobs"));
    List<Row> rows = rows();
    List<String> missing = new ArrayList<>();
    for (Role role : List.of(Role.MASTER, Role.AGENT)) {
      for (String path : registered.of(role)) {
        String p = normal(path);
        boolean covered =
            rows.stream()
                .filter(r -> r.node() == role)
                .map(r -> normal(r.path().split("\\?")[0]))
                .anyMatch(r -> r.equals(p) || (p.endsWith("/") && r.startsWith(p)));
        if (!covered) {
          missing.add(role + " " + path);
        }
      }
    }
    assertThat(missing).as("routes without an authorization row").isEmpty();
  }

  @Test
  void refusedMutationsChangedNothing() throws Exception {
    for (Row row : rows()) {
      if (row.mutation()) {
        assertThat(send(row, GUEST).statusCode()).as(row.toString()).isEqualTo(403);
      }
    }
    assertThat(framework.streamEnded()).as("ops's framework is still subscribed").isFalse();
    JsonNode state = V1SchedulerClient.parse(send(getState(), OPS).body());
    JsonNode agents = state.path("slaves");
    assertThat(agents.size()).isEqualTo(1);
    assertThat(agents.get(0).path("id").asText()).isEqualTo(agentId);
    assertThat(agents.get(0).path("active").asBoolean()).as("the agent is active").isTrue();
    assertThat(state.path("frameworks").toString()).contains(frameworkId).contains(taskId);
    assertThat(state.at("/frameworks").findValuesAsText("state")).contains("TASK_RUNNING");
    assertThat(agents.get(0).path("reserved_resources").toString())
        .as("guest reserved nothing")
        .doesNotContain("authz-guest");
    String quota = send(get(Role.MASTER, "/quota", Expect.SAME), OPS).body();
    assertThat(quota)
        .as("ops's quota is kept")
        .contains("authz-kept")
        .doesNotContain("authz-guest");
    assertThat(send(get(Role.MASTER, "/weights", Expect.SAME), OPS).body())
        .as("guest set no weight")
        .doesNotContain("authz-guest");
  }

  private static Row getState() {
    return new Row(Role.MASTER, "GET", "/master/state", null, Expect.SAME, null, false);
  }

  private static Row get(Role node, String path, Expect expect) {
    return new Row(node, "GET", path, null, expect, null, false);
  }

  private static Row filtered(Role node, String path, String pointer) {
    return new Row(node, "GET", path, null, Expect.FILTERED, pointer, false);
  }

  private static Row call(Role node, String body, Expect expect, String pointer, boolean mutation) {
    return new Row(node, "POST", "/api/v1", body, expect, pointer, mutation);
  }

  /**
   * A registered path as the table names it: no {@code .json}, no {@code /master} or agent prefix.
   */
  private static String normal(String path) {
    String p = path.endsWith(".json") ? path.substring(0, path.length() - 5) : path;
    if (p.startsWith("/slave(1)/")) {
      p = p.substring("/slave(1)".length());
    }
    if (p.startsWith("/master/")) {
      p = p.substring("/master".length());
    }
    return p;
  }

  private HttpResponse<String> send(Row row, String auth) throws Exception {
    URI base = row.node() == Role.MASTER ? master.baseUrl() : agent.baseUrl();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(row.path()))
            .timeout(Duration.ofSeconds(20))
            .header("Accept", "application/json")
            .header("Authorization", auth);
    if (row.body() != null) {
      boolean form =
          List.of("/teardown", "/reserve", "/unreserve", "/create-volumes", "/destroy-volumes")
              .contains(row.path());
      b.header("Content-Type", form ? "application/x-www-form-urlencoded" : "application/json")
          .method(
              row.method(),
              HttpRequest.BodyPublishers.ofString(row.body(), StandardCharsets.UTF_8));
    } else {
      b.method(row.method(), HttpRequest.BodyPublishers.noBody());
    }
    // A refused SUBSCRIBE's stream ends after its ERROR, so it too is read whole.
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What a FILTERED row shows ops and hides from guest: the quota'd role, or ops's framework. */
  private String markerOf(Row row) {
    return row.path().startsWith("/quota") ? "authz-kept" : frameworkId;
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A client that answers the scheduler realm's Basic challenge as {@code principal}. */
  private static HttpClient as(String principal) {
    String secret = principal.equals("ops") ? "s3cret" : "gue5t";
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30))
        .authenticator(
            new Authenticator() {
              @Override
              protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(principal, secret.toCharArray());
              }
            })
        .build();
  }
}
