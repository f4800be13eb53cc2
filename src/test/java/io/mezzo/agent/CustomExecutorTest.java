package io.mezzo.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Custom executors on a real agent: the agent against a scripted master, its executor API on a
 * Vert.x server on a random port, and {@link io.mezzo.testing.executor.TestExecutor} as a real JVM
 * process speaking that API. Agent timers (registration timeout) are manual.
 */
class CustomExecutorTest extends ExecutorTestBase {
  @Test
  void runsTwoTasksInOneExecutorExchangesMessagesKillsAndShutsDown() throws Exception {
    startAndRegister();
    ExecutorInfo executor = testExecutor(javaExecutorCommand());
    link.emit(AgentEvent.runTask(FW, executorTask("one", executor, "true")));
    link.emit(AgentEvent.runTask(FW, executorTask("two", executor, "sleep 60")));

    TaskStatus running = link.awaitUpdate(TaskId.of("one"), TaskState.TASK_RUNNING);
    assertThat(running.source()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(running.executorId()).isEqualTo(EID);
    assertThat(running.agentId()).isEqualTo(AID);
    link.acknowledge(FID, running);
    link.acknowledge(FID, link.awaitUpdate(TaskId.of("one"), TaskState.TASK_FINISHED));
    TaskStatus twoRunning = link.awaitUpdate(TaskId.of("two"), TaskState.TASK_RUNNING);
    assertThat(twoRunning.containerStatus().containerId())
        .isEqualTo(running.containerStatus().containerId());
    link.acknowledge(FID, twoRunning);

    AgentSnapshot snap = get(agent.snapshot());
    assertThat(snap.frameworks().get(0).executors())
        .singleElement()
        .satisfies(e -> assertThat(e.executorId()).isEqualTo(EID));
    // Executor resources (0.1 cpus) count beside the running task's (0.1 cpus).
    assertThat(snap.used().scalar("cpus"))
        .isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));

    link.emit(AgentEvent.frameworkToExecutor(FID, EID, b64("hello")));
    await()
        .atMost(WAIT)
        .until(
            () ->
                sent(AgentCall.Type.EXECUTOR_TO_FRAMEWORK).stream()
                    .anyMatch(c -> c.message().data().equals(b64("echo: hello"))));
    AgentCall reply = sent(AgentCall.Type.EXECUTOR_TO_FRAMEWORK).get(0);
    assertThat(reply.message().executorId()).isEqualTo(EID);
    assertThat(reply.message().frameworkId()).isEqualTo(FID);

    link.emit(AgentEvent.killTask(FID, TaskId.of("two"), null));
    TaskStatus killed = link.awaitUpdate(TaskId.of("two"), TaskState.TASK_KILLED);
    assertThat(killed.source()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    link.acknowledge(FID, killed);

    link.emit(AgentEvent.shutdownExecutor(FID, EID));
    await().atMost(WAIT).until(() -> !sent(AgentCall.Type.EXITED_EXECUTOR).isEmpty());
    AgentCall.ExitedExecutor exited = sent(AgentCall.Type.EXITED_EXECUTOR).get(0).exitedExecutor();
    assertThat(exited.executorId()).isEqualTo(EID);
    assertThat(exited.status()).isEqualTo(0);
  }

  @Test
  void anExecutorThatExitsFailsItsTasksAndIsReportedExited() throws Exception {
    startAndRegister();
    ExecutorInfo executor = testExecutor(javaExecutorCommand());
    link.emit(AgentEvent.runTask(FW, executorTask("long", executor, "sleep 60")));
    link.acknowledge(FID, link.awaitUpdate(TaskId.of("long"), TaskState.TASK_RUNNING));

    link.emit(AgentEvent.frameworkToExecutor(FID, EID, b64("exit:3")));

    TaskStatus failed = link.awaitUpdate(TaskId.of("long"), TaskState.TASK_FAILED);
    assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
    assertThat(failed.source()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
    await().atMost(WAIT).until(() -> !sent(AgentCall.Type.EXITED_EXECUTOR).isEmpty());
    assertThat(sent(AgentCall.Type.EXITED_EXECUTOR).get(0).exitedExecutor().status())
        .isEqualTo(3 << 8);
    assertThat(get(agent.snapshot()).used().scalar("cpus")).isZero();
  }

  @Test
  void anExecutorThatNeverSubscribesIsDestroyedAndItsTasksFail() throws Exception {
    startAndRegister();
    link.emit(AgentEvent.runTask(FW, executorTask("waiting", testExecutor("sleep 120"), "true")));
    await()
        .atMost(WAIT)
        .until(
            () -> {
              advance(Duration.ofSeconds(5));
              return link.updatesOf(TaskId.of("waiting")).stream()
                  .anyMatch(s -> s.state() == TaskState.TASK_FAILED);
            });
    TaskStatus failed = link.awaitUpdate(TaskId.of("waiting"), TaskState.TASK_FAILED);
    assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT);
    assertThat(failed.message()).contains("did not subscribe");
    await().atMost(WAIT).until(() -> !sent(AgentCall.Type.EXITED_EXECUTOR).isEmpty());
  }

  @Test
  void anAgentRestartKeepsALiveExecutorAndItsTasks() throws Exception {
    startAndRegister();
    ExecutorInfo executor = testExecutor(javaExecutorCommand());
    link.emit(AgentEvent.runTask(FW, executorTask("kept", executor, "sleep 60")));
    link.acknowledge(FID, link.awaitUpdate(TaskId.of("kept"), TaskState.TASK_RUNNING));

    agent.stop(); // the executor and its task keep running; the executor's stream ends
    containerizers.clear();
    ScriptedMasterLink link2 = new ScriptedMasterLink();
    link = link2;
    agent = newAgent(link2);
    get(agent.start());
    advance(Duration.ofSeconds(1));
    AgentCall.Register register = link2.awaitStream(1).subscribe().register();
    assertThat(register.executors()).extracting(ExecutorInfo::executorId).containsExactly(EID);
    assertThat(register.tasks()).extracting(t -> t.task().taskId()).contains(TaskId.of("kept"));
    link2.emit(AgentEvent.registered(AID, "master-1", 15));
    await().atMost(WAIT).until(agent::isRegistered);

    // It re-subscribed: a message reaches it and comes back, and a kill goes through it.
    await()
        .atMost(WAIT)
        .until(
            () -> {
              link2.emit(AgentEvent.frameworkToExecutor(FID, EID, b64("still there?")));
              return link2.sent().stream()
                  .anyMatch(c -> c.type() == AgentCall.Type.EXECUTOR_TO_FRAMEWORK);
            });
    advance(Duration.ofSeconds(5)); // past the re-registration timeout: it subscribed in time
    link2.emit(AgentEvent.killTask(FID, TaskId.of("kept"), null));
    TaskStatus killed = link2.awaitUpdate(TaskId.of("kept"), TaskState.TASK_KILLED);
    assertThat(killed.source()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
  }
}
