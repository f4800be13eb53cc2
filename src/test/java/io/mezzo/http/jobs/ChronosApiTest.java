package io.mezzo.http.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mezzo.framework.jobs.JobsApi;
import io.mezzo.framework.jobs.JobsSnapshot;
import io.mezzo.framework.jobs.job.JobDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every Chronos endpoint over an in-memory framework, without HTTP. */
class ChronosApiTest {
  private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String SCHEDULE = "R/2026-12-02T07:00:00.000Z/PT1H";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InMemoryJobs jobs = new InMemoryJobs();

  private ChronosReply call(String method, String path, String body, String... query) {
    return call(Optional.of(jobs), method, path, body, query);
  }

  private static ChronosReply call(
      Optional<JobsApi> api, String method, String path, String body, String... query) {
    Map<String, List<String>> q = new TreeMap<>();
    for (int i = 0; i + 1 < query.length; i += 2) {
      q.computeIfAbsent(query[i], k -> new ArrayList<>()).add(query[i + 1]);
    }
    ChronosRequest r =
        new ChronosRequest(
            method,
            "/v1/scheduler",
            path,
            q,
            body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    return new ChronosApi(api, CLOCK, () -> Optional.of("m1:5050"))
        .handle(r)
        .toCompletableFuture()
        .join();
  }

  private static JsonNode json(ChronosReply reply) {
    try {
      return JSON.readTree(reply.body());
    } catch (Exception e) {
      throw new AssertionError(reply.body(), e);
    }
  }

  private static String message(ChronosReply reply) {
    return json(reply).get("message").asText();
  }

  private InMemoryJobs withEtlAndChild() {
    jobs.with(InMemoryJobs.job(JobDefinition.scheduled("etl", "run.sh", SCHEDULE)));
    jobs.with(InMemoryJobs.job(JobDefinition.dependent("report", "report.sh", List.of("etl"))));
    return jobs;
  }

  @ParameterizedTest
  @CsvSource({"POST", "PUT"})
  void aScheduledJobIsCreatedThroughIso8601With204(String method) {
    ChronosReply r =
        call(
            method,
            "/iso8601",
            "{\"name\":\"etl\",\"command\":\"run.sh\",\"schedule\":\"" + SCHEDULE + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(204);
    assertThat(r.body()).isNull();
    assertThat(jobs.calls).containsExactly("put etl");
    assertThat(jobs.get("etl").orElseThrow().definition().schedule()).contains(SCHEDULE);
  }

  @ParameterizedTest
  @CsvSource({"POST", "PUT"})
  void aDependentJobIsCreatedThroughDependencyWith204(String method) {
    jobs.with(InMemoryJobs.job(JobDefinition.scheduled("etl", "run.sh", SCHEDULE)));
    ChronosReply r =
        call(
            method,
            "/dependency",
            "{\"name\":\"report\",\"command\":\"r.sh\",\"parents\":[\"etl\"]}");
    assertThat(r.status()).as(r.body()).isEqualTo(204);
    assertThat(jobs.get("report").orElseThrow().definition().parents()).containsExactly("etl");
  }

  @Test
  void anExportedJobPostedBackKeepsItsCounters() {
    ChronosReply r =
        call(
            "POST",
            "/iso8601",
            "{\"name\":\"etl\",\"command\":\"run.sh\",\"schedule\":\""
                + SCHEDULE
                + "\",\"successCount\":190,\"errorCount\":3,\"lastSuccess\":\"2026-11-08T16:57:17.507Z\","
                + "\"lastError\":\"\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(204);
    assertThat(jobs.calls).containsExactly("put etl counters=190");
  }

  @Test
  void theWrongKindOfJobForTheEndpointIsRefusedNamingTheField() {
    jobs.with(InMemoryJobs.job(JobDefinition.scheduled("etl", "run.sh", SCHEDULE)));
    ChronosReply dependentAsScheduled =
        call("POST", "/iso8601", "{\"name\":\"x\",\"command\":\"a\",\"parents\":[\"etl\"]}");
    assertThat(dependentAsScheduled.status()).isEqualTo(400);
    assertThat(message(dependentAsScheduled)).startsWith("parents: ").contains("/dependency");
    ChronosReply scheduledAsDependent =
        call(
            "POST",
            "/dependency",
            "{\"name\":\"x\",\"command\":\"a\",\"schedule\":\"" + SCHEDULE + "\"}");
    assertThat(scheduledAsDependent.status()).isEqualTo(400);
    assertThat(message(scheduledAsDependent)).startsWith("schedule: ").contains("/iso8601");
    assertThat(jobs.calls).isEmpty();
  }

  @Test
  void aScheduleThatDoesNotParseIsRefusedWithTheParsersReason() {
    ChronosReply r =
        call(
            "POST",
            "/iso8601",
            "{\"name\":\"x\",\"command\":\"a\",\"schedule\":\"R/2026-12-02T07:00:00Z/P\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).get("status").asText()).isEqualTo("Bad Request");
    assertThat(message(r)).isEqualTo("schedule: period 'P' has no length");
    assertThat(jobs.calls).isEmpty();
  }

  @Test
  void anUnknownFieldIsRefusedNamingIt() {
    ChronosReply r =
        call(
            "POST",
            "/iso8601",
            "{\"name\":\"x\",\"command\":\"a\",\"schedule\":\""
                + SCHEDULE
                + "\",\"colour\":\"red\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(message(r)).isEqualTo("unknown field 'colour'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"name\":\"x y\",\"command\":\"a\" | name: ",
        "\"name\":\"x\",\"command\":\"a\",\"async\":true | async: ",
        "\"name\":\"x\",\"command\":\"a\",\"dataJob\":true | dataJob: ",
        "\"name\":\"x\",\"command\":\"a\",\"executor\":\"/bin/x\" | executor: ",
        "\"name\":\"x\",\"command\":\"a\",\"cpus\":\"lots\" | cpus: ",
      })
  void anInvalidOrUnhonouredFieldIsRefusedNamingIt(String fields, String prefix) {
    ChronosReply r = call("POST", "/iso8601", "{" + fields + ",\"schedule\":\"" + SCHEDULE + "\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(message(r)).startsWith(prefix.strip() + " ");
    assertThat(jobs.calls).isEmpty();
  }

  @Test
  void aBodyThatIsNotAJobIsRefusedBeforeTheFrameworkHearsOfIt() {
    assertThat(message(call("POST", "/iso8601", "{\"name\":}")))
        .startsWith("Request body is not valid JSON: ")
        .contains("line 1, column");
    assertThat(message(call("POST", "/iso8601", "{\"a\":1,\"a\":2}")))
        .contains("Duplicate field 'a'");
    assertThat(message(call("POST", "/iso8601", "{} {}"))).contains("not valid JSON");
    assertThat(message(call("POST", "/dependency", "\"job\""))).endsWith("not string");
    assertThat(message(call("POST", "/dependency", " "))).startsWith("Request body is empty");
    assertThat(message(call("POST", "/iso8601", "{}", "force", "1")))
        .isEqualTo(
            "Unknown query parameter 'force' on POST /v1/scheduler/iso8601; this endpoint takes"
                + " none");
    assertThat(jobs.calls).isEmpty();
  }

  @Test
  void anUnknownParentIsTheFrameworksRefusal() {
    ChronosReply r =
        call("POST", "/dependency", "{\"name\":\"x\",\"command\":\"a\",\"parents\":[\"ghost\"]}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(message(r)).isEqualTo("parents: job 'ghost' does not exist");
  }

  @Test
  void jobsListsEveryJobAsChronosJson() {
    withEtlAndChild();
    ChronosReply r = call("GET", "/jobs", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode list = json(r);
    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("name").asText()).isEqualTo("etl");
    assertThat(list.get(0).has("schedule")).isTrue();
    assertThat(list.get(1).get("parents").get(0).asText()).isEqualTo("etl");
    assertThat(list.get(1).has("schedule")).isFalse();
  }

  @Test
  void searchFiltersAndPagesTheJobs() {
    withEtlAndChild();
    JsonNode found = json(call("GET", "/jobs/search", null, "command", "REPORT"));
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("name").asText()).isEqualTo("report");
    assertThat(json(call("GET", "/jobs/search", null, "any", "sh", "offset", "1"))).hasSize(1);
    ChronosReply bad = call("GET", "/jobs/search", null, "limit", "many");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(message(bad)).contains("'limit' must be a whole number");
  }

  @Test
  void summaryGivesChronosSixFieldsPerJob() {
    withEtlAndChild();
    jobs.with(
        new JobsSnapshot.Job(
            JobDefinition.scheduled("etl", "run.sh", SCHEDULE),
            new JobsSnapshot.Counters(
                3, 1, 0, Optional.of(NOW.minusSeconds(60)), Optional.of(NOW.minusSeconds(600))),
            Optional.of(NOW.plusSeconds(3600)),
            "running",
            0,
            List.of()));
    JsonNode summary = json(call("GET", "/jobs/summary", null)).get("jobs");
    assertThat(summary).hasSize(2);
    JsonNode etl = summary.get(0);
    assertThat(etl.fieldNames())
        .toIterable()
        .containsExactly("name", "status", "state", "schedule", "parents", "disabled");
    assertThat(etl.get("status").asText()).isEqualTo("success");
    assertThat(etl.get("state").asText()).isEqualTo("running");
    assertThat(etl.get("schedule").asText()).isNotEmpty();
    assertThat(etl.get("parents")).isEmpty();
    JsonNode report = summary.get(1);
    assertThat(report.get("status").asText()).isEqualTo("fresh");
    assertThat(report.get("schedule").asText()).isEmpty();
    assertThat(report.get("parents").get(0).asText()).isEqualTo("etl");
    assertThat(report.get("disabled").asBoolean()).isFalse();
  }

  @Test
  void oneJobIsItsListFormAndAnUnknownOneIs404() {
    withEtlAndChild();
    ChronosReply r = call("GET", "/job/etl", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(json(r).get("name").asText()).isEqualTo("etl");
    assertThat(json(r)).isEqualTo(json(call("GET", "/jobs", null)).get(0));
    ChronosReply missing = call("GET", "/job/nope", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(json(missing).get("status").asText()).isEqualTo("Not Found");
    assertThat(message(missing)).isEqualTo("Job 'nope' not found");
  }

  @Test
  void runNowPassesTheArgumentsAndBlankArgumentsAsNone() {
    withEtlAndChild();
    assertThat(call("PUT", "/job/etl", null, "arguments", "-debug").status()).isEqualTo(204);
    assertThat(call("PUT", "/job/etl", null, "arguments", "  ").status()).isEqualTo(204);
    assertThat(call("PUT", "/job/etl/", null).status()).isEqualTo(204);
    assertThat(jobs.calls).containsExactly("run etl -debug", "run etl", "run etl");
    assertThat(call("PUT", "/job/nope", null).status()).isEqualTo(404);
    ChronosReply typo = call("PUT", "/job/etl", null, "argument", "-v");
    assertThat(typo.status()).isEqualTo(400);
    assertThat(message(typo)).contains("'argument'").contains("takes arguments");
  }

  @Test
  void deleteAnswers204AndTheFrameworksRefusals() {
    withEtlAndChild();
    ChronosReply parent = call("DELETE", "/job/etl", null);
    assertThat(parent.status()).isEqualTo(400);
    assertThat(message(parent)).contains("report");
    assertThat(call("DELETE", "/job/report", null).status()).isEqualTo(204);
    assertThat(call("DELETE", "/job/etl", null).status()).isEqualTo(204);
    assertThat(call("DELETE", "/job/etl", null).status()).isEqualTo(404);
  }

  @Test
  void killTasksIs204Or404() {
    withEtlAndChild();
    assertThat(call("DELETE", "/task/kill/etl", null).status()).isEqualTo(204);
    assertThat(call("DELETE", "/task/kill/nope", null).status()).isEqualTo(404);
    assertThat(jobs.calls).containsExactly("kill etl", "kill nope");
  }

  @Test
  void markSuccessSaysWhetherTheJobWasFoundAsChronosDoes() {
    withEtlAndChild();
    ChronosReply found = call("PUT", "/job/success/etl", null);
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.contentType()).startsWith("text/plain");
    assertThat(found.body()).isEqualTo("marked job etl as successful: true");
    ChronosReply missing = call("PUT", "/job/success/nope", null);
    assertThat(missing.status()).isEqualTo(200);
    assertThat(missing.body()).isEqualTo("marked job nope as successful: false");
  }

  @Test
  void statGivesTheHistogramAndTaskHistoryOfTheJob() {
    JobsSnapshot.Run done =
        JobStatsTest.run("1", "TASK_FINISHED", NOW.minusSeconds(100), Duration.ofSeconds(30));
    jobs.with(JobStatsTest.job(List.of(done)));
    ChronosReply r = call("GET", "/job/stat/etl", null);
    assertThat(r.status()).isEqualTo(200);
    JsonNode stat = json(r);
    assertThat(stat.get("histogram").get("count").asInt()).isEqualTo(1);
    assertThat(stat.get("histogram").get("median").asDouble()).isEqualTo(30000.0);
    assertThat(stat.get("taskStatHistory").get(0).get("duration").asText()).isEqualTo("30s");
    assertThat(call("GET", "/job/stat/nope", null).status()).isEqualTo(404);
  }

  @Test
  void statsRankJobsByAFigureInSecondsSlowestFirst() {
    jobs.with(
        JobStatsTest.job(
            List.of(JobStatsTest.run("1", "TASK_FINISHED", NOW, Duration.ofSeconds(30)))));
    jobs.with(InMemoryJobs.job(JobDefinition.scheduled("a-fast", "true", SCHEDULE)));
    JsonNode ranked = json(call("GET", "/stats/99thPercentile", null));
    assertThat(ranked).hasSize(2);
    assertThat(ranked.get(0).get("jobNameLabel").asText()).isEqualTo("etl");
    assertThat(ranked.get(0).get("time").asDouble()).isEqualTo(30.0);
    assertThat(ranked.get(1).get("time").asDouble()).isEqualTo(0.0);
    ChronosReply bogus = call("GET", "/stats/99th", null);
    assertThat(bogus.status()).isEqualTo(404);
    assertThat(message(bogus)).contains("99th").contains("median");
  }

  @Test
  void graphIsDotAndCsvText() {
    withEtlAndChild();
    ChronosReply dot = call("GET", "/graph/dot", null);
    assertThat(dot.status()).isEqualTo(200);
    assertThat(dot.contentType()).startsWith("text/plain");
    assertThat(dot.body()).contains("digraph").contains("etl").contains("report");
    ChronosReply csv = call("GET", "/graph/csv", null);
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/plain");
    assertThat(csv.body().lines())
        .contains("node,etl,fresh,idle", "node,report,fresh,idle", "link,etl,report");
  }

  @Test
  void taskProgressIsRefusedBecauseDataJobsAre() {
    ChronosReply r = call("POST", "/job/etl/task/ct:1:0:etl:/progress", "{}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(message(r)).contains("dataJob").contains("Cassandra");
  }

  @Test
  void leaderIsTheLeadingMaster() {
    ChronosReply r = call("GET", "/leader", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(json(r).get("leader").asText()).isEqualTo("m1:5050");
    assertThat(call(Optional.empty(), "GET", "/leader", null).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource({
    "GET, /iso8601, 'POST, PUT'",
    "DELETE, /dependency, 'POST, PUT'",
    "PUT, /jobs, GET",
    "DELETE, /jobs/search, GET",
    "POST, /jobs/summary, GET",
    "POST, /job/etl, 'GET, PUT, DELETE'",
    "GET, /job/success/etl, PUT",
    "DELETE, /job/stat/etl, GET",
    "GET, /task/kill/etl, DELETE",
    "POST, /graph/dot, GET",
    "PUT, /graph/csv, GET",
    "POST, /stats/median, GET",
    "PUT, /leader, GET",
    "GET, /job/etl/task/t1/progress, POST",
    "HEAD, /jobs, GET",
  })
  void aMethodAPathDoesNotTakeIs405NamingTheOnesItDoes(String method, String path, String allow) {
    withEtlAndChild();
    ChronosReply r = call(method, path, null);
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.headers()).containsEntry("Allow", allow);
    assertThat(message(r))
        .isEqualTo(
            "Method " + method + " is not allowed on /v1/scheduler" + path + "; allowed: " + allow);
    assertThat(jobs.calls).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "/",
    "/job",
    "/job/",
    "/job/a/b",
    "/task/kill",
    "/graph",
    "/stats",
    "/scheduler/jobs"
  })
  void aPathChronosDoesNotServeIs404(String path) {
    ChronosReply r = call("GET", path, null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(message(r)).startsWith("No such endpoint: /v1/scheduler");
  }

  @ParameterizedTest
  @CsvSource({
    "GET, /jobs",
    "GET, /jobs/search",
    "GET, /jobs/summary",
    "GET, /job/etl",
    "PUT, /job/etl",
    "DELETE, /job/etl",
    "PUT, /job/success/etl",
    "GET, /job/stat/etl",
    "DELETE, /task/kill/etl",
    "GET, /graph/dot",
    "GET, /graph/csv",
    "GET, /stats/median",
    "POST, /iso8601",
    "PUT, /dependency",
  })
  void withoutTheFrameworkEveryJobEndpointIs503(String method, String path) {
    ChronosReply r = call(Optional.empty(), method, path, "{}");
    assertThat(r.status()).isEqualTo(503);
    assertThat(json(r).get("status").asText()).isEqualTo("Service Unavailable");
    assertThat(message(r)).startsWith("jobs framework is not running");
  }

  @Test
  void aRefusalThrownRatherThanCompletedIsStillAReplyAndABugFailsTheStage() {
    JobsApi throwing =
        new InMemoryJobs() {
          @Override
          public CompletionStage<JobsSnapshot> snapshot() {
            throw new io.mezzo.framework.jobs.JobsException(503, "not ready");
          }

          @Override
          public synchronized CompletionStage<Void> delete(String name) {
            return CompletableFuture.failedFuture(new IllegalStateException("bug"));
          }
        };
    ChronosReply r = call(Optional.of(throwing), "GET", "/jobs", null);
    assertThat(r.status()).isEqualTo(503);
    assertThat(message(r)).isEqualTo("not ready");
    assertThatThrownBy(() -> call(Optional.of(throwing), "DELETE", "/job/x", null))
        .isInstanceOf(CompletionException.class)
        .hasRootCauseMessage("bug");
  }

  @ParameterizedTest
  @CsvSource({
    "-1, -1, fresh",
    "60, -1, success",
    "-1, 60, failure",
    "60, 30, success",
    "30, 60, failure",
    "60, 60, failure",
  })
  void lastStateIsWhicheverEndingIsLater(long success, long error, String state) {
    JobsSnapshot.Counters c =
        new JobsSnapshot.Counters(
            0,
            0,
            0,
            success < 0 ? Optional.empty() : Optional.of(NOW.plusSeconds(success)),
            error < 0 ? Optional.empty() : Optional.of(NOW.plusSeconds(error)));
    assertThat(JobReads.lastState(c)).isEqualTo(state);
  }
}
