package io.mezzo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskCommandsTest {
  static final String WEB_TASK = "prod_web.0a1b2c3d-0000-4000-8000-000000000001";
  static final String OLD_WEB_TASK = "prod_web.0a1b2c3d-0000-4000-8000-000000000000";

  static final String STATE =
      """
      {"slaves":[{"id":"A1","hostname":"agent-1"},{"id":"A2","hostname":"agent-2"}],
       "frameworks":[
        {"id":"F1","name":"marathon",
         "tasks":[{"id":"%s","framework_id":"F1","executor_id":"","slave_id":"A1",
           "state":"TASK_RUNNING","resources":{"cpus":0.5,"mem":64},
           "statuses":[{"state":"TASK_RUNNING","timestamp":1767347700.0}]}],
         "unreachable_tasks":[],
         "completed_tasks":[{"id":"%s","framework_id":"F1","slave_id":"A2",
           "state":"TASK_FAILED","resources":{"cpus":0.5,"mem":64},"statuses":[]}]},
        {"id":"F2","name":"batch",
         "tasks":[{"id":"job-7","framework_id":"F2","executor_id":"exec-1","slave_id":"A2",
           "state":"TASK_STAGING","resources":{"cpus":1,"mem":128},"statuses":[]}],
         "completed_tasks":[]}],
       "completed_frameworks":[]}"""
          .formatted(WEB_TASK, OLD_WEB_TASK);

  StubMaster master;

  @BeforeEach
  void start() throws IOException {
    master = new StubMaster();
    master.on("GET /master/state", STATE);
  }

  @AfterEach
  void stop() {
    master.close();
  }

  @Test
  void listShowsRunningTasksWithTheirAgentAndFramework() {
    CliRun.Result r = CliRun.against(master, "task", "list");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("ID").contains("STATE", "HOST", "FRAMEWORK", "STARTED");
    assertThat(lines.get(1)).startsWith("job-7").contains("TASK_STAGING", "agent-2", "batch");
    assertThat(lines.get(2))
        .startsWith(WEB_TASK)
        .contains("TASK_RUNNING", "agent-1", "marathon", "0.5", "64", "5m");
  }

  @Test
  void listAllAddsEndedTasks() {
    CliRun.Result r = CliRun.against(master, "task", "list", "--all");
    assertThat(r.out()).contains(OLD_WEB_TASK, "TASK_FAILED");
  }

  @Test
  void listOfAnAppKeepsItsTasksOnly() throws IOException {
    master.on("GET /v2/apps/prod/web/tasks", "{\"tasks\":[{\"id\":\"" + WEB_TASK + "\"}]}");
    CliRun.Result r =
        CliRun.against(master, "task", "list", "--app", "/prod/web", "--all", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> ids = MasterHttp.JSON.readTree(r.out()).findValuesAsText("id");
    assertThat(ids).containsExactly(WEB_TASK, OLD_WEB_TASK);
  }

  @Test
  void listOfAnUnknownAppExitsOne() {
    master.on(
        "GET /v2/apps/nope/tasks",
        r -> StubMaster.Answer.of(404, "{\"message\":\"App '/nope' does not exist\"}"));
    CliRun.Result r = CliRun.against(master, "task", "list", "--app", "nope");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("App '/nope' does not exist");
  }

  @Test
  void logPrintsTheWholeStdoutOfACommandTask() {
    Map<String, String> files = new HashMap<>();
    files.put("/frameworks/F1/executors/" + WEB_TASK + "/runs/latest/stdout", "hello\nworld\n");
    serveFiles(files);
    CliRun.Result r =
        CliRun.against(master, "task", "log", "prod_web.0a1b2c3d-0000-4000-8000-000000000001");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("hello\nworld\n");
    assertThat(master.requests("GET /files/read").get(0).query()).contains("agent_id=A1");
  }

  @Test
  void logFindsATaskByAUniquePrefixAndReadsItsStderr() {
    serveFiles(Map.of("/frameworks/F2/executors/exec-1/runs/latest/tasks/job-7/stderr", "oops\n"));
    CliRun.Result r = CliRun.against(master, "task", "log", "job", "--stderr");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("oops\n");
  }

  @Test
  void logOfATaskOfACustomExecutorFallsBackToTheExecutorsFile() {
    serveFiles(Map.of("/frameworks/F2/executors/exec-1/runs/latest/stdout", "executor says hi\n"));
    CliRun.Result r = CliRun.against(master, "task", "log", "job-7");
    assertThat(r.out()).isEqualTo("executor says hi\n");
  }

  @Test
  void logLinesShowsOnlyTheLastLines() {
    serveFiles(
        Map.of(
            "/frameworks/F1/executors/" + WEB_TASK + "/runs/latest/stdout",
            "one\ntwo\nthree ü\nfour\n"));
    CliRun.Result r = CliRun.against(master, "task", "log", WEB_TASK, "--lines", "2");
    assertThat(r.out()).isEqualTo("three ü\nfour\n");
    assertThat(CliRun.against(master, "task", "log", WEB_TASK, "--lines", "0").out()).isEmpty();
  }

  @Test
  void logOfAnUnknownOrAmbiguousTaskSaysWhy() {
    CliRun.Result unknown = CliRun.against(master, "task", "log", "nope");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no task 'nope' is known to the master");
    CliRun.Result ambiguous = CliRun.against(master, "task", "log", "prod_web");
    assertThat(ambiguous.code()).isEqualTo(2);
    assertThat(ambiguous.err()).contains("names 2 tasks", WEB_TASK, OLD_WEB_TASK);
  }

  @Test
  void logOfAMissingSandboxFileSaysWhereItLooked() {
    serveFiles(Map.of());
    CliRun.Result r = CliRun.against(master, "task", "log", WEB_TASK);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("is not in its sandbox", "/runs/latest/stdout", "not have started");
  }

  @Test
  void followPrintsWhatIsWrittenUntilTheTaskEnds() {
    String path = "/frameworks/F1/executors/" + WEB_TASK + "/runs/latest/stdout";
    Map<String, String> files = new HashMap<>(Map.of(path, "first\n"));
    serveFiles(files);
    AtomicInteger stateChecks = new AtomicInteger();
    master.on(
        "GET /master/tasks",
        r -> {
          int n = stateChecks.incrementAndGet();
          if (n == 1) {
            files.put(path, "first\nsecond\n"); // written between two polls
          } else if (n == 2) {
            files.put(path, "first\nsecond\nlast words\n"); // written as it ended
          }
          String state = n < 2 ? "TASK_RUNNING" : "TASK_FINISHED";
          return StubMaster.Answer.json(
              "{\"tasks\":[{\"id\":\"" + WEB_TASK + "\",\"state\":\"" + state + "\"}]}");
        });
    CliRun.Result r = CliRun.against(master, "task", "log", WEB_TASK, "--follow");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("first\nsecond\nlast words\n");
    assertThat(r.pauses()).containsExactly(SandboxLog.INTERVAL);
  }

  @Test
  void followWaitsForTheSandboxAndBacksOffOnErrors() {
    String path = "/frameworks/F1/executors/" + WEB_TASK + "/runs/latest/stdout";
    Map<String, String> files = new HashMap<>();
    AtomicInteger reads = new AtomicInteger();
    master.on(
        "GET /files/read",
        r -> {
          int n = reads.incrementAndGet();
          if (n >= 2 && n <= 4) {
            return new StubMaster.Answer(502, "Agent A1 cannot be reached", Map.of());
          }
          if (n == 5) {
            files.put(path, "up\n");
          }
          return read(files, r);
        });
    master.on(
        "GET /master/tasks",
        r ->
            StubMaster.Answer.json(
                files.containsKey(path) && reads.get() > 6
                    ? "{\"tasks\":[{\"state\":\"TASK_KILLED\"}]}"
                    : "{\"tasks\":[{\"state\":\"TASK_RUNNING\"}]}"));
    CliRun.Result r = CliRun.against(master, "task", "log", WEB_TASK, "-f");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("up\n");
    assertThat(r.err()).contains("Agent A1 cannot be reached; retrying", "again");
    assertThat(r.err().split("retrying", -1)).as("the failure is told once").hasSize(2);
    assertThat(r.pauses())
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(SandboxLog.MAX_BACKOFF));
    assertThat(r.pauses())
        .contains(SandboxLog.INTERVAL.multipliedBy(2), SandboxLog.INTERVAL.multipliedBy(4));
  }

  /** Serves /files/read from {@code files} with Mesos's semantics. */
  private void serveFiles(Map<String, String> files) {
    master.on("GET /files/read", r -> read(files, r));
  }

  private static StubMaster.Answer read(Map<String, String> files, StubMaster.Request r) {
    Map<String, String> q = new HashMap<>();
    for (String kv : r.query().split("&")) {
      String[] p = kv.split("=", 2);
      q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
    }
    String text = files.get(q.get("path"));
    if (text == null) {
      return StubMaster.Answer.of(404, "");
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    long offset = Long.parseLong(q.get("offset"));
    if (offset == -1) {
      return StubMaster.Answer.json("{\"data\":\"\",\"offset\":" + bytes.length + "}");
    }
    int from = (int) Math.min(offset, bytes.length);
    int length = q.containsKey("length") ? Integer.parseInt(q.get("length")) : bytes.length;
    int to = Math.min(bytes.length, from + length);
    String data = new String(bytes, from, to - from, StandardCharsets.UTF_8);
    return StubMaster.Answer.json(
        MasterHttp.JSON.createObjectNode().put("data", data).put("offset", offset).toString());
  }
}
