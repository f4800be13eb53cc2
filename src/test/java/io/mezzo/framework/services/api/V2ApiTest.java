package io.mezzo.framework.services.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.framework.services.QueueEntry;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.instance.Instance;
import io.mezzo.framework.services.placement.MatchReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every /v2 endpoint over a fake framework: statuses, headers, bodies and error shapes. */
class V2ApiTest {
  private final FakeServicesApi fake = new FakeServicesApi();
  private final LocalEvents events = new LocalEvents();
  private final V2Api api =
      new V2Api(
          fake,
          Clock.fixed(FakeServicesApi.NOW, ZoneOffset.UTC),
          events,
          () ->
              new ServerInfo(
                  "m1:5050",
                  "m1",
                  5050,
                  null,
                  new io.mezzo.framework.services.ServicesConfig(
                      "web-team",
                      "svc",
                      java.time.Duration.ofHours(2),
                      5,
                      50,
                      java.time.Duration.ofSeconds(1))));

  record Answer(ApiReply reply, JsonNode json) {
    int status() {
      return reply.status();
    }

    String message() {
      return json.path("message").asText();
    }
  }

  private Answer call(String method, String path, String body, String... query) {
    return callAccepting(null, method, path, body, query);
  }

  private Answer callAccepting(
      String accept, String method, String path, String body, String... query) {
    ApiRequest r =
        new ApiRequest(
            method,
            path,
            Query.of(query),
            body == null ? null : body.replace('\'', '"').getBytes(StandardCharsets.UTF_8),
            "10.0.0.9",
            accept);
    try {
      ApiReply reply = api.handle(r).toCompletableFuture().get(10, TimeUnit.SECONDS);
      JsonNode json =
          reply.body() != null && ApiReply.JSON.equals(reply.contentType())
              ? MarathonJson.MAPPER.readTree(reply.body())
              : MarathonJson.object();
      return new Answer(reply, json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void createAnswers201WithLocationDeploymentHeaderAndTheAppWithItsDeployment() {
    List<JsonNode> posted = new ArrayList<>();
    events.subscribe(posted::add);
    Answer a = call("POST", "/apps", "{'id':'web','cmd':'sleep 100','instances':2}");
    assertThat(a.status()).isEqualTo(201);
    assertThat(a.reply().headers())
        .containsEntry("Location", "/v2/apps/web")
        .containsEntry(ApiReply.DEPLOYMENT_HEADER, "d1");
    assertThat(a.json().path("id").asText()).isEqualTo("/web");
    assertThat(a.json().path("instances").asInt()).isEqualTo(2);
    assertThat(a.json().path("deployments").get(0).path("id").asText()).isEqualTo("d1");
    assertThat(a.json().path("tasksRunning").asInt()).isZero();
    assertThat(posted).hasSize(1);
    assertThat(posted.get(0).path("eventType").asText()).isEqualTo("api_post_event");
    assertThat(posted.get(0).path("clientIp").asText()).isEqualTo("10.0.0.9");
    assertThat(posted.get(0).path("appDefinition").path("id").asText()).isEqualTo("/web");
  }

  @Test
  void creatingAnAppThatExistsIs409() {
    fake.add("{'id':'/web','cmd':'x'}");
    Answer a = call("POST", "/apps", "{'id':'/web','cmd':'x'}");
    assertThat(a.status()).isEqualTo(409);
    assertThat(a.message()).isEqualTo("An app with id [/web] already exists.");
  }

  @Test
  void anInvalidAppIs422WithTheJsonPathAndMalformedJsonIs400() {
    Answer a = call("POST", "/apps", "{'id':'/Web!','cmd':'x'}");
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.message()).isEqualTo("Object is not valid");
    assertThat(a.json().path("details").get(0).path("path").asText()).isEqualTo("/id");
    assertThat(a.json().path("details").get(0).path("errors").get(0).asText()).contains("Web!");

    Answer b = call("POST", "/apps", "{'id': ");
    assertThat(b.status()).isEqualTo(400);
    assertThat(b.message()).isEqualTo("Invalid JSON");
    assertThat(b.json().path("details").get(0).path("errors").get(0).asText()).isNotBlank();

    assertThat(call("POST", "/apps", null).status()).isEqualTo(400);
  }

  @Test
  void aLockedAppIs409NamingTheDeploymentUnlessForced() {
    fake.add("{'id':'/web','cmd':'x'}");
    fake.locked.put(PathId.parse("/web"), "dep-7");
    Answer a = call("PUT", "/apps/web", "{'instances':3}");
    assertThat(a.status()).isEqualTo(409);
    assertThat(a.message()).startsWith("App is locked by one or more deployments.");
    assertThat(a.json().path("deployments").get(0).path("id").asText()).isEqualTo("dep-7");

    Answer forced = call("PUT", "/apps/web", "{'instances':3}", "force", "true");
    assertThat(forced.status()).isEqualTo(200);
    assertThat(fake.calls).contains("deploy force=true");
  }

  @Test
  void putUpdatesPartiallyBy200AndCreatesBy201() {
    fake.add("{'id':'/web','cmd':'sleep 1','mem':64}");
    Answer a = call("PUT", "/apps/web", "{'instances':4}");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().path("deploymentId").asText()).isEqualTo("d1");
    assertThat(a.json().path("version").asText()).isEqualTo("2026-12-02T05:00:00.123Z");
    assertThat(a.reply().headers()).containsEntry(ApiReply.DEPLOYMENT_HEADER, "d1");
    AppDefinition web = fake.root.app(PathId.parse("/web")).orElseThrow();
    assertThat(web.instances()).isEqualTo(4);
    assertThat(web.mem()).isEqualTo(64); // partialUpdate (the default) keeps the other fields

    Answer full = call("PUT", "/apps/web", "{'cmd':'sleep 2'}", "partialUpdate", "false");
    assertThat(full.status()).isEqualTo(200);
    assertThat(fake.root.app(PathId.parse("/web")).orElseThrow().mem()).isEqualTo(128);

    Answer created = call("PUT", "/apps/new", "{'cmd':'x'}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.reply().headers()).containsEntry("Location", "/v2/apps/new");
  }

  @Test
  void aBodyNamingAnotherAppThanTheUrlIs422() {
    Answer a = call("PUT", "/apps/web", "{'id':'/other','cmd':'x'}");
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.json().path("details").get(0).path("path").asText()).isEqualTo("/id");
  }

  @Test
  void patchOfAnUnknownAppIs404AndAnUnchangedPutStartsNoDeployment() {
    Answer a = call("PATCH", "/apps/nope", "{'instances':1}");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.message()).isEqualTo("App '/nope' does not exist");

    fake.add("{'id':'/web','cmd':'x'}");
    Answer same = call("PUT", "/apps/web", "{'cmd':'x'}");
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.json().path("deploymentId").isNull()).isTrue();
    assertThat(same.reply().headers()).doesNotContainKey(ApiReply.DEPLOYMENT_HEADER);
  }

  @Test
  void bulkPutCreatesAndUpdatesInOneDeployment() {
    fake.add("{'id':'/a','cmd':'x'}");
    Answer a = call("PUT", "/apps", "[{'id':'/a','instances':2},{'id':'/b','cmd':'y'}]");
    assertThat(a.status()).isEqualTo(200);
    assertThat(fake.root.allApps()).hasSize(2);
    assertThat(fake.deployments).hasSize(1);
    Answer noId = call("PUT", "/apps", "[{'cmd':'y'}]");
    assertThat(noId.status()).isEqualTo(422);
    assertThat(noId.json().path("details").get(0).path("path").asText()).isEqualTo("(0)/id");
    assertThat(call("PATCH", "/apps", "[{'id':'/zzz','instances':2}]").status()).isEqualTo(404);
  }

  @Test
  void listFiltersByCmdIdAndLabelAndAlwaysEmbedsCountsAndDeployments() {
    AppDefinition web = fake.add("{'id':'/prod/web','cmd':'java -jar web','labels':{'tier':'fe'}}");
    fake.add("{'id':'/prod/db','cmd':'postgres','labels':{'tier':'db'}}");
    fake.run(web, "prod_web.1", "h1", true);
    Answer all = call("GET", "/apps", null);
    assertThat(all.json().path("apps")).hasSize(2);
    JsonNode first = all.json().path("apps").get(1);
    assertThat(first.path("id").asText()).isEqualTo("/prod/web");
    assertThat(first.path("tasksRunning").asInt()).isEqualTo(1);
    assertThat(first.path("tasksHealthy").asInt()).isEqualTo(1);
    assertThat(first.has("deployments")).isTrue();
    assertThat(first.has("tasks")).isFalse();

    assertThat(call("GET", "/apps", null, "cmd", "JAVA").json().path("apps")).hasSize(1);
    assertThat(call("GET", "/apps", null, "id", "db").json().path("apps")).hasSize(1);
    assertThat(
            call("GET", "/apps", null, "label", "tier==db")
                .json()
                .path("apps")
                .get(0)
                .path("id")
                .asText())
        .isEqualTo("/prod/db");
    assertThat(call("GET", "/apps", null, "label", "tier in (fe, db)").json().path("apps"))
        .hasSize(2);
    assertThat(call("GET", "/apps", null, "label", "tier!=fe,tier").json().path("apps")).hasSize(1);
    assertThat(call("GET", "/apps", null, "label", "a=b=c").status()).isEqualTo(400);
  }

  @Test
  void aTasksHealthCheckResultsCarryItsHistory() {
    AppDefinition web = fake.add("{'id':'/web','cmd':'x'}");
    Instance plain = fake.run(web, "web.1", "h1", false);
    java.time.Instant t = FakeServicesApi.NOW;
    fake.instances.put(
        web.id(),
        new java.util.ArrayList<>(
            java.util.List.of(
                new Instance(
                    plain.taskId(),
                    plain.appId(),
                    plain.appVersion(),
                    plain.agentId(),
                    plain.host(),
                    plain.ports(),
                    plain.stagedAt(),
                    plain.startedAt(),
                    plain.state(),
                    false,
                    null,
                    null,
                    Instance.Goal.RUNNING,
                    null,
                    new io.mezzo.framework.services.instance.HealthRecord(
                        3, t, t.plusSeconds(1), t.plusSeconds(4), "connection refused")))));
    JsonNode h =
        call("GET", "/apps/web/tasks", null).json().path("tasks").get(0).path("healthCheckResults");
    assertThat(h).hasSize(1);
    assertThat(h.get(0).path("alive").asBoolean()).isFalse();
    assertThat(h.get(0).path("consecutiveFailures").asInt()).isEqualTo(3);
    assertThat(h.get(0).path("firstSuccess").asText()).isEqualTo(MarathonJson.time(t));
    assertThat(h.get(0).path("lastSuccess").asText())
        .isEqualTo(MarathonJson.time(t.plusSeconds(1)));
    assertThat(h.get(0).path("lastFailure").asText())
        .isEqualTo(MarathonJson.time(t.plusSeconds(4)));
    assertThat(h.get(0).path("lastFailureCause").asText()).isEqualTo("connection refused");
    assertThat(h.get(0).path("instanceId").asText()).isEqualTo("web.1");
  }

  @Test
  void embedsAddTasksLastFailureAndStatsAndUnknownOnesAre400() {
    AppDefinition web = fake.add("{'id':'/web','cmd':'x'}");
    fake.run(web, "web.1", "h1", false);
    fake.failures.put(
        web.id(),
        new io.mezzo.framework.services.ServicesSnapshot.TaskFailure(
            "web.0", "TASK_FAILED", "exit 1", "h2", FakeServicesApi.NOW, FakeServicesApi.NOW));
    JsonNode app =
        call(
                "GET",
                "/apps",
                null,
                "embed",
                "apps.tasks",
                "embed",
                "apps.lastTaskFailure",
                "embed",
                "apps.taskStats")
            .json()
            .path("apps")
            .get(0);
    JsonNode task = app.path("tasks").get(0);
    assertThat(task.path("id").asText()).isEqualTo("web.1");
    assertThat(task.path("slaveId").asText()).isEqualTo("agent-1");
    assertThat(task.path("state").asText()).isEqualTo("TASK_RUNNING");
    assertThat(task.path("healthCheckResults").get(0).path("alive").asBoolean()).isFalse();
    assertThat(app.path("lastTaskFailure").path("taskId").asText()).isEqualTo("web.0");
    assertThat(
            app.path("tasksStats")
                .path("totalSummary")
                .path("stats")
                .path("counts")
                .path("running")
                .asInt())
        .isEqualTo(1);
    assertThat(app.path("tasksUnhealthy").asInt()).isEqualTo(1);

    Answer bad = call("GET", "/apps", null, "embed", "apps.taks");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).contains("apps.taks");
  }

  @Test
  void unknownQueryParametersAreRefusedNamingThem() {
    Answer a = call("DELETE", "/apps/web", null, "forse", "true");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.message()).contains("'forse'").contains("force");
    assertThat(call("GET", "/apps", null, "_", "12345").status()).isEqualTo(200);
    assertThat(call("DELETE", "/apps/web", null, "force", "maybe").status()).isEqualTo(400);
  }

  @Test
  void showEmbedsTasksAndListsAGroupsAppsWithStar() {
    AppDefinition web = fake.add("{'id':'/prod/web','cmd':'x'}");
    fake.run(web, "prod_web.1", "h1", null);
    Answer a = call("GET", "/apps/prod/web", null);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().path("app").path("tasks")).hasSize(1);
    assertThat(a.json().path("app").path("tasks").get(0).has("healthCheckResults")).isFalse();
    assertThat(call("GET", "/apps/prod/*", null).json().path("*")).hasSize(1);
    assertThat(call("GET", "/apps/prod/nope", null).message())
        .isEqualTo("App '/prod/nope' does not exist");
  }

  @Test
  void deleteRestartAndVersions() {
    AppDefinition web = fake.add("{'id':'/web','cmd':'x'}");
    fake.history.put(
        web.id(),
        new java.util.TreeMap<>(
            Map.of(FakeServicesApi.NOW.minusSeconds(60), web, web.version(), web)));
    Answer versions = call("GET", "/apps/web/versions", null);
    assertThat(versions.json().path("versions").get(0).asText())
        .isEqualTo("2026-12-02T05:00:00.123Z");
    assertThat(versions.json().path("versions")).hasSize(2);
    assertThat(
            call("GET", "/apps/web/versions/2026-12-02T05:00:00.123Z", null)
                .json()
                .path("id")
                .asText())
        .isEqualTo("/web");
    assertThat(call("GET", "/apps/web/versions/2020-01-01T00:00:00.000Z", null).status())
        .isEqualTo(404);
    assertThat(call("GET", "/apps/web/versions/yesterday", null).status()).isEqualTo(400);

    Answer restart = call("POST", "/apps/web/restart", null);
    assertThat(restart.status()).isEqualTo(200);
    assertThat(restart.reply().headers()).containsKey(ApiReply.DEPLOYMENT_HEADER);
    assertThat(call("POST", "/apps/nope/restart", null).status()).isEqualTo(404);

    Answer delete = call("DELETE", "/apps/web", null);
    assertThat(delete.status()).isEqualTo(200);
    assertThat(fake.calls).contains("deploy force=true"); // Marathon's default for a destroy
    assertThat(fake.root.allApps()).isEmpty();
    assertThat(call("DELETE", "/apps/web", null).status()).isEqualTo(404);
  }

  @Test
  void appTasksListKillAndKillOne() {
    AppDefinition web = fake.add("{'id':'/web','cmd':'x'}");
    fake.run(web, "web.1", "h1", null);
    fake.run(web, "web.2", "h2", null);
    assertThat(call("GET", "/apps/web/tasks", null).json().path("tasks")).hasSize(2);
    Answer text = callAccepting("text/plain", "GET", "/apps/web/tasks", null);
    assertThat(text.reply().contentType()).startsWith("text/plain");

    Answer kill = call("DELETE", "/apps/web/tasks", null, "host", "h2");
    assertThat(kill.status()).isEqualTo(200);
    assertThat(kill.json().path("tasks")).hasSize(1);
    assertThat(fake.killed).containsExactly("web.2");

    Answer scaled = call("DELETE", "/apps/web/tasks/web.1", null, "scale", "true");
    assertThat(scaled.json().has("deploymentId")).isTrue();
    assertThat(call("DELETE", "/apps/web/tasks/web.9", null).message())
        .isEqualTo("Task 'web.9' does not exist");
    assertThat(call("DELETE", "/apps/web/tasks", null, "scale", "true", "wipe", "true").message())
        .isEqualTo("You cannot use scale and wipe at the same time.");
    assertThat(
            call("DELETE", "/apps/web/tasks/web.1", null).json().path("task").path("id").asText())
        .isEqualTo("web.1");
  }

  @Test
  void allTasksWithStatusFilterTextFormAndDelete() {
    AppDefinition web = fake.add("{'id':'/web','cmd':'x'}");
    fake.run(web, "web.1", "h1", null);
    assertThat(call("GET", "/tasks", null, "status", "running").json().path("tasks")).hasSize(1);
    assertThat(call("GET", "/tasks", null, "status", "staging").json().path("tasks")).isEmpty();
    assertThat(call("GET", "/tasks", null, "status", "bogus").status()).isEqualTo(400);
    Answer text = callAccepting("text/plain", "GET", "/tasks", null);
    assertThat(text.reply().body()).isEqualTo("web\t0\th1:31000\n");

    assertThat(call("POST", "/tasks/delete", "{'ids':['web.1']}").json().path("tasks")).hasSize(1);
    Answer unknown = call("POST", "/tasks/delete", "{'ids':['nope.1']}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).contains("nope.1");
    assertThat(call("POST", "/tasks/delete", "{'idz':[]}").status()).isEqualTo(400);
  }

  @Test
  void deploymentsListShowAndCancel() {
    call("POST", "/apps", "{'id':'web','cmd':'x'}");
    JsonNode list = call("GET", "/deployments", null).json();
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("id").asText()).isEqualTo("d1");
    assertThat(list.get(0).path("affectedApps").get(0).asText()).isEqualTo("/web");
    assertThat(list.get(0).path("steps").get(0).path("actions").get(0).path("action").asText())
        .isEqualTo("StartApplication");
    assertThat(list.get(0).path("currentActions")).hasSize(1);
    assertThat(list.get(0).path("totalSteps").asInt()).isEqualTo(1);
    assertThat(call("GET", "/deployments/d1", null).status()).isEqualTo(200);

    Answer rollback = call("DELETE", "/deployments/d1", null);
    assertThat(rollback.status()).isEqualTo(200);
    assertThat(rollback.json().path("deploymentId").asText()).isEqualTo("d2");
    Answer forced = call("DELETE", "/deployments/d1", null, "force", "true");
    assertThat(forced.status()).isEqualTo(202);
    assertThat(forced.reply().body()).isNull();
    Answer unknown = call("DELETE", "/deployments/zz", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.message()).isEqualTo("DeploymentPlan zz does not exist");
  }

  @Test
  void groupsShowCreateScaleAndDelete() {
    assertThat(call("GET", "/groups", null).json().path("id").asText()).isEqualTo("/");
    Answer created =
        call(
            "POST",
            "/groups",
            "{'id':'/prod','apps':[{'id':'web','cmd':'x','instances':2}],"
                + "'groups':[{'id':'back','apps':[{'id':'db','cmd':'y'}]}]}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.reply().headers()).containsEntry("Location", "/v2/groups/prod");
    assertThat(fake.root.app(PathId.parse("/prod/back/db"))).isPresent();
    assertThat(call("POST", "/groups/prod", "{}").status()).isEqualTo(409);

    JsonNode g = call("GET", "/groups/prod", null).json();
    assertThat(g.path("apps").get(0).path("id").asText()).isEqualTo("/prod/web");
    assertThat(g.path("groups").get(0).path("id").asText()).isEqualTo("/prod/back");
    assertThat(g.path("pods")).isEmpty();
    JsonNode onlyGroups = call("GET", "/groups/prod", null, "embed", "group.groups").json();
    assertThat(onlyGroups.has("apps")).isFalse();
    assertThat(call("GET", "/groups/prod", null, "embed", "group.bogus").status()).isEqualTo(400);
    assertThat(call("GET", "/groups/nope", null).message())
        .isEqualTo("Group '/nope' does not exist");
    assertThat(call("GET", "/groups/prod/versions", null).json()).isNotEmpty();

    Answer dry = call("PUT", "/groups/prod", "{'scaleBy':1.5}", "dryRun", "true");
    assertThat(dry.json().path("steps").get(0).path("actions").get(0).path("action").asText())
        .isEqualTo("ScaleApplication");
    assertThat(fake.root.app(PathId.parse("/prod/web")).orElseThrow().instances()).isEqualTo(2);
    Answer scaled = call("PUT", "/groups/prod", "{'scaleBy':1.5}");
    assertThat(scaled.status()).isEqualTo(200);
    assertThat(fake.root.app(PathId.parse("/prod/web")).orElseThrow().instances()).isEqualTo(3);
    assertThat(fake.root.app(PathId.parse("/prod/back/db")).orElseThrow().instances()).isEqualTo(2);
    assertThat(call("PUT", "/groups/prod", "{'version':'2020-01-01T00:00:00Z'}").status())
        .isEqualTo(422);

    Answer put = call("PUT", "/groups/prod", "{'apps':[{'id':'api','cmd':'z'}]}");
    assertThat(put.status()).isEqualTo(200);
    assertThat(fake.root.app(PathId.parse("/prod/web"))).isEmpty();
    assertThat(fake.root.app(PathId.parse("/prod/back/db"))).isPresent(); // groups not given: kept

    assertThat(call("DELETE", "/groups/prod", null).status()).isEqualTo(200);
    assertThat(fake.root.allApps()).isEmpty();
    assertThat(call("DELETE", "/groups/prod", null).status()).isEqualTo(404);
  }

  @Test
  void queueShowsMarathonsSummaryAndMezzosReasonsAndDelayResets() {
    AppDefinition web = fake.add("{'id':'/web','cmd':'x','instances':3}");
    fake.queue.add(
        new QueueEntry(
            web,
            2,
            FakeServicesApi.NOW,
            FakeServicesApi.NOW.plusSeconds(30),
            new MatchReport(
                4,
                Map.of("InsufficientMemory", 3, "UnfulfilledConstraint", 1),
                List.of(
                    "needs 128 MB mem, best offer has 64",
                    "constraint hostname:UNIQUE unmet on 1 agent")),
            10,
            4,
            FakeServicesApi.NOW,
            null));
    JsonNode q = call("GET", "/queue", null).json().path("queue").get(0);
    assertThat(q.path("count").asInt()).isEqualTo(2);
    assertThat(q.path("app").path("id").asText()).isEqualTo("/web");
    assertThat(q.path("delay").path("timeLeftSeconds").asInt()).isEqualTo(30);
    assertThat(q.path("delay").path("overdue").asBoolean()).isFalse();
    JsonNode summary = q.path("processedOffersSummary");
    assertThat(summary.path("processedOffersCount").asInt()).isEqualTo(10);
    assertThat(summary.path("unusedOffersCount").asInt()).isEqualTo(4);
    assertThat(summary.path("reasons").get(0).asText()).contains("128 MB");
    boolean found = false;
    for (JsonNode r : summary.path("rejectSummaryLastOffers")) {
      if (r.path("reason").asText().equals("InsufficientMemory")) {
        assertThat(r.path("declined").asInt()).isEqualTo(3);
        assertThat(r.path("processed").asInt()).isEqualTo(4);
        found = true;
      }
    }
    assertThat(found).isTrue();
    assertThat(call("GET", "/queue", null, "embed", "lastUnusedOffers").status()).isEqualTo(400);

    assertThat(call("DELETE", "/queue/web/delay", null).status()).isEqualTo(204);
    fake.delayed = false;
    assertThat(call("DELETE", "/queue/web/delay", null).status()).isEqualTo(404);
  }

  @Test
  void infoLinksSayHttpsWhenServedOverTls() throws Exception {
    ServerInfo plain = new ServerInfo("m1:5050", "m1", 5050, null);
    V2Api overTls =
        new V2Api(
            fake,
            Clock.fixed(FakeServicesApi.NOW, ZoneOffset.UTC),
            events,
            () -> plain.overTls(5443));
    ApiReply reply =
        overTls
            .handle(new ApiRequest("GET", "/info", Query.of(), null, "10.0.0.9", null))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    JsonNode info = MarathonJson.MAPPER.readTree(reply.body());
    assertThat(info.at("/marathon_config/webui_url").asText()).isEqualTo("https://m1:5443/#/apps");
    assertThat(info.at("/marathon_config/mesos_leader_ui_url").asText())
        .isEqualTo("https://m1:5443/");
    assertThat(info.at("/marathon_config/master").asText()).isEqualTo("https://m1:5443");
    assertThat(info.at("/http_config/https_port").asInt()).isEqualTo(5443);
    assertThat(info.at("/http_config/http_port").asInt())
        .as("plain HTTP still advertised")
        .isEqualTo(5050);

    // Over plain HTTP: http links and no https port.
    JsonNode plainInfo = call("GET", "/info", null).json();
    assertThat(plainInfo.at("/marathon_config/webui_url").asText())
        .isEqualTo("http://m1:5050/#/apps");
    assertThat(plainInfo.at("/http_config/https_port").isNull()).isTrue();

    // TLS only: the advertised port is the TLS one, so there is no plain port to name.
    JsonNode tlsOnly =
        MarathonJson.MAPPER.readTree(
            new V2Api(
                    fake,
                    Clock.fixed(FakeServicesApi.NOW, ZoneOffset.UTC),
                    events,
                    () -> new ServerInfo("m1:5443", "m1", 5443, null).overTls(5443))
                .handle(new ApiRequest("GET", "/info", Query.of(), null, "10.0.0.9", null))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS)
                .body());
    assertThat(tlsOnly.at("/http_config/http_port").isNull()).isTrue();
  }

  @Test
  void infoLeaderAndRefusedAbdication() {
    JsonNode info = call("GET", "/info", null).json();
    assertThat(info.path("name").asText()).isEqualTo("marathon");
    assertThat(info.path("frameworkId").asText()).isEqualTo("fw-1");
    assertThat(info.path("leader").asText()).isEqualTo("m1:5050");
    assertThat(info.path("http_config").path("http_port").asInt()).isEqualTo(5050);
    assertThat(info.path("marathon_config").path("framework_name").asText()).isEqualTo("marathon");
    assertThat(info.path("marathon_config").path("mesos_role").asText()).isEqualTo("web-team");
    assertThat(info.path("marathon_config").path("mesos_user").asText()).isEqualTo("svc");
    assertThat(info.path("marathon_config").path("failover_timeout").asLong()).isEqualTo(7200);
    assertThat(call("GET", "/leader", null).json().path("leader").asText()).isEqualTo("m1:5050");
    Answer abdicate = call("DELETE", "/leader", null);
    assertThat(abdicate.status()).isEqualTo(405);
    assertThat(abdicate.message()).contains("leading master");
  }

  @Test
  void unknownPathsAre404AndWrongMethods405WithAllow() {
    assertThat(call("GET", "/pods", null).status()).isEqualTo(404);
    Answer a = call("POST", "/deployments", null);
    assertThat(a.status()).isEqualTo(405);
    assertThat(a.reply().headers()).containsEntry("Allow", "GET");
    assertThat(call("GET", "/apps/web/restart", null).reply().headers())
        .containsEntry("Allow", "POST");
  }
}
