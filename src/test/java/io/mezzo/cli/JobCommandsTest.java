package io.mezzo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCommandsTest {
  // CliRun's clock stands at 2026-01-02T10:00:00Z.
  static final String JOBS =
      """
      [
        {"name":"nightly","command":"make report","schedule":"R/2026-01-03T02:00:00.000Z/P1D",
         "scheduleTimeZone":"Europe/Berlin","epsilon":"PT1M","successCount":12,"errorCount":1,
         "lastSuccess":"2026-01-02T09:55:00.000Z","lastError":"","nextRun":"2026-01-03T02:00:00Z",
         "state":"idle","disabled":false,"skippedCount":0},
        {"name":"after-nightly","command":"mail","parents":["nightly","backup"],"successCount":0,
         "errorCount":0,"lastSuccess":"","lastError":"","state":"running","disabled":false},
        {"name":"off","command":"true","schedule":"R/2026-01-02T10:00:30Z/PT1M","successCount":0,
         "errorCount":3,"lastSuccess":"","lastError":"2026-01-02T07:00:00Z","state":"idle",
         "disabled":true}
      ]""";

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
  void listShowsOneRowPerJobWithScheduleStateAndCounters() {
    master.on("GET /scheduler/jobs", JOBS);
    CliRun.Result r = CliRun.against(master, "job", "list");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .startsWith("NAME")
        .contains("SCHEDULE", "STATE", "NEXT RUN", "OK", "FAILED", "LAST SUCCESS", "LAST ERROR");
    assertThat(lines.get(1))
        .startsWith("after-nightly")
        .contains("after nightly,backup", "running");
    assertThat(lines.get(2))
        .startsWith("nightly")
        .contains("R/2026-01-03T02:00:00.000Z/P1D Europe/Berlin", "idle", "in 16h")
        .containsPattern("\\b12\\s+1\\s+5m ago\\s+-$");
    assertThat(lines.get(3)).startsWith("off").contains("disabled", "3h ago");
    int state = lines.get(0).indexOf("STATE");
    assertThat(lines.get(1).substring(state)).startsWith("running");
    assertThat(lines.get(3).substring(state)).startsWith("disabled");
  }

  @Test
  void listWithJsonPrintsTheServersAnswer() throws IOException {
    master.on("GET /scheduler/jobs", JOBS);
    CliRun.Result r = CliRun.against(master, "job", "list", "--json");
    assertThat(r.code()).isZero();
    assertThat(MasterHttp.JSON.readTree(r.out())).isEqualTo(MasterHttp.JSON.readTree(JOBS));
  }

  @Test
  void aMasterWithoutChronosApiIsToldApart() {
    CliRun.Result r = CliRun.against(master, "job", "list");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("serves no Chronos API at /scheduler", "jobs framework");
  }

  @Test
  void showPrintsTheJobFromTheListAsPrettyJson() throws IOException {
    master.on("GET /scheduler/jobs", JOBS);
    CliRun.Result r = CliRun.against(master, "job", "show", "nightly");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\n  \"name\" : \"nightly\"");
    assertThat(MasterHttp.JSON.readTree(r.out())).isEqualTo(MasterHttp.JSON.readTree(JOBS).get(0));
  }

  @Test
  void showOfAnUnknownJobExitsOneNamingIt() {
    master.on("GET /scheduler/jobs", JOBS);
    CliRun.Result r = CliRun.against(master, "job", "show", "nope");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no job named 'nope'");
  }

  @Test
  void addPostsAScheduledJobToIso8601AsWritten() throws IOException {
    master.on("POST /scheduler/iso8601", r -> StubMaster.Answer.of(204, ""));
    String job =
        "{\"name\":\"tick\",\"command\":\"date\",\"schedule\":\"R/2026-01-02T10:01:00Z/PT1M\"}";
    Path file = Files.writeString(dir.resolve("tick.json"), job);
    CliRun.Result r = CliRun.against(master, "job", "add", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("job tick saved (scheduled)");
    StubMaster.Request post = master.requests("POST /scheduler/iso8601").get(0);
    assertThat(MasterHttp.JSON.readTree(post.body())).isEqualTo(MasterHttp.JSON.readTree(job));
  }

  @Test
  void addPostsAJobWithParentsToDependency() throws IOException {
    master.on("POST /scheduler/dependency", r -> StubMaster.Answer.of(204, ""));
    Path file =
        Files.writeString(
            dir.resolve("child.json"),
            "{\"name\":\"child\",\"command\":\"echo\",\"parents\":[\"tick\"]}");
    CliRun.Result r = CliRun.against(master, "job", "add", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("job child saved (dependent)");
    assertThat(master.requests("POST /scheduler/dependency")).hasSize(1);
    assertThat(master.requests("POST /scheduler/iso8601")).isEmpty();
  }

  @Test
  void aRefusedJobPrintsTheMastersMessageVerbatimAndExitsOne() throws IOException {
    master.on(
        "POST /scheduler/iso8601",
        r ->
            StubMaster.Answer.of(
                400, "{\"message\":\"schedule: 'R/x/PT1M' has no valid start: x\"}"));
    Path file =
        Files.writeString(
            dir.resolve("bad.json"),
            "{\"name\":\"bad\",\"command\":\"date\",\"schedule\":\"R/x/PT1M\"}");
    CliRun.Result r = CliRun.against(master, "job", "add", file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines())
        .containsExactly("mezzo: schedule: 'R/x/PT1M' has no valid start: x (400)");
  }

  @Test
  void aPlainTextRefusalIsShownAsTheServerGaveIt() {
    master.on(
        "DELETE /scheduler/job/tick",
        r -> new StubMaster.Answer(400, "job tick has children: child", Map.of()));
    CliRun.Result r = CliRun.against(master, "job", "delete", "tick");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("refused (400): job tick has children: child");
  }

  @Test
  void addRefusesFilesThatAreNotJobsAndSendsNothing() throws IOException {
    Path noName = Files.writeString(dir.resolve("noname.json"), "{\"command\":\"x\"}");
    Path badName = Files.writeString(dir.resolve("badname.json"), "{\"name\":\"a/b\"}");
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"name\":\"a\",\n\"command\": }");
    Path array = Files.writeString(dir.resolve("array.json"), "[{\"name\":\"a\"}]");
    assertThat(CliRun.against(master, "job", "add", noName.toString()).err())
        .contains("the job needs a \"name\"");
    assertThat(CliRun.against(master, "job", "add", badName.toString()).err())
        .contains("'a/b' is not a job name");
    CliRun.Result bad = CliRun.against(master, "job", "add", broken.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("not valid JSON at line 2");
    assertThat(CliRun.against(master, "job", "add", array.toString()).err())
        .contains("expected a JSON object", "an array");
    CliRun.Result missing = CliRun.against(master, "job", "add", dir.resolve("x.json").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("x.json: no such file");
    assertThat(master.requests()).isEmpty();
  }

  @Test
  void runPutsTheJobWithItsArgumentsEncoded() {
    master.on("PUT /scheduler/job/tick", r -> StubMaster.Answer.of(204, ""));
    CliRun.Result plain = CliRun.against(master, "job", "run", "tick");
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(plain.out()).contains("job tick started");
    CliRun.Result withArgs =
        CliRun.against(master, "job", "run", "tick", "--arguments", "-debug --to a&b");
    assertThat(withArgs.code()).as(withArgs.err()).isZero();
    List<StubMaster.Request> puts = master.requests("PUT /scheduler/job/tick");
    assertThat(puts.get(0).query()).isNull();
    assertThat(puts.get(1).query()).isEqualTo("arguments=-debug%20--to%20a%26b");
  }

  @Test
  void runOfAnUnknownJobShowsTheMastersMessage() {
    master.on(
        "PUT /scheduler/job/nope",
        r -> StubMaster.Answer.of(404, "{\"message\":\"job 'nope' does not exist\"}"));
    CliRun.Result r = CliRun.against(master, "job", "run", "nope");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("mezzo: job 'nope' does not exist (404)");
  }

  @Test
  void deleteSendsDeleteForTheJob() {
    master.on("DELETE /scheduler/job/tick", r -> StubMaster.Answer.of(204, ""));
    CliRun.Result r = CliRun.against(master, "job", "delete", "tick");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("job tick deleted");
    assertThat(master.requests("DELETE /scheduler/job/tick")).hasSize(1);
  }

  @Test
  void aBadNameIsAUsageErrorAndSendsNothing() {
    for (String cmd : List.of("show", "run", "delete", "history")) {
      CliRun.Result r = CliRun.against(master, "job", cmd, "../jobs");
      assertThat(r.code()).as(cmd).isEqualTo(2);
      assertThat(r.err()).as(cmd).contains("'../jobs' is not a job name");
    }
    assertThat(master.requests()).isEmpty();
  }

  @Test
  void historyPrintsTheTaskStatHistoryAsATable() {
    master.on(
        "GET /scheduler/job/stat/tick",
        """
        {"histogram":{"75thPercentile":0.0},"taskStatHistory":[
          {"taskId":"ct:1767348060000:0:tick:","jobName":"tick","slaveId":"a-S0",
           "startTime":"2026-01-02T10:01:00.200Z","endTime":"N/A","status":"Running"},
          {"taskId":"ct:1767348000000:1:tick:","jobName":"tick","slaveId":"a-S0",
           "startTime":"2026-01-02T10:00:01.100Z","endTime":"2026-01-02T10:00:02.000Z",
           "duration":"0m0s","status":"Success"}]}""");
    CliRun.Result r = CliRun.against(master, "job", "history", "tick");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("TASK").contains("STATUS", "AGENT", "STARTED", "ENDED");
    assertThat(lines.get(1))
        .containsPattern("ct:1767348060000:0:tick:\\s+Running\\s+a-S0\\s+\\S+\\s+N/A\\s+-$");
    assertThat(lines.get(2)).contains("Success", "2026-01-02T10:00:02.000Z", "0m0s");
  }

  @Test
  void historyOfAJobThatNeverRanPrintsOnlyTheHeader() {
    master.on("GET /scheduler/job/stat/tick", "{\"taskStatHistory\":[]}");
    CliRun.Result r = CliRun.against(master, "job", "history", "tick");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList()).hasSize(1);
  }

  @Test
  void jobWithoutASubcommandIsAUsageErrorListingThem() {
    CliRun.Result r = CliRun.against(master, "job");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("list, show, add, run, delete or history");
    assertThat(CliRun.run(Map.of(), "--help").out()).contains("job");
  }
}
