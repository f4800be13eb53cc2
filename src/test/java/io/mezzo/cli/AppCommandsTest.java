package io.mezzo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppCommandsTest {
  static final String APPS =
      """
      {"apps":[
        {"id":"/prod/web","cmd":"python3 -m http.server $PORT0","instances":3,"cpus":0.5,"mem":64,
         "tasksRunning":3,"tasksHealthy":2,"tasksUnhealthy":1,"tasksStaged":0,
         "healthChecks":[{"protocol":"MESOS_HTTP"}],"deployments":[]},
        {"id":"/db","container":{"type":"DOCKER","docker":{"image":"postgres:16"}},"instances":1,
         "cpus":1,"mem":512.5,"tasksRunning":0,"tasksHealthy":0,"tasksUnhealthy":0,
         "healthChecks":[],"deployments":[{"id":"d-1"}]},
        {"id":"/idle","cmd":"sleep 1000","instances":0,"cpus":0.1,"mem":32,"tasksRunning":0,
         "healthChecks":[],"deployments":[]}
      ]}""";

  static final String DEPLOYMENT =
      "{\"deploymentId\":\"5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43\",\"version\":\"2026-01-02T09:59:00Z\"}";

  StubMaster master;
  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    master = new StubMaster();
  }

  @AfterEach
  void stop() {
    master.close();
  }

  @Test
  void listShowsOneAlignedRowPerAppWithItsStatus() {
    master.on("GET /v2/apps", APPS);
    CliRun.Result r = CliRun.against(master, "app", "list");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("ID").contains("INSTANCES", "HEALTHY", "STATUS", "COMMAND");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1))
        .startsWith("/db")
        .contains("0/1", "deploying", "512.5", "image postgres:16");
    assertThat(lines.get(2)).startsWith("/idle").contains("suspended");
    assertThat(lines.get(3)).startsWith("/prod/web").contains("3/3", "2/3", "unhealthy", "0.5");
    int column = lines.get(0).indexOf("STATUS");
    assertThat(lines.get(1).substring(column)).startsWith("deploying");
    assertThat(lines.get(3).substring(column)).startsWith("unhealthy");
    assertThat(master.requests("GET /v2/apps").get(0).query()).contains("embed=apps.counts");
  }

  @Test
  void listWithJsonPrintsTheServersAnswer() throws IOException {
    master.on("GET /v2/apps", APPS);
    CliRun.Result r = CliRun.against(master, "app", "list", "--json");
    assertThat(r.code()).isZero();
    assertThat(MasterHttp.JSON.readTree(r.out())).isEqualTo(MasterHttp.JSON.readTree(APPS));
  }

  @Test
  void showPrintsTheAppAndItsTasks() {
    master.on(
        "GET /v2/apps/prod/web",
        """
        {"app":{"id":"/prod/web","cmd":"serve","instances":2,"cpus":0.5,"mem":64,"disk":0,
          "version":"2026-01-02T09:00:00Z","tasksRunning":1,"tasksStaged":1,"tasksHealthy":1,
          "tasksUnhealthy":0,"constraints":[["hostname","UNIQUE"]],
          "healthChecks":[{"protocol":"MESOS_HTTP"}],"deployments":[{"id":"d-7"}],
          "lastTaskFailure":{"taskId":"prod_web.1","state":"TASK_FAILED","host":"a1",
            "message":"Command exited with status 1"},
          "tasks":[{"id":"prod_web.2","state":"TASK_RUNNING","host":"agent-1","ports":[31001],
            "startedAt":"2026-01-02T09:55:00Z","version":"2026-01-02T09:00:00Z",
            "healthCheckResults":[{"alive":true}]}]}}""");
    CliRun.Result r = CliRun.against(master, "app", "show", "prod/web");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "/prod/web", "deploying", "1 running of 2", "hostname:UNIQUE", "MESOS_HTTP", "d-7")
        .contains("TASK_FAILED prod_web.1 on a1: Command exited with status 1")
        .containsPattern("prod_web\\.2\\s+TASK_RUNNING\\s+healthy\\s+agent-1\\s+31001\\s+5m");
  }

  @Test
  void showOfAnUnknownAppPrintsMarathonsMessageAndExitsOne() {
    master.on(
        "GET /v2/apps/nope",
        r -> StubMaster.Answer.of(404, "{\"message\":\"App '/nope' does not exist\"}"));
    CliRun.Result r = CliRun.against(master, "app", "show", "/nope");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("mezzo: App '/nope' does not exist (404)");
  }

  @Test
  void aMasterWithoutMarathonsApiIsToldApart() {
    master.on(
        "GET /v2/apps",
        r -> new StubMaster.Answer(404, "<html>Resource not found</html>", Map.of()));
    CliRun.Result r = CliRun.against(master, "app", "list");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("serves no Marathon API at /v2").doesNotContain("<html>");
  }

  @Test
  void aBadAppIdIsAUsageErrorAndSendsNothing() {
    CliRun.Result r = CliRun.against(master, "app", "show", "Web App");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("'Web App' is not an app id");
    assertThat(master.requests()).isEmpty();
  }

  @Test
  void deployPutsAnAppAsAWholeAndPrintsTheDeploymentId() throws IOException {
    master.on("PUT /v2/apps/web", r -> StubMaster.Answer.of(201, DEPLOYMENT));
    Path file =
        Files.writeString(
            dir.resolve("web.json"), "{\"id\":\"web\",\"cmd\":\"serve\",\"instances\":2}");
    CliRun.Result r = CliRun.against(master, "app", "deploy", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43");
    StubMaster.Request put = master.requests("PUT /v2/apps/web").get(0);
    assertThat(put.query()).isEqualTo("partialUpdate=false");
    assertThat(MasterHttp.JSON.readTree(put.body()).path("instances").asInt()).isEqualTo(2);
  }

  @Test
  void deployPutsAGroupToItsId() throws IOException {
    master.on("PUT /v2/groups/prod", DEPLOYMENT);
    Path file =
        Files.writeString(
            dir.resolve("prod.json"),
            "{\"id\":\"/prod\",\"apps\":[{\"id\":\"web\",\"cmd\":\"serve\"}]}");
    CliRun.Result r = CliRun.against(master, "app", "deploy", file.toString(), "--force");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("5ed4c0c5");
    assertThat(master.requests("PUT /v2/groups/prod").get(0).query()).isEqualTo("force=true");
  }

  @Test
  void deployRefusesTheRootGroupAndFilesThatAreNotApps() throws IOException {
    Path root = Files.writeString(dir.resolve("root.json"), "{\"id\":\"/\",\"apps\":[]}");
    Path noId = Files.writeString(dir.resolve("noid.json"), "{\"cmd\":\"x\"}");
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"id\":\"web\",\n\"cmd\": }");
    Path array = Files.writeString(dir.resolve("array.json"), "[{\"id\":\"web\"}]");
    assertThat(CliRun.against(master, "app", "deploy", root.toString()).err())
        .contains("refusing to deploy the root group");
    assertThat(CliRun.against(master, "app", "deploy", noId.toString()).err())
        .contains("the app needs an \"id\"");
    CliRun.Result bad = CliRun.against(master, "app", "deploy", broken.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("not valid JSON at line 2");
    assertThat(CliRun.against(master, "app", "deploy", array.toString()).err())
        .contains("expected a JSON object", "an array");
    CliRun.Result missing =
        CliRun.against(master, "app", "deploy", dir.resolve("x.json").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("x.json: no such file");
    assertThat(master.requests()).isEmpty();
  }

  @Test
  void anInvalidDefinitionPrintsEachDetailOnItsOwnLine() throws IOException {
    master.on(
        "PUT /v2/apps/web",
        r ->
            StubMaster.Answer.of(
                422,
                """
                {"message":"Object is not valid","details":[
                  {"path":"/upgradeStrategy/minimumHealthCapacity","errors":["is greater than 1"]},
                  {"path":"/cpus","errors":["must be positive","must be a number"]}]}"""));
    Path file = Files.writeString(dir.resolve("web.json"), "{\"id\":\"web\",\"cpus\":-1}");
    CliRun.Result r = CliRun.against(master, "app", "deploy", file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines())
        .containsExactly(
            "mezzo: Object is not valid (422)",
            "  /upgradeStrategy/minimumHealthCapacity: is greater than 1",
            "  /cpus: must be positive",
            "  /cpus: must be a number");
  }

  @Test
  void aLockedAppNamesTheBlockingDeployment() {
    master.on(
        "PUT /v2/apps/web",
        r ->
            StubMaster.Answer.of(
                409,
                "{\"message\":\"App is locked by one or more deployments.\",\"deployments\":[{\"id\":\"d-9\"}]}"));
    CliRun.Result r = CliRun.against(master, "app", "scale", "web", "5");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("locked", "blocked by deployment d-9", "");
  }

  @Test
  void scalePutsOnlyTheInstances() throws IOException {
    master.on("PUT /v2/apps/prod/web", DEPLOYMENT);
    CliRun.Result r = CliRun.against(master, "app", "scale", "/prod/web", "5");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("5ed4c0c5");
    StubMaster.Request put = master.requests("PUT /v2/apps/prod/web").get(0);
    assertThat(MasterHttp.JSON.readTree(put.body()).toString()).isEqualTo("{\"instances\":5}");
    assertThat(put.query()).isNull();
  }

  @Test
  void scaleRefusesANegativeCount() {
    CliRun.Result r = CliRun.against(master, "app", "scale", "web", "--", "-1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(master.requests()).isEmpty();
  }

  @Test
  void restartAndDestroyUseMarathonsCalls() {
    master.on("POST /v2/apps/web/restart", DEPLOYMENT).on("DELETE /v2/apps/web", DEPLOYMENT);
    CliRun.Result restart = CliRun.against(master, "app", "restart", "web", "--force");
    assertThat(restart.code()).as(restart.err()).isZero();
    assertThat(master.requests("POST /v2/apps/web/restart").get(0).query()).isEqualTo("force=true");
    CliRun.Result destroy = CliRun.against(master, "app", "destroy", "web", "--json");
    assertThat(destroy.code()).as(destroy.err()).isZero();
    assertThat(destroy.out()).contains("\"deploymentId\"");
    assertThat(master.requests("DELETE /v2/apps/web")).hasSize(1);
  }

  @Test
  void waitPollsUntilTheDeploymentIsGoneAndShowsItsProgress() {
    AtomicInteger polls = new AtomicInteger();
    String running =
        """
        [{"id":"5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43","currentStep":%d,"totalSteps":2,
          "currentActions":[{"action":"StartApplication","app":"/web"}]}]""";
    master
        .on("POST /v2/apps/web/restart", DEPLOYMENT)
        .on(
            "GET /v2/deployments",
            r -> {
              int n = polls.incrementAndGet();
              return StubMaster.Answer.json(
                  n == 1 ? running.formatted(1) : n < 4 ? running.formatted(2) : "[]");
            });
    CliRun.Result r = CliRun.against(master, "app", "restart", "web", "--wait");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(polls.get()).isEqualTo(4);
    assertThat(r.err())
        .contains("step 1/2: StartApplication /web", "step 2/2", "finished")
        .doesNotContainPattern("step 2/2.*\\n.*step 2/2");
    assertThat(r.pauses())
        .hasSize(3)
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Deployments.MAX_POLL));
  }

  @Test
  void waitGivesUpAfterItsTimeoutWithExitFour() {
    master
        .on("DELETE /v2/apps/web", DEPLOYMENT)
        .on(
            "GET /v2/deployments",
            "[{\"id\":\"5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43\",\"currentStep\":1,\"totalSteps\":1}]");
    CliRun.Result r =
        CliRun.againstWithMovingClock(
            master, "app", "destroy", "web", "--wait", "--wait-timeout", "10s");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains("still running after 10s", "it goes on");
    assertThat(r.out()).contains("5ed4c0c5"); // the id was printed before waiting
  }

  @Test
  void anUnchangedDeploySaysSoAndSucceeds() throws IOException {
    master.on("PUT /v2/apps/web", r -> StubMaster.Answer.of(200, "{}"));
    Path file = Files.writeString(dir.resolve("web.json"), "{\"id\":\"web\"}");
    CliRun.Result r = CliRun.against(master, "app", "deploy", file.toString(), "--wait");
    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("nothing to deploy");
    assertThat(master.requests("GET /v2/deployments")).isEmpty();
  }

  @Test
  void marathonPostAnswersAreUnderstoodToo() {
    MasterHttp.Reply header =
        new MasterHttp.Reply(201, java.util.Optional.of("d-h"), MasterHttp.JSON.createObjectNode());
    assertThat(Deployments.idOf(header)).contains("d-h");
    MasterHttp.Reply created =
        new MasterHttp.Reply(
            201,
            java.util.Optional.empty(),
            MasterHttp.JSON
                .createObjectNode()
                .set(
                    "deployments",
                    MasterHttp.JSON
                        .createArrayNode()
                        .add(MasterHttp.JSON.createObjectNode().put("id", "d-b"))));
    assertThat(Deployments.idOf(created)).contains("d-b");
    assertThat(Map.of()).isEmpty();
  }
}
