package io.mezzo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.CheckInfo;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.HealthCheck;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.TaskStatus.Reason;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.testing.ProtoOracle;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks, checks and max_completion_time on a real agent with real processes: the tasks run
 * their own HTTP server (busybox httpd), the agent probes them, and every update the framework gets
 * is parsed with the official protos.
 */
class HealthCheckClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path work;
  private InProcessCluster cluster;
  private TestScheduler f;

  @BeforeEach
  void start() {
    cluster = new InProcessCluster(work);
    cluster.addAgent("cpus:2;mem:1024;disk:1024");
    await().atMost(WAIT).until(() -> cluster.agents.get(0).isRegistered());
    f = new TestScheduler(cluster.master, "f").subscribe();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aPassingHttpHealthCheckReportsHealthyOnce() throws Exception {
    int port = freePort();
    HealthCheck check = http(port, "/").withTimings(0, 0.5, 5, 3, 10);
    launch(task("web", serve(port), check, null, null));
    await().atMost(WAIT).until(() -> !healthUpdates("web").isEmpty());
    // Several more probes pass meanwhile; none of them is a change, so none is reported.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(WAIT)
        .until(() -> healthUpdates("web").size() == 1);
    TaskStatus healthy = healthUpdates("web").get(0);
    assertThat(healthy.state()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(healthy.healthy()).isTrue();
    assertThat(f.saw("web", TaskState.TASK_KILLED)).isFalse();
    assertAllParse("web");
  }

  @Test
  void aFailingHttpHealthCheckTurnsUnhealthyAndKillsTheTaskAfterItsFailures() throws Exception {
    int port = freePort();
    HealthCheck check = http(port, "/missing").withTimings(0.5, 0.5, 5, 2, 0);
    launch(task("sick", serve(port), check, null, null));
    await().atMost(WAIT).until(() -> f.saw("sick", TaskState.TASK_KILLED));
    List<TaskStatus> health = healthUpdates("sick");
    assertThat(health).hasSize(1);
    assertThat(health.get(0).healthy()).isFalse();
    assertThat(health.get(0).message()).contains("answered 404");
    TaskStatus killed = last("sick");
    assertThat(killed.state()).isEqualTo(TaskState.TASK_KILLED);
    assertThat(killed.healthy()).isFalse();
    assertThat(killed.message())
        .startsWith("Task is unhealthy: 2 consecutive health check failure(s)")
        .contains("HTTP GET http://127.0.0.1:" + port + "/missing");
    assertAllParse("sick");
  }

  @Test
  void aCommandHealthCheckOfFalseKillsTheTask() throws Exception {
    HealthCheck check = HealthCheck.command("false").withTimings(0, 0.5, 5, 1, 0);
    launch(task("false", "sleep 30", check, null, null));
    await().atMost(WAIT).until(() -> f.saw("false", TaskState.TASK_KILLED));
    assertThat(last("false").message()).contains("command 'false' exited with status 1");
    assertAllParse("false");
  }

  @Test
  void aCommandHealthCheckRunsInTheSandboxWithTheTasksEnvironment() throws Exception {
    HealthCheck check =
        HealthCheck.command("test -f marker && test \"$PWD\" = \"$MESOS_SANDBOX\"")
            .withTimings(0.5, 0.5, 5, 3, 30);
    launch(task("env", "touch marker && sleep 30", check, null, null));
    await().atMost(WAIT).until(() -> !healthUpdates("env").isEmpty());
    assertThat(healthUpdates("env").get(0).healthy()).isTrue();
  }

  @Test
  void aTcpHealthCheckAndAGeneralCommandCheckReportTheirResults() throws Exception {
    int port = freePort();
    HealthCheck tcp =
        new HealthCheck(
            0.0,
            0.5,
            5.0,
            3,
            10.0,
            HealthCheck.Type.TCP,
            null,
            null,
            new HealthCheck.Tcp(null, port));
    CheckInfo exit3 =
        new CheckInfo(
            CheckInfo.Type.COMMAND,
            new CheckInfo.Command(CommandInfo.shell("exit 3")),
            null,
            null,
            0.0,
            0.5,
            5.0);
    launch(task("tcp", serve(port), tcp, exit3, null));
    await()
        .atMost(WAIT)
        .until(() -> !healthUpdates("tcp").isEmpty() && !checkUpdates("tcp").isEmpty());
    assertThat(healthUpdates("tcp").get(0).healthy()).isTrue();
    TaskStatus running =
        f.updates("tcp").stream()
            .filter(s -> s.state() == TaskState.TASK_RUNNING)
            .findFirst()
            .orElseThrow();
    assertThat(running.reason()).isNull();
    assertThat(running.checkStatus().type()).isEqualTo(CheckInfo.Type.COMMAND);
    assertThat(running.checkStatus().command().exitCode()).isNull();
    TaskStatus checked = checkUpdates("tcp").get(0);
    assertThat(checked.state()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(checked.checkStatus().type()).isEqualTo(CheckInfo.Type.COMMAND);
    assertThat(checked.checkStatus().command().exitCode()).isEqualTo(3);
    assertThat(f.saw("tcp", TaskState.TASK_KILLED)).isFalse();
    assertAllParse("tcp");
  }

  @Test
  void aTaskPastItsMaxCompletionTimeIsKilledAndFails() throws Exception {
    launch(task("slow", "sleep 30", null, null, DurationInfo.of(Duration.ofSeconds(1))));
    await().atMost(WAIT).until(() -> f.saw("slow", TaskState.TASK_FAILED));
    TaskStatus failed = last("slow");
    assertThat(failed.reason()).isEqualTo(Reason.REASON_MAX_COMPLETION_TIME_REACHED);
    assertThat(failed.message()).contains("max_completion_time of 1000 ms");
    assertAllParse("slow");
  }

  @Test
  void aHealthCheckWithANegativeIntervalIsATaskError() {
    HealthCheck bad = HealthCheck.command("true").withTimings(0, -1, 5, 3, 0);
    launch(task("bad", "sleep 30", bad, null, null));
    await().atMost(WAIT).until(() -> f.saw("bad", TaskState.TASK_ERROR));
    TaskStatus error = last("bad");
    assertThat(error.reason()).isEqualTo(Reason.REASON_TASK_INVALID);
    assertThat(error.message())
        .isEqualTo(
            "Task uses invalid health check: Expecting 'interval_seconds' to be non-negative,"
                + " got -1.0");
  }

  // --- helpers ---

  private static HealthCheck http(int port, String path) {
    return new HealthCheck(
        null,
        null,
        null,
        null,
        null,
        HealthCheck.Type.HTTP,
        null,
        new HealthCheck.Http(null, null, port, path, null),
        null);
  }

  /** A shell command that serves {@code /} (an index page) on the loopback, in the foreground. */
  private static String serve(int port) {
    return "mkdir -p www && echo ok > www/index.html && exec busybox httpd -f -p 127.0.0.1:"
        + port
        + " -h www";
  }

  private TaskInfo task(
      String id, String command, HealthCheck health, CheckInfo check, DurationInfo max) {
    Offer offer = f.awaitOffer();
    return new TaskInfo(
        id,
        new TaskId(id),
        offer.agentId(),
        List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 32)),
        null,
        CommandInfo.shell(command),
        null,
        health,
        check,
        null,
        null,
        null,
        null,
        max,
        null);
  }

  private void launch(TaskInfo task) {
    Offer offer =
        f.offers().stream()
            .filter(o -> o.agentId().equals(task.agentId()))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(
            f.callAndWait(
                    Call.accept(
                        f.id,
                        new Call.Accept(
                            List.of(offer.id()),
                            List.of(Call.Operation.launch(List.of(task))),
                            new Filters(0.0))))
                .status())
        .isEqualTo(202);
  }

  private List<TaskStatus> healthUpdates(String task) {
    return f.updates(task).stream()
        .filter(s -> s.reason() == Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED)
        .toList();
  }

  private List<TaskStatus> checkUpdates(String task) {
    return f.updates(task).stream()
        .filter(s -> s.reason() == Reason.REASON_TASK_CHECK_STATUS_UPDATED)
        .toList();
  }

  private TaskStatus last(String task) {
    List<TaskStatus> all = f.updates(task);
    return all.get(all.size() - 1);
  }

  private void assertAllParse(String task) {
    for (TaskStatus s : f.updates(task)) {
      ProtoOracle.check(ProtoOracle.Schema.TASK_STATUS, MesosJson.writeString(s));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
