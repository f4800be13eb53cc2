package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.ChronosHttp;
import io.mezzo.testing.ChronosHttp.Reply;
import io.mezzo.testing.ChronosHttp.TaskStat;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in jobs framework on the packaged jar (standalone: master, local agent and the
 * framework in one JVM), driven only through Chronos's REST API and the {@code mezzo job} CLI:
 * repeats end, failures are retried then counted, a child runs after its parent's success only, a
 * non-concurrent job never overlaps itself, and bad definitions are refused naming what is wrong.
 *
 * <p>Timing is never asserted exactly: waits are bounded polls, and spacing is checked against
 * lower bounds with the precision of the times the API prints.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Duration POLL = Duration.ofMillis(300);

  private static MezzoProcess mezzo;
  private static ChronosHttp chronos;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    mezzo = MezzoProcess.standalone("jobs");
    chronos = new ChronosHttp(mezzo.baseUrl());
    await("the jobs framework serves /scheduler/jobs")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .ignoreExceptions()
        .until(() -> chronos.get("/scheduler/jobs").status() == 200);
  }

  @AfterAll
  static void stop() {
    if (mezzo != null) {
      mezzo.close();
    }
  }

  /** An ISO 8601 instant {@code seconds} from now, whole seconds, as a schedule's start. */
  static String in(int seconds) {
    return Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String job(String name, String command, String schedule, String extra) {
    return """
        {"name":"%s","command":"%s","schedule":"%s","epsilon":"PT30S","cpus":0.1,"mem":32,
         "disk":0%s}"""
        .formatted(name, command, schedule, extra.isEmpty() ? "" : "," + extra);
  }

  static String dependent(String name, String command, String parent) {
    return """
        {"name":"%s","command":"%s","parents":["%s"],"cpus":0.1,"mem":32,"disk":0,"retries":0}"""
        .formatted(name, command, parent);
  }

  /** The history oldest first, by start time (tasks not started yet last). */
  static List<TaskStat> byStart(List<TaskStat> history) {
    List<TaskStat> sorted = new ArrayList<>(history);
    sorted.sort(Comparator.comparing(s -> s.start().orElse(Instant.MAX)));
    return sorted;
  }

  @Test
  @Order(1)
  void aJobEveryTwoSecondsWithR3RunsExactlyThreeTimes() {
    chronos.add(job("every2s", "echo tick", "R3/" + in(3) + "/PT2S", ""));
    await("three successes of every2s")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .until(() -> chronos.successes("every2s") >= 3);
    // Long enough for a fourth slot to have come, had the repeat count been ignored.
    await("no fourth run")
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .pollInterval(POLL)
        .until(() -> chronos.successes("every2s") == 3);
    JsonNode listed = chronos.job("every2s").orElseThrow();
    assertThat(listed.path("errorCount").asLong()).isZero();
    assertThat(listed.path("lastSuccess").asText()).isNotBlank();
    assertThat(listed.path("lastError").asText()).isEmpty();

    List<TaskStat> runs = byStart(chronos.history("every2s"));
    assertThat(runs).hasSize(3);
    assertThat(runs.stream().map(TaskStat::slot).distinct()).hasSize(3);
    for (int i = 1; i < runs.size(); i++) {
      TaskStat before = runs.get(i - 1);
      TaskStat after = runs.get(i);
      assertThat(Duration.between(before.slot(), after.slot()))
          .as("slots of %s and %s", before.taskId(), after.taskId())
          .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
      assertThat(Duration.between(before.start().orElseThrow(), after.start().orElseThrow()))
          .as("starts of %s and %s", before.taskId(), after.taskId())
          .isGreaterThanOrEqualTo(Duration.ofMillis(1500).minus(after.precision()));
    }
  }

  @Test
  @Order(2)
  void aFailingJobIsRetriedThenCountsOneError() {
    chronos.add(job("fails", "exit 3", "R1/" + in(2) + "/PT1M", "\"retries\":2"));
    await("fails has given up")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .until(() -> chronos.errors("fails") >= 1);
    JsonNode listed = chronos.job("fails").orElseThrow();
    assertThat(listed.path("errorCount").asLong()).isEqualTo(1);
    assertThat(listed.path("successCount").asLong()).isZero();
    assertThat(listed.path("lastError").asText()).isNotBlank();
    assertThat(listed.path("lastSuccess").asText()).isEmpty();

    // The run's last task is its third attempt; the master saw all three fail, and no fourth.
    List<TaskStat> runs = chronos.history("fails");
    assertThat(runs).isNotEmpty();
    TaskStat last = runs.stream().max(Comparator.comparing(TaskStat::attempt)).orElseThrow();
    assertThat(last.attempt()).isEqualTo(2);
    long slot = last.slot().toEpochMilli();
    for (int attempt = 0; attempt <= 2; attempt++) {
      String id = "ct:" + slot + ":" + attempt + ":fails:";
      assertThat(chronos.masterTasks(id))
          .as("task %s at the master", id)
          .singleElement()
          .satisfies(t -> assertThat(t.path("state").asText()).isEqualTo("TASK_FAILED"));
    }
    assertThat(chronos.masterTasks("ct:" + slot + ":3:fails:")).isEmpty();
  }

  @Test
  @Order(3)
  void aChildRunsAfterItsParentSucceedsAndNotAfterItFails() {
    chronos.add(job("parent-ok", "sleep 1", "R1/" + in(4) + "/PT1M", ""));
    chronos.add(dependent("child-ok", "echo child", "parent-ok"));
    chronos.add(job("parent-bad", "exit 1", "R1/" + in(4) + "/PT1M", "\"retries\":0"));
    chronos.add(dependent("child-of-bad", "echo never", "parent-bad"));
    await("child-ok ran")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .until(() -> chronos.successes("child-ok") >= 1);
    TaskStat parent = chronos.history("parent-ok").get(0);
    TaskStat child = byStart(chronos.history("child-ok")).get(0);
    assertThat(child.start().orElseThrow())
        .as("the child started after its parent ended")
        .isAfterOrEqualTo(parent.end().orElseThrow());

    await("parent-bad failed")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .until(() -> chronos.errors("parent-bad") >= 1);
    await("child-of-bad never runs")
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .pollInterval(POLL)
        .until(
            () ->
                chronos.successes("child-of-bad") == 0
                    && chronos.errors("child-of-bad") == 0
                    && chronos.history("child-of-bad").isEmpty());
  }

  @Test
  @Order(4)
  void aNonConcurrentJobNeverOverlapsItself() {
    chronos.add(job("slow", "sleep 5", "R3/" + in(3) + "/PT2S", "\"concurrent\":false"));
    // Each slot either runs or is skipped (collapsed into a later one while a run was active).
    await("every slot of slow ran or was skipped")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .until(() -> chronos.successes("slow") + chronos.skipped("slow") >= 3);
    assertThat(chronos.successes("slow") + chronos.skipped("slow")).isEqualTo(3);
    List<TaskStat> runs = byStart(chronos.history("slow"));
    assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
    for (int i = 1; i < runs.size(); i++) {
      assertThat(runs.get(i).start().orElseThrow())
          .as("%s starts after %s ended", runs.get(i).taskId(), runs.get(i - 1).taskId())
          .isAfterOrEqualTo(runs.get(i - 1).end().orElseThrow());
    }
  }

  @Test
  @Order(5)
  void badDefinitionsAreRefusedNamingWhatIsWrong() {
    Reply schedule =
        chronos.post("/scheduler/iso8601", job("bad-schedule", "true", "R/soon/PT2S", ""));
    assertThat(schedule.status()).as(schedule.body()).isEqualTo(400);
    assertThat(schedule.body()).contains("schedule");

    Reply unknown =
        chronos.post(
            "/scheduler/iso8601", job("bad-field", "true", "R1//PT1M", "\"colour\":\"red\""));
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
    assertThat(unknown.body()).contains("colour");

    chronos.add(job("cycle-a", "true", "R0//PT1M", ""));
    chronos.add(dependent("cycle-b", "true", "cycle-a"));
    Reply cycle = chronos.post("/scheduler/dependency", dependent("cycle-a", "true", "cycle-b"));
    assertThat(cycle.status()).as(cycle.body()).isEqualTo(400);
    assertThat(cycle.body()).contains("cycle", "cycle-a", "cycle-b");

    assertThat(chronos.jobs().stream().map(j -> j.path("name").asText()))
        .doesNotContain("bad-schedule", "bad-field");
    JsonNode a = chronos.job("cycle-a").orElseThrow();
    assertThat(a.path("schedule").asText()).as("cycle-a is still the scheduled job").isNotEmpty();
  }

  @Test
  @Order(6)
  void theCliAddsListsAndShowsTheHistoryOfAJob() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("cli-job.json"),
            job("cli-job", "echo from-cli", "R1/" + in(3) + "/PT1M", ""));
    assertThat(cli("job", "add", file.toString()).out()).contains("cli-job");
    assertThat(cli("job", "list").out()).containsPattern("cli-job\\s+R\\d*/");
    await("cli-job ran once")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .until(
            () ->
                V1SchedulerClient.parse(cli("job", "show", "cli-job").out())
                        .path("successCount")
                        .asLong()
                    == 1);
    assertThat(cli("job", "history", "cli-job").out()).contains("ct:", "cli-job");
    Path bad = Files.writeString(dir.resolve("bad.json"), job("cli-bad", "true", "R/x/PT1M", ""));
    Run refused = mezzo("job", "add", bad.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("schedule");
    cli("job", "delete", "cli-job");
    assertThat(cli("job", "list").out()).doesNotContain("cli-job");
  }

  record Run(int code, String out, String err) {}

  /** Runs bin/mezzo against the standalone node, as CliIT does. */
  static Run mezzo(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", "bin/mezzo"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("MEZZO_JAR", System.getProperty("mezzo.jar"));
    pb.environment().put("MEZZO_MASTER", mezzo.baseUrl().toString());
    try {
      Path out = Files.createTempFile(dir, "out", ".txt");
      Path err = Files.createTempFile(dir, "err", ".txt");
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("mezzo " + String.join(" ", args) + " ran past " + TIMEOUT);
      }
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Run cli(String... args) {
    Run r = mezzo(args);
    assertThat(r.code()).as("mezzo %s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }
}
