package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mezzo.testing.MezzoProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * Every {@code mezzo} subcommand, run through {@code bin/mezzo} on the packaged jar against a real
 * standalone Mezzo (master, local agent and the built-in services framework serving {@code /v2}):
 * deploy an app and a group, list, show, scale, restart, read and follow logs, list and drain the
 * agent, destroy; and the exit codes of a refused definition and an unreachable master. The tests
 * run in order on one cluster, each leaving what the next one needs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {
  static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
  static final String WEB = "/cli-it/web";
  static final ObjectMapper JSON = new ObjectMapper();

  private static MezzoProcess mezzo;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    mezzo = MezzoProcess.standalone("cli");
  }

  @AfterAll
  static void stop() {
    if (mezzo != null) {
      mezzo.close();
    }
  }

  record Run(int code, String out, String err) {}

  /** Runs bin/mezzo with MEZZO_MASTER pointing at the standalone node. */
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
      if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("mezzo " + String.join(" ", args) + " ran past " + RUN_TIMEOUT);
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

  static Run ok(String... args) {
    Run r = mezzo(args);
    assertThat(r.code()).as("mezzo %s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  static Path file(String name, String json) throws IOException {
    return Files.writeString(dir.resolve(name), json);
  }

  static List<String> taskIds(String app) throws IOException {
    List<String> ids = new ArrayList<>();
    for (JsonNode t : JSON.readTree(ok("task", "list", "--app", app, "--json").out())) {
      if (t.path("state").asText().equals("TASK_RUNNING")) {
        ids.add(t.path("id").asText());
      }
    }
    return ids;
  }

  @Test
  @Order(1)
  void versionAndHelpPrintNothingOfQuarkus() {
    Run version = ok("--version");
    assertThat(version.out()).startsWith("mezzo ");
    assertThat(version.out() + version.err()).doesNotContain("Quarkus", "INFO", "WARN");
    assertThat(ok("--help").out()).contains("Exit codes:");
  }

  @Test
  @Order(2)
  void deployWaitsForTheAppToRun() throws IOException {
    Path app =
        file(
            "web.json",
            """
            {"id":"%s","cmd":"while true; do echo tick; echo tock >&2; sleep 1; done",
             "cpus":0.1,"mem":32,"instances":1}"""
                .formatted(WEB));
    Run deploy = ok("app", "deploy", app.toString(), "--wait", "--wait-timeout", "60s");
    assertThat(deploy.out().strip()).isNotBlank();
    assertThat(deploy.err()).contains("finished");
    assertThat(ok("app", "list").out()).containsPattern("/cli-it/web\\s+1/1");
    assertThat(ok("app", "show", WEB).out()).contains(WEB, "TASK_RUNNING");
  }

  @Test
  @Order(3)
  void tasksAndTheirLogs() throws IOException {
    List<String> ids = taskIds(WEB);
    assertThat(ids).hasSize(1);
    assertThat(ok("task", "list").out()).contains(ids.get(0), "TASK_RUNNING");
    await("tick in the stdout of " + ids.get(0))
        .atMost(Duration.ofSeconds(30))
        .until(() -> ok("task", "log", ids.get(0)).out().contains("tick"));
    await("tock in the stderr of " + ids.get(0))
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> ok("task", "log", ids.get(0), "--stderr", "--lines", "3").out().contains("tock"));
  }

  @Test
  @Order(4)
  void scaleAndRestart() throws IOException {
    ok("app", "scale", WEB, "2", "--wait", "--wait-timeout", "60s");
    List<String> before = taskIds(WEB);
    assertThat(before).hasSize(2);
    ok("app", "restart", WEB, "--wait", "--wait-timeout", "90s");
    List<String> after = taskIds(WEB);
    assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
  }

  @Test
  @Order(5)
  void followEndsWithTheTask() throws IOException {
    Path app =
        file(
            "once.json",
            """
            {"id":"/cli-it/once","cmd":"echo one; sleep 2; echo two","cpus":0.1,"mem":16,
             "instances":1}""");
    ok("app", "deploy", app.toString());
    // The app's command exits, so the framework relaunches it: the list churns, and an entry of
    // an instance still being launched may carry no task id yet. Take the first one that has one.
    String id =
        await("a task of /cli-it/once with its id")
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  for (var t :
                      JSON.readTree(ok("task", "list", "--app", "/cli-it/once", "--json").out())) {
                    if (!t.path("id").asText().isEmpty()) {
                      return t.path("id").asText();
                    }
                  }
                  return "";
                },
                found -> !found.isEmpty());
    Run follow = ok("task", "log", id, "--follow");
    assertThat(follow.out()).contains("one", "two");
    ok("app", "destroy", "/cli-it/once");
  }

  @Test
  @Order(6)
  void refusedDefinitionsAndUnreachableMasters() throws IOException {
    Path bad = file("bad.json", "{\"id\":\"/cli-it/bad\",\"cmd\":\"true\",\"cpus\":-1}");
    Run refused = mezzo("app", "deploy", bad.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("/cpus");
    Run unknown = mezzo("app", "show", "/cli-it/nothing-here");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("/cli-it/nothing-here");
    Run unreachable =
        mezzo("--master", "http://127.0.0.1:" + MezzoProcess.freePort(), "app", "list");
    assertThat(unreachable.code()).isEqualTo(3);
    assertThat(unreachable.err()).contains("cannot reach the master");
    assertThat(mezzo("app", "frobnicate").code()).isEqualTo(2);
  }

  @Test
  @Order(7)
  void groupsDeployAndAppsAreDestroyed() throws IOException {
    Path group =
        file(
            "group.json",
            """
            {"id":"/cli-it/grp","apps":[{"id":"a","cmd":"sleep 1000","cpus":0.1,"mem":16}]}""");
    ok("app", "deploy", group.toString(), "--wait", "--wait-timeout", "60s");
    assertThat(ok("app", "list").out()).contains("/cli-it/grp/a");
    ok("app", "destroy", "/cli-it/grp/a", "--wait", "--wait-timeout", "60s");
    ok("app", "destroy", WEB, "--wait", "--wait-timeout", "60s");
    assertThat(ok("app", "list").out()).doesNotContain(WEB, "/cli-it/grp/a");
  }

  @Test
  @Order(8)
  void agentsAreListedAndDrained() throws IOException {
    JsonNode agents = JSON.readTree(ok("agent", "list", "--json").out());
    String id = agents.at("/get_agents/agents/0/agent_info/id/value").asText();
    assertThat(id).isNotBlank();
    assertThat(ok("agent", "list").out()).contains(id, "active");
    assertThat(ok("agent", "drain", id).out()).contains("draining");
    await("agent " + id + " draining or drained")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> ok("agent", "list").out().matches("(?s).*" + id + "\\s+\\S+\\s+drain(ing|ed).*"));
  }
}
