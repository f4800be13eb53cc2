package io.mezzo.cluster;

import static io.mezzo.testing.ProtoOracle.Schema.SCHEDULER_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.master.Response;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.testing.ProtoOracle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's executors end to end through a real master and a real agent in one JVM: a custom
 * executor (the test program {@code TestExecutor}, a real JVM speaking the v1 executor API) runs
 * two tasks and exchanges messages with its scheduler; task groups on the default executor start
 * together and end together; bad LAUNCH_GROUPs and MESSAGEs get Mesos's answers. Every event the
 * scheduler sees is checked against the official protos.
 */
class ExecutorClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final double AGENT_CPUS = 2;

  @TempDir Path work;
  private InProcessCluster cluster;
  private TestScheduler f;

  @BeforeEach
  void start() {
    cluster = new InProcessCluster(work);
    cluster.addAgent("cpus:2;mem:1024;disk:1024;ports:[31000-31010]");
    await().atMost(WAIT).until(() -> cluster.agents.get(0).isRegistered());
    f = new TestScheduler(cluster.master, "f").subscribe();
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void customExecutorRunsTwoTasksEchoesAMessageAndShutsDownWithAFailureEvent() {
    Offer offer = f.awaitOffer();
    ExecutorInfo executor = custom("e1", javaExecutorCommand());
    CallResult launched =
        accept(
            offer,
            Call.Operation.launch(
                List.of(
                    executorTask("t1", offer, executor, "sleep 1"),
                    executorTask("t2", offer, executor, "sleep 1"))));
    assertThat(launched.status()).as(launched.message()).isEqualTo(202);
    for (String t : List.of("t1", "t2")) {
      await().atMost(WAIT).until(() -> f.saw(t, TaskState.TASK_FINISHED));
      assertThat(f.updates(t))
          .extracting(s -> s.state())
          .containsSubsequence(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
    }

    CallResult sent =
        f.callAndWait(
            Call.message(
                f.id, new Call.Message(offer.agentId(), ExecutorId.of("e1"), b64("ping"))));
    assertThat(sent.status()).as(sent.message()).isEqualTo(202);
    await().atMost(WAIT).until(() -> !f.events(Event.Type.MESSAGE).isEmpty());
    Event.Message echo = f.events(Event.Type.MESSAGE).get(0).message();
    assertThat(echo.agentId()).isEqualTo(offer.agentId());
    assertThat(echo.executorId().value()).isEqualTo("e1");
    assertThat(new String(Base64.getDecoder().decode(echo.data()), StandardCharsets.UTF_8))
        .isEqualTo("echo: ping");

    CallResult shutdown =
        f.callAndWait(Call.shutdown(f.id, new Call.Shutdown(ExecutorId.of("e1"), offer.agentId())));
    assertThat(shutdown.status()).as(shutdown.message()).isEqualTo(202);
    await().atMost(WAIT).until(() -> !f.events(Event.Type.FAILURE).isEmpty());
    Event.Failure failure = f.events(Event.Type.FAILURE).get(0).failure();
    assertThat(failure.agentId()).isEqualTo(offer.agentId());
    assertThat(failure.executorId().value()).isEqualTo("e1");
    awaitWholeAgentOffered();
    assertEventsAreOfficial();
  }

  @Test
  void anExecutorThatDiesFailsItsTaskAndItsSchedulerGetsItsWaitStatus() {
    Offer offer = f.awaitOffer();
    ExecutorInfo executor = custom("e3", javaExecutorCommand());
    accept(
        offer, Call.Operation.launch(List.of(executorTask("orphan", offer, executor, "sleep 60"))));
    await().atMost(WAIT).until(() -> f.saw("orphan", TaskState.TASK_RUNNING));
    // The test executor halts with status 3 when told "exit:3".
    f.callAndWait(
        Call.message(f.id, new Call.Message(offer.agentId(), ExecutorId.of("e3"), b64("exit:3"))));
    await().atMost(WAIT).until(() -> f.saw("orphan", TaskState.TASK_FAILED));
    var failed =
        f.updates("orphan").stream()
            .filter(s -> s.state() == TaskState.TASK_FAILED)
            .findFirst()
            .orElseThrow();
    assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
    await().atMost(WAIT).until(() -> !f.events(Event.Type.FAILURE).isEmpty());
    Event.Failure failure = f.events(Event.Type.FAILURE).get(0).failure();
    assertThat(failure.executorId().value()).isEqualTo("e3");
    assertThat(failure.status()).as("a wait status, exit code in bits 8-15").isEqualTo(3 << 8);
    awaitWholeAgentOffered();
    assertEventsAreOfficial();
  }

  @Test
  void anAgentRestartKeepsALiveExecutorAndItsTask() {
    Offer offer = f.awaitOffer();
    ExecutorInfo executor = custom("e2", javaExecutorCommand());
    CallResult launched =
        accept(
            offer,
            Call.Operation.launch(List.of(executorTask("kept", offer, executor, "sleep 60"))));
    assertThat(launched.status()).as(launched.message()).isEqualTo(202);
    await().atMost(WAIT).until(() -> f.saw("kept", TaskState.TASK_RUNNING));

    var restarted = cluster.restartAgent(0);
    await().atMost(WAIT).until(restarted::isRegistered);
    // The executor re-subscribed to the new agent: a message reaches it and its echo comes back.
    await()
        .atMost(WAIT)
        .until(
            () ->
                InProcessCluster.get(restarted.snapshot()).tasks().stream()
                    .anyMatch(
                        t ->
                            t.taskId().value().equals("kept")
                                && t.state() == TaskState.TASK_RUNNING));
    // Sent again each second: one that arrives before the executor re-subscribed is dropped.
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              if (f.events(Event.Type.MESSAGE).isEmpty()) {
                f.callAndWait(
                    Call.message(
                        f.id,
                        new Call.Message(offer.agentId(), ExecutorId.of("e2"), b64("still"))));
                return false;
              }
              return true;
            });
    assertThat(f.updates("kept")).noneMatch(s -> s.state().isTerminal());
    f.callAndWait(Call.kill(f.id, new Call.Kill(TaskId.of("kept"), offer.agentId(), null)));
    await().atMost(WAIT).until(() -> f.saw("kept", TaskState.TASK_KILLED));
    assertEventsAreOfficial();
  }

  @Test
  void taskGroupStartsTogetherAndAFailedTaskKillsTheOther() {
    Offer offer = f.awaitOffer();
    ExecutorInfo executor = defaultExecutor("g1");
    CallResult launched =
        accept(
            offer,
            Call.Operation.launchGroup(
                executor,
                new TaskGroupInfo(
                    List.of(
                        commandTask("long", offer, "sleep 60"),
                        commandTask("short", offer, "sleep 3; exit 1")))));
    assertThat(launched.status()).as(launched.message()).isEqualTo(202);
    await()
        .atMost(WAIT)
        .until(
            () -> f.saw("long", TaskState.TASK_RUNNING) && f.saw("short", TaskState.TASK_RUNNING));
    // While the group runs the master lists its DEFAULT executor.
    CallResult r =
        InProcessCluster.get(
            cluster.master.operatorCall(
                io.mezzo.api.v1.master.Call.of(io.mezzo.api.v1.master.Call.Type.GET_EXECUTORS)));
    assertThat(r.status()).as(r.message()).isEqualTo(200);
    ProtoOracle.check(ProtoOracle.Schema.MASTER_RESPONSE, MesosJson.writeString(r.body()));
    List<Response.GetExecutors.Executor> executors =
        ((Response) r.body()).getExecutors().executors();
    assertThat(executors)
        .anySatisfy(
            e -> {
              assertThat(e.executorInfo().executorId().value()).isEqualTo("g1");
              assertThat(e.executorInfo().type()).isEqualTo(ExecutorInfo.Type.DEFAULT);
              assertThat(e.agentId()).isEqualTo(offer.agentId());
            });

    await().atMost(WAIT).until(() -> f.saw("short", TaskState.TASK_FAILED));
    await().atMost(WAIT).until(() -> f.saw("long", TaskState.TASK_KILLED));
    awaitWholeAgentOffered();
    assertEventsAreOfficial();
  }

  @Test
  void aGroupWithADuplicateTaskIdIsAllTaskErrorAndItsResourcesComeBack() {
    Offer offer = f.awaitOffer();
    CallResult launched =
        accept(
            offer,
            Call.Operation.launchGroup(
                defaultExecutor("g2"),
                new TaskGroupInfo(
                    List.of(
                        commandTask("dup", offer, "sleep 60"),
                        commandTask("dup", offer, "sleep 60"),
                        commandTask("other", offer, "sleep 60")))));
    assertThat(launched.status()).as(launched.message()).isIn(200, 202);
    await()
        .atMost(WAIT)
        .until(() -> f.saw("dup", TaskState.TASK_ERROR) && f.saw("other", TaskState.TASK_ERROR));
    assertThat(f.updates("dup")).noneMatch(s -> s.state() == TaskState.TASK_RUNNING);
    assertThat(f.updates("other")).noneMatch(s -> s.state() == TaskState.TASK_RUNNING);
    assertThat(f.updates("dup").get(0).message()).contains("dup");
    awaitWholeAgentOffered();
    assertEventsAreOfficial();
  }

  @Test
  void aMessageToAnUnknownExecutorIs400NamingIt() {
    Offer offer = f.awaitOffer();
    CallResult r =
        f.callAndWait(
            Call.message(
                f.id, new Call.Message(offer.agentId(), ExecutorId.of("nobody-here"), b64("x"))));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("nobody-here");
  }

  // ---- helpers -------------------------------------------------------------------------------

  private CallResult accept(Offer offer, Call.Operation op) {
    return f.callAndWait(
        Call.accept(f.id, new Call.Accept(List.of(offer.id()), List.of(op), new Filters(0.0))));
  }

  /**
   * Waits until one offer holds the whole agent (nothing of the tasks or executor is still booked),
   * declining partial offers so the allocator folds everything free into the next one.
   */
  private void awaitWholeAgentOffered() {
    Set<String> seen = new HashSet<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              for (Offer o : f.offers()) {
                if (!seen.add(o.id().value())) {
                  continue;
                }
                if (cpus(o) >= AGENT_CPUS - 1e-9) {
                  return true;
                }
                f.decline(o, 0);
              }
              return false;
            });
  }

  private static double cpus(Offer o) {
    return o.resources().stream()
        .filter(r -> r.name().equals("cpus"))
        .mapToDouble(r -> r.scalar().value())
        .sum();
  }

  private void assertEventsAreOfficial() {
    for (Event.Type type : Event.Type.values()) {
      for (Event e : f.events(type)) {
        ProtoOracle.check(SCHEDULER_EVENT, MesosJson.writeString(e));
      }
    }
  }

  private static ExecutorInfo custom(String id, String command) {
    return new ExecutorInfo(
        ExecutorInfo.Type.CUSTOM,
        ExecutorId.of(id),
        null,
        CommandInfo.shell(command),
        null,
        List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 64)),
        "test executor " + id,
        null);
  }

  private static ExecutorInfo defaultExecutor(String id) {
    return new ExecutorInfo(
        ExecutorInfo.Type.DEFAULT,
        ExecutorId.of(id),
        null,
        null,
        null,
        List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 32)),
        "group " + id,
        null);
  }

  static String javaExecutorCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return "exec '"
        + java
        + "' -Xmx64m -XX:TieredStopAtLevel=1 -cp '"
        + System.getProperty("java.class.path")
        + "' io.mezzo.testing.executor.TestExecutor";
  }

  /** A task for the test executor: its {@code data} is the shell command the executor runs. */
  private static TaskInfo executorTask(
      String id, Offer offer, ExecutorInfo executor, String shell) {
    return new TaskInfo(
        id,
        TaskId.of(id),
        offer.agentId(),
        List.of(Resource.scalar("cpus", 0.2), Resource.scalar("mem", 32)),
        executor,
        null,
        null,
        null,
        null,
        null,
        b64(shell),
        null,
        null,
        null,
        null);
  }

  private static TaskInfo commandTask(String id, Offer offer, String shell) {
    return new TaskInfo(
        id,
        TaskId.of(id),
        offer.agentId(),
        List.of(Resource.scalar("cpus", 0.2), Resource.scalar("mem", 32)),
        null,
        CommandInfo.shell(shell),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
