package io.mezzo.agent.operator;

import static io.mezzo.testing.ProtoOracle.Schema.AGENT_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.Agent;
import io.mezzo.agent.AgentSnapshot;
import io.mezzo.agent.TestTasks;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.agent.operator.AgentOperatorCalls.Answer;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.agent.Call;
import io.mezzo.api.v1.agent.Response;
import io.mezzo.api.wire.WireCodec;
import io.mezzo.core.time.SystemTimers;
import io.mezzo.testing.ProtoOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WAIT_CONTAINER and KILL_CONTAINER against a real process containerizer: real commands that exit,
 * trap signals or die, and what Mesos answers for ids it does not run.
 */
class ContainerCallsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String UNTIL_GO = "while [ ! -e go ]; do sleep 0.1; done";
  private static final FrameworkId FW = FrameworkId.of("fw-0000");

  @TempDir Path work;
  private SystemTimers timers;
  private ProcessContainerizer containerizer;
  private final AtomicReference<AgentSnapshot> snapshot =
      new AtomicReference<>(snapshot(List.of()));
  private ContainerCalls calls;

  @BeforeEach
  void setUp() {
    timers = new SystemTimers("test");
    containerizer = new ProcessContainerizer(timers, List.of());
    calls =
        new ContainerCalls(containerizer, () -> CompletableFuture.completedFuture(snapshot.get()));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (ContainerId id : get(containerizer.containers())) {
      get(containerizer.destroy(id));
    }
    containerizer.close();
    timers.close();
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private ContainerConfig launched(String taskId, String shell) throws Exception {
    Paths.Run run =
        new Paths(work)
            .run(
                AgentId.of("agent-S0"),
                FW,
                ExecutorId.of(taskId),
                ContainerId.of(UUID.randomUUID().toString()));
    ContainerConfig c =
        new ContainerConfig(
            run, TestTasks.shellTask(taskId, shell), TestTasks.framework("fw-0000"));
    assertThat(get(containerizer.launch(c))).isEqualTo(Containerizer.LaunchResult.SUCCESS);
    return c;
  }

  /** Returns once the command's trap is set, so a signal cannot come before it. */
  private ContainerConfig trapping(String taskId, String trap) throws Exception {
    ContainerConfig c = launched(taskId, trap + "; touch trapped; " + UNTIL_GO);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Files.exists(c.sandbox().resolve("trapped")));
    return c;
  }

  /** The answer's body encodes as the official message and passes the strict JSON oracle. */
  private static Response wire(Answer a) {
    assertThat(a.status()).as(a.message()).isEqualTo(200);
    WireCodec.toMessage(a.body());
    ProtoOracle.check(AGENT_RESPONSE, MesosJson.writeString(a.body()));
    return a.body();
  }

  @Test
  void waitAnswersWhenTheCommandExitsWithItsWaitStatus() throws Exception {
    ContainerConfig c = launched("exits-3", UNTIL_GO + "; exit 3");
    CompletableFuture<Answer> answer =
        calls.await(new Call.WaitContainer(c.containerId())).toCompletableFuture();
    Thread.sleep(200);
    assertThat(answer).as("still running").isNotDone();

    Files.writeString(c.sandbox().resolve("go"), "go\n");

    Response.WaitContainer ended = wire(get(answer)).waitContainer();
    assertThat(ended.exitStatus()).as("exit code 3 in bits 8-15").isEqualTo(3 << 8);
    assertThat(ended.state()).as("set only for a limitation").isNull();
    assertThat(ended.reason()).isNull();
    assertThat(ended.message()).endsWith("exited with status 3");
    assertThat(wire(get(calls.await(new Call.WaitContainer(c.containerId())))).waitContainer())
        .as("a late wait")
        .isEqualTo(ended);
  }

  @Test
  void killWithoutASignalSendsSigkillAndAnswersAtOnce() throws Exception {
    ContainerConfig c = trapping("stubborn", "trap '' TERM");

    Answer killed = get(calls.kill(new Call.KillContainer(c.containerId(), null)));

    assertThat(killed.status()).isEqualTo(200);
    assertThat(killed.body()).as("an empty 200, as Mesos").isNull();
    Response.WaitContainer ended =
        wire(get(calls.await(new Call.WaitContainer(c.containerId())))).waitContainer();
    assertThat(ended.exitStatus()).as("SIGKILL as 128+9 in bits 8-15").isEqualTo((128 + 9) << 8);
    assertThat(get(containerizer.containers())).isEmpty();
  }

  @Test
  void killWithSigtermReachesTheCommandWhichDecidesHowToEnd() throws Exception {
    ContainerConfig c = trapping("cooperative", "trap 'exit 7' TERM");

    assertThat(get(calls.kill(new Call.KillContainer(c.containerId(), 15))).status())
        .isEqualTo(200);

    Response.WaitContainer ended =
        wire(get(calls.await(new Call.WaitContainer(c.containerId())))).waitContainer();
    assertThat(ended.exitStatus()).as("the trap's exit 7").isEqualTo(7 << 8);
  }

  @Test
  void aSignalGoesToTheCommandNotTheWrapperSoATrapKeepsItRunning() throws Exception {
    ContainerConfig c = trapping("handles-usr1", "trap 'touch got-usr1' USR1");

    assertThat(get(calls.kill(new Call.KillContainer(c.containerId(), 10))).status())
        .isEqualTo(200);

    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Files.exists(c.sandbox().resolve("got-usr1")));
    assertThat(get(containerizer.containers())).contains(c.containerId());
    Files.writeString(c.sandbox().resolve("go"), "go\n");
    assertThat(wire(get(calls.await(new Call.WaitContainer(c.containerId())))).waitContainer())
        .extracting(Response.WaitContainer::exitStatus)
        .as("the command went on to exit 0")
        .isEqualTo(0);
  }

  @Test
  void unknownOrEndedContainersAre404AsInMesos() throws Exception {
    ContainerId unknown = ContainerId.of("no-such-container");
    Answer waited = get(calls.await(new Call.WaitContainer(unknown)));
    assertThat(waited.status()).isEqualTo(404);
    assertThat(waited.message()).isEqualTo("Container no-such-container cannot be found");
    Answer killed = get(calls.kill(new Call.KillContainer(unknown, null)));
    assertThat(killed.status()).isEqualTo(404);
    assertThat(killed.message())
        .isEqualTo("Container 'no-such-container' cannot be found (or is already killed)");

    ContainerConfig c = launched("quick", "exit 0");
    assertThat(wire(get(calls.await(new Call.WaitContainer(c.containerId())))).waitContainer())
        .extracting(Response.WaitContainer::exitStatus)
        .isEqualTo(0);
    assertThat(get(calls.kill(new Call.KillContainer(c.containerId(), 9))).status())
        .as("already ended")
        .isEqualTo(404);
  }

  @Test
  void aDefaultExecutorsContainerHasNoProcessSoItIs501NotA404() throws Exception {
    ContainerId executor = ContainerId.of("default-executor");
    var task =
        new AgentSnapshot.TaskView(
            FW,
            TaskId.of("t1"),
            "t1",
            TaskState.TASK_RUNNING,
            ExecutorId.of("e1"),
            executor.child("t1-container"),
            work,
            List.of(),
            null);
    snapshot.set(
        snapshot(
            List.of(
                new AgentSnapshot.FrameworkView(
                    TestTasks.framework("fw-0000"),
                    List.of(
                        new AgentSnapshot.ExecutorView(
                            ExecutorId.of("e1"), executor, "mesos", work, List.of(task)))))));

    Answer waited = get(calls.await(new Call.WaitContainer(executor)));
    Answer killed = get(calls.kill(new Call.KillContainer(executor, null)));

    assertThat(waited.status()).isEqualTo(501);
    assertThat(waited.message())
        .startsWith("WAIT_CONTAINER of container default-executor (executor e1)")
        .contains("no process of its own");
    assertThat(killed.status()).isEqualTo(501);
    assertThat(killed.message()).startsWith("KILL_CONTAINER of container default-executor");
  }

  @Test
  void nestedContainersAre501AndMissingFields400() throws Exception {
    ContainerId nested = ContainerId.of("parent").child("child");
    Answer waited = get(calls.await(new Call.WaitContainer(nested)));
    assertThat(waited.status()).isEqualTo(501);
    assertThat(waited.message())
        .startsWith("'wait_container.container_id' names nested container parent.child");
    assertThat(get(calls.kill(new Call.KillContainer(nested, null))).status()).isEqualTo(501);

    assertThat(get(calls.await(null)).message())
        .isEqualTo("Expecting 'wait_container.container_id' to be present");
    Answer empty = get(calls.kill(new Call.KillContainer(ContainerId.of(""), null)));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.message())
        .isEqualTo("'kill_container.container_id' is invalid: ID must not be empty");
    Answer badSignal = get(calls.kill(new Call.KillContainer(ContainerId.of("c"), 0)));
    assertThat(badSignal.status()).isEqualTo(400);
    assertThat(badSignal.message()).startsWith("'kill_container.signal' must be a signal number");
  }

  @Test
  void aLimitationEndsWithTheStateReasonAndResourcesMesosSets() {
    var limitation =
        new ContainerLimitation(
            List.of(Resource.scalar("mem", 32)),
            TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY,
            "Memory limit exceeded: 40 MB of 32 MB");
    Response r =
        Response.waitContainer(
            ContainerCalls.ended(new Termination(137, true, limitation, limitation.message())));

    var official = (org.apache.mesos.v1.agent.Protos.Response) WireCodec.toMessage(r);
    ProtoOracle.check(AGENT_RESPONSE, MesosJson.writeString(r));
    var w = official.getWaitContainer();
    assertThat(official.getType())
        .isEqualTo(org.apache.mesos.v1.agent.Protos.Response.Type.WAIT_CONTAINER);
    assertThat(w.getExitStatus()).isEqualTo(137 << 8);
    assertThat(w.getState()).isEqualTo(org.apache.mesos.v1.Protos.TaskState.TASK_FAILED);
    assertThat(w.getReason())
        .isEqualTo(org.apache.mesos.v1.Protos.TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
    assertThat(w.getLimitation().getResources(0).getName()).isEqualTo("mem");
    assertThat(w.getMessage()).isEqualTo("Memory limit exceeded: 40 MB of 32 MB");

    Response unknown =
        Response.waitContainer(
            ContainerCalls.ended(new Termination(null, false, null, "exit status unknown")));
    var none = ((org.apache.mesos.v1.agent.Protos.Response) WireCodec.toMessage(unknown));
    assertThat(none.getWaitContainer().hasExitStatus()).as("unknown stays unset").isFalse();
    assertThat(none.getWaitContainer().hasState()).isFalse();
  }

  private static AgentSnapshot snapshot(List<AgentSnapshot.FrameworkView> frameworks) {
    return new AgentSnapshot(
        Agent.State.REGISTERED,
        AgentId.of("agent-S0"),
        "m1",
        "host",
        "http://127.0.0.1:5051",
        null,
        null,
        null,
        frameworks,
        List.of());
  }
}
