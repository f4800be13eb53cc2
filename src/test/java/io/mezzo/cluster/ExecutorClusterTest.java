package io.mezzo.cluster;

import static io.mezzo.cluster.ExecutorTasks.WAIT;
import static io.mezzo.cluster.ExecutorTasks.accept;
import static io.mezzo.cluster.ExecutorTasks.assertEventsAreOfficial;
import static io.mezzo.cluster.ExecutorTasks.awaitWholeAgentOffered;
import static io.mezzo.cluster.ExecutorTasks.b64;
import static io.mezzo.cluster.ExecutorTasks.custom;
import static io.mezzo.cluster.ExecutorTasks.executorTask;
import static io.mezzo.cluster.ExecutorTasks.javaExecutorCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's executors end to end through a real master and a real agent in one JVM: a custom
 * executor (the test program {@code TestExecutor}, a real JVM speaking the v1 executor API) runs
 * two tasks and exchanges messages with its scheduler, survives an agent restart, and its end (shut
 * down or dead) reaches the scheduler as FAILURE; a MESSAGE to an unknown executor gets Mesos's
 * 400. Task groups: {@link TaskGroupClusterTest}. Every event the scheduler sees is checked against
 * the official protos.
 */
class ExecutorClusterTest {

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
            f,
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
    awaitWholeAgentOffered(f);
    assertEventsAreOfficial(f);
  }

  @Test
  void anExecutorThatDiesFailsItsTaskAndItsSchedulerGetsItsWaitStatus() {
    Offer offer = f.awaitOffer();
    ExecutorInfo executor = custom("e3", javaExecutorCommand());
    accept(
        f,
        offer,
        Call.Operation.launch(List.of(executorTask("orphan", offer, executor, "sleep 60"))));
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
    awaitWholeAgentOffered(f);
    assertEventsAreOfficial(f);
  }

  @Test
  void anAgentRestartKeepsALiveExecutorAndItsTask() {
    Offer offer = f.awaitOffer();
    ExecutorInfo executor = custom("e2", javaExecutorCommand());
    CallResult launched =
        accept(
            f,
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
    assertEventsAreOfficial(f);
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
}
