package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.MarathonHttp;
import io.mezzo.testing.MarathonHttp.Reply;
import io.mezzo.testing.MezzoProcess;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The built-in services framework on the packaged jar, driven only through Marathon's REST API: two
 * masters in ZooKeeper, two agents, and a web app served by busybox httpd with a MESOS_HTTP health
 * check. The tests run in order on one cluster, each leaving it as the next expects: the app is
 * deployed, healed after a process is killed by hand, upgraded without losing healthy capacity,
 * moved off a lost agent, and a deployment interrupted by a master failover completes on the new
 * leader without a duplicate instance.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String WEB = "/it/web";

  private static TestingServer zk;
  private static final List<MezzoProcess> nodes = new ArrayList<>();
  private static MezzoProcess first;
  private static MezzoProcess second;
  private static MezzoProcess agentA;
  private static MezzoProcess agentB;
  private static MarathonHttp marathon;

  @BeforeAll
  static void cluster() throws Exception {
    zk = new TestingServer(true);
    Map<String, String> ha =
        Map.of(
            "mezzo.zk", "zk://" + zk.getConnectString() + "/mezzo",
            "mezzo.zk-session-timeout", "3S",
            "mezzo.master.agent-ping-timeout", "1S",
            "mezzo.master.max-agent-ping-timeouts", "3");
    first = node(MezzoProcess.start("svc-master-1", "master", ha));
    second = node(MezzoProcess.startUnready("svc-master-2", "master", ha));
    String masters = first.baseUrl() + "," + second.baseUrl();
    agentA = node(agent("svc-agent-a", masters, "31000-31049", "rack:a"));
    agentB = node(agent("svc-agent-b", masters, "31050-31099", "rack:b"));
    marathon = new MarathonHttp(first.baseUrl());
    await("both agents registered")
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> marathon.get("/master/slaves").json().path("slaves").size() == 2);
  }

  private static MezzoProcess node(MezzoProcess p) {
    nodes.add(p);
    return p;
  }

  private static MezzoProcess agent(String name, String masters, String ports, String attrs) {
    return MezzoProcess.start(
        name,
        "agent",
        Map.of(
            "mezzo.master",
            masters,
            "mezzo.agent.resources",
            "cpus:2;mem:1024;disk:1024;ports:[" + ports + "]",
            "mezzo.agent.attributes",
            attrs,
            "mezzo.agent.registration-backoff-max",
            "1S",
            "mezzo.agent.master-silence-timeout",
            "5S"));
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
    if (zk != null) {
      zk.close();
    }
  }

  /**
   * A web server that also serves its own pid (so the test can kill it by hand) and, in {@code
   * VERSION}, which definition it runs.
   */
  static String webApp(int instances, String version, int startDelaySeconds) {
    return """
        {"id": "%s", "instances": %d, "cpus": 0.1, "mem": 32,
         "cmd": "sleep %d; echo ok > index.html; echo $$ > pid; exec busybox httpd -f -p $PORT0 -h .",
         "env": {"VERSION": "%s"},
         "portDefinitions": [{"port": 0, "name": "http"}],
         "healthChecks": [{"protocol": "MESOS_HTTP", "path": "/index.html", "portIndex": 0,
           "gracePeriodSeconds": 120, "intervalSeconds": 1, "timeoutSeconds": 10,
           "maxConsecutiveFailures": 30, "delaySeconds": 0}],
         "upgradeStrategy": {"minimumHealthCapacity": 1.0, "maximumOverCapacity": 0.34},
         "unreachableStrategy": {"inactiveAfterSeconds": 0, "expungeAfterSeconds": 0}}
        """
        .formatted(WEB, instances, startDelaySeconds, version);
  }

  @Test
  @Order(1)
  void aBadDefinitionIsRefusedWithTheJsonPathOfEachError() {
    Reply r =
        marathon.post(
            "/v2/apps", "{\"id\": \"/it/bad\", \"cmd\": \"true\", \"cpus\": -1, \"mem\": 32}");
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.json().path("details").findValuesAsText("path")).contains("/cpus");
    Reply unknown =
        marathon.post("/v2/apps", "{\"id\": \"/it/bad\", \"cmd\": \"true\", \"cpu\": 1}");
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
    assertThat(unknown.body()).contains("cpu");
    assertThat(marathon.get("/v2/apps/it/bad").status()).isEqualTo(404);
  }

  @Test
  @Order(2)
  void deploysThreeHealthyInstances() {
    Reply created = marathon.post("/v2/apps", webApp(3, "1", 0));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(WEB));
    assertThat(created.json().path("deployments").size()).isEqualTo(1);
    awaitHealthy(3, "1");
    assertThat(marathon.get("/v2/deployments").json().size()).isZero();
    // Each instance answers on its own host port.
    for (JsonNode task : tasks()) {
      assertThat(httpGet(task, "/index.html").trim()).isEqualTo("ok");
    }
  }

  @Test
  @Order(3)
  void aProcessKilledByHandIsReplacedAndTheEventStreamSaysSo() throws Exception {
    JsonNode victim = tasks().get(0);
    String victimId = victim.path("id").asText();
    try (MarathonHttp.EventStream events = marathon.events()) {
      long pid = Long.parseLong(httpGet(victim, "/pid").trim());
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      await("a status update for the killed task on /v2/events")
          .atMost(TIMEOUT)
          .until(
              () ->
                  events.received().stream()
                      .anyMatch(
                          e ->
                              e.path("eventType").asText().equals("status_update_event")
                                  && e.path("taskId").asText().equals(victimId)
                                  && !e.path("taskStatus").asText().equals("TASK_RUNNING")));
      List<JsonNode> healthy = awaitHealthy(3, "1");
      assertThat(healthy).noneMatch(t -> t.path("id").asText().equals(victimId));
      assertThat(events.received())
          .anyMatch(e -> e.path("eventType").asText().equals("health_status_changed_event"));
    }
  }

  @Test
  @Order(4)
  void aRollingUpgradeNeverDropsBelowMinimumHealthCapacity() {
    Reply put = marathon.put("/v2/apps" + WEB, webApp(3, "2", 2));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.json().path("deploymentId").asText()).isNotEmpty();
    AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
    AtomicInteger highest = new AtomicInteger();
    await("the upgrade to version 2 completes")
        .atMost(TIMEOUT.multipliedBy(2))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              List<JsonNode> all = tasks();
              int healthy = (int) all.stream().filter(ServicesIT::isHealthy).count();
              lowest.accumulateAndGet(healthy, Math::min);
              highest.accumulateAndGet(all.size(), Math::max);
              return marathon.get("/v2/deployments").json().size() == 0
                  && all.size() == 3
                  && all.stream().allMatch(t -> isHealthy(t) && version(t).equals("2"));
            });
    // minimumHealthCapacity 1.0 of 3: never fewer than 3 healthy; maximumOverCapacity 0.34: at
    // most one extra instance at a time.
    assertThat(lowest.get()).isGreaterThanOrEqualTo(3);
    assertThat(highest.get()).isLessThanOrEqualTo(4);
  }

  @Test
  @Order(5)
  void instancesOnALostAgentMoveToTheOtherOne() {
    String lostAgent = agentIdOf(agentB);
    boolean anyOnB = tasks().stream().anyMatch(t -> t.path("slaveId").asText().equals(lostAgent));
    if (!anyOnB) {
      // Place at least one instance on agent B first, so that its loss has something to move.
      Reply scaled = marathon.put("/v2/apps" + WEB, webApp(6, "2", 0));
      assertThat(scaled.status()).as(scaled.body()).isEqualTo(200);
      awaitHealthy(6, "2");
    }
    int instances = tasks().size();
    agentB.crash();
    await("every instance healthy again, none on the lost agent")
        .atMost(TIMEOUT.multipliedBy(2))
        .ignoreExceptions()
        .until(
            () -> {
              List<JsonNode> healthy = tasks().stream().filter(ServicesIT::isHealthy).toList();
              return healthy.size() == instances
                  && healthy.stream().noneMatch(t -> t.path("slaveId").asText().equals(lostAgent));
            });
  }

  @Test
  @Order(6)
  void aDeploymentInterruptedByMasterFailoverCompletesWithoutDuplicates() {
    // Each new instance takes 8 s to start serving, so the deployment is still running when the
    // leader dies.
    Reply put = marathon.put("/v2/apps" + WEB, webApp(4, "3", 8));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    await("the deployment has launched an instance")
        .atMost(TIMEOUT)
        .until(() -> tasks().stream().anyMatch(t -> version(t).equals("3")));
    assertThat(marathon.get("/v2/deployments").json().size()).isEqualTo(1);
    Set<String> launchedBefore = new HashSet<>();
    tasks().stream().filter(t -> version(t).equals("3")).forEach(t -> launchedBefore.add(id(t)));

    first.crash();
    marathon = new MarathonHttp(second.baseUrl());
    await("the standby leads and serves /v2")
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> marathon.get("/v2/apps" + WEB).status() == 200);
    await("the deployment completes on the new leader")
        .atMost(TIMEOUT.multipliedBy(2))
        .ignoreExceptions()
        .until(
            () -> {
              List<JsonNode> all = tasks();
              return marathon.get("/v2/deployments").json().size() == 0
                  && all.size() == 4
                  && all.stream().allMatch(t -> isHealthy(t) && version(t).equals("3"));
            });
    // The instances launched before the failover were adopted, not launched again.
    Set<String> now = new HashSet<>();
    tasks().forEach(t -> now.add(id(t)));
    assertThat(now).containsAll(launchedBefore);
    JsonNode mesosTasks = marathon.get("/master/tasks").json().path("tasks");
    long active = 0;
    for (JsonNode t : mesosTasks) {
      String state = t.path("state").asText();
      if (t.path("id").asText().startsWith("it_web.")
          && (state.equals("TASK_RUNNING")
              || state.equals("TASK_STAGING")
              || state.equals("TASK_STARTING"))) {
        active++;
      }
    }
    assertThat(active).as("tasks of the app the master runs: %s", mesosTasks).isEqualTo(4);
  }

  private static List<JsonNode> awaitHealthy(int n, String version) {
    List<List<JsonNode>> last = new ArrayList<>();
    await("%d healthy instances of version %s".formatted(n, version))
        .atMost(TIMEOUT.multipliedBy(2))
        .ignoreExceptions()
        .until(
            () -> {
              List<JsonNode> all = tasks();
              last.clear();
              last.add(all);
              return all.size() == n
                  && all.stream().allMatch(t -> isHealthy(t) && version(t).equals(version));
            });
    return last.get(0);
  }

  private static List<JsonNode> tasks() {
    Reply r = marathon.get("/v2/apps" + WEB + "/tasks");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().path("tasks").forEach(out::add);
    return out;
  }

  private static boolean isHealthy(JsonNode task) {
    JsonNode results = task.path("healthCheckResults");
    return task.path("state").asText().equals("TASK_RUNNING")
        && results.size() > 0
        && results.get(0).path("alive").asBoolean(false);
  }

  private static String id(JsonNode task) {
    return task.path("id").asText();
  }

  /** The VERSION env of the definition the task was launched with, read back from the app. */
  private static String version(JsonNode task) {
    Reply def = marathon.get("/v2/apps" + WEB + "/versions/" + task.path("version").asText());
    return def.status() == 200 ? def.json().path("env").path("VERSION").asText() : "?";
  }

  private static String httpGet(JsonNode task, String path) {
    int port = task.path("ports").get(0).asInt();
    return MarathonHttp.plainGet(URI.create("http://127.0.0.1:" + port + path));
  }

  private static String agentIdOf(MezzoProcess agent) {
    for (JsonNode a : marathon.get("/master/slaves").json().path("slaves")) {
      if (a.path("pid").asText().endsWith(":" + agent.port())) {
        return a.path("id").asText();
      }
    }
    throw new AssertionError("no agent registered at port " + agent.port());
  }
}
