package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.framework;
import static io.mezzo.agent.TestTasks.shellTask;
import static io.mezzo.testing.ProtoOracle.Schema.AGENT_RESPONSE;
import static io.mezzo.testing.ProtoOracle.Schema.TASK_STATUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.agent.files.SandboxFiles;
import io.mezzo.agent.operator.AgentViews;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.agent.Response;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.testing.ProtoOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task groups on the agent's in-agent default executor, against a scripted master, with real
 * processes: they start together or not at all, a failed task takes its group down, and a restarted
 * agent keeps a running group.
 */
class TaskGroupTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AgentId AID = AgentId.of("master-1-S0");
  private static final FrameworkInfo FW = framework("master-1-0000");
  private static final FrameworkId FID = FW.id();
  private static final ExecutorId EID = ExecutorId.of("pod");

  @TempDir Path work;
  private AgentHarness harness;
  private ManualTimers timers;
  private List<ProcessContainerizer> containerizers;
  private ScriptedMasterLink link;
  private Agent agent;

  @BeforeEach
  void setUp() {
    harness = new AgentHarness(work);
    timers = harness.timers;
    containerizers = harness.containerizers;
    link = new ScriptedMasterLink();
    agent = newAgent(link);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private Agent newAgent(ScriptedMasterLink masterLink) {
    return harness.newAgent(
        harness.config("cpus:2;mem:1024;disk:1000", "", "http://agent-host:5052"), masterLink, 7);
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private void register(Agent a, ScriptedMasterLink l) throws Exception {
    int before = l.streams().size();
    get(a.start());
    for (int i = 0; i < 4; i++) {
      timers.advance(Duration.ofMillis(250));
      get(a.snapshot());
    }
    l.awaitStream(before + 1);
    l.emit(AgentEvent.registered(AID, "master-1", 15));
    await().atMost(WAIT).until(a::isRegistered);
  }

  static ExecutorInfo defaultExecutor() {
    return new ExecutorInfo(
        ExecutorInfo.Type.DEFAULT,
        EID,
        FID,
        null,
        null,
        List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 32)),
        "pod executor",
        null);
  }

  private static TaskInfo withContainer(TaskInfo t, ContainerInfo container) {
    return new TaskInfo(
        t.name(),
        t.taskId(),
        t.agentId(),
        t.resources(),
        t.executor(),
        t.command(),
        container,
        t.healthCheck(),
        t.check(),
        t.killPolicy(),
        t.data(),
        t.labels(),
        t.discovery(),
        t.maxCompletionTime(),
        t.limits());
  }

  private void runGroup(TaskInfo... tasks) {
    link.emit(AgentEvent.runTaskGroup(FW, defaultExecutor(), new TaskGroupInfo(List.of(tasks))));
  }

  /** Acknowledges STARTING and RUNNING of each task and returns the RUNNING updates. */
  private List<TaskStatus> ackRunning(TaskId... tasks) {
    List<TaskStatus> running = new ArrayList<>();
    for (TaskId t : tasks) {
      link.acknowledge(FID, link.awaitUpdate(t, TaskState.TASK_STARTING));
    }
    for (TaskId t : tasks) {
      TaskStatus r = link.awaitUpdate(t, TaskState.TASK_RUNNING);
      link.acknowledge(FID, r);
      running.add(r);
    }
    return running;
  }

  private Path sandboxOf(TaskId task) throws Exception {
    return get(agent.snapshot()).tasks().stream()
        .filter(t -> t.taskId().equals(task))
        .findFirst()
        .orElseThrow()
        .sandbox();
  }

  @Test
  void aGroupStartsTogetherAndATaskThatFailsKillsTheOther() throws Exception {
    register(agent, link);
    TaskId quitter = TaskId.of("quitter");
    TaskId sidecar = TaskId.of("sidecar");
    runGroup(
        shellTask("quitter", "while [ ! -f go ]; do sleep 0.05; done; exit 1"),
        shellTask("sidecar", "sleep 60"));

    List<TaskStatus> running = ackRunning(quitter, sidecar);
    ContainerId parent = running.get(0).containerStatus().containerId().parent();
    assertThat(parent).isNotNull();
    assertThat(running)
        .allSatisfy(
            r -> {
              assertThat(r.source()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
              assertThat(r.executorId()).isEqualTo(EID);
              assertThat(r.containerStatus().containerId().parent()).isEqualTo(parent);
              assertThat(r.containerStatus().executorPid()).isNotNull();
            });
    assertThat(running.get(0).containerStatus().containerId())
        .isNotEqualTo(running.get(1).containerStatus().containerId());

    Files.createFile(sandboxOf(quitter).resolve("go"));
    TaskStatus failed = link.awaitUpdate(quitter, TaskState.TASK_FAILED);
    TaskStatus killed = link.awaitUpdate(sidecar, TaskState.TASK_KILLED);
    assertThat(failed.executorId()).isEqualTo(EID);
    assertThat(killed.source()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    await()
        .atMost(WAIT)
        .until(
            () ->
                link.sent().stream()
                    .anyMatch(
                        c ->
                            c.type() == AgentCall.Type.EXITED_EXECUTOR
                                && c.exitedExecutor().executorId().equals(EID)));
  }

  @Test
  void aGroupWithATaskThatCannotLaunchLeavesNothingRunning() throws Exception {
    register(agent, link);
    TaskId good = TaskId.of("good");
    TaskId bad = TaskId.of("bad");
    TaskInfo unlaunchable =
        TestTasks.task("bad", new CommandInfo(null, null, true, " ", null, null), null);
    runGroup(shellTask("good", "sleep 60"), unlaunchable);

    link.acknowledge(FID, link.awaitUpdate(good, TaskState.TASK_STARTING));
    link.acknowledge(FID, link.awaitUpdate(bad, TaskState.TASK_STARTING));
    TaskStatus goodEnd = link.awaitUpdate(good, TaskState.TASK_FAILED);
    TaskStatus badEnd = link.awaitUpdate(bad, TaskState.TASK_FAILED);

    assertThat(badEnd.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
    assertThat(badEnd.message()).contains("task bad could not start");
    assertThat(goodEnd.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
    assertThat(goodEnd.message()).contains("Task group launch failed").contains("task bad");
    assertThat(link.updatesOf(good)).noneMatch(s -> s.state() == TaskState.TASK_RUNNING);
    assertThat(get(containerizers.get(0).containers())).isEmpty();
  }

  @Test
  void nestedContainersAndTheSharedSandboxAreVisible() throws Exception {
    register(agent, link);
    ObjectMapper json = new ObjectMapper();
    JsonNode shared =
        json.readTree(
            "{\"container_path\":\"shared\",\"mode\":\"RW\",\"source\":{\"type\":\"SANDBOX_PATH\","
                + "\"sandbox_path\":{\"type\":\"PARENT\",\"path\":\"data\"}}}");
    ContainerInfo withVolume =
        new ContainerInfo(ContainerInfo.Type.MESOS, List.of(shared), null, null, null, null);
    runGroup(
        withContainer(
            shellTask("writer", "echo \"$MESOS_SANDBOX\" > shared/who; sleep 60"), withVolume),
        shellTask("reader", "sleep 60"));
    List<TaskStatus> running = ackRunning(TaskId.of("writer"), TaskId.of("reader"));
    ContainerId parent = running.get(0).containerStatus().containerId().parent();

    List<ContainerReport> containers = get(agent.containers());
    assertThat(containers).extracting(ContainerReport::containerId).contains(parent);
    assertThat(containers)
        .extracting(ContainerReport::containerId)
        .containsAll(running.stream().map(r -> r.containerStatus().containerId()).toList());
    assertThat(containers).allSatisfy(c -> assertThat(c.executorId()).isEqualTo(EID));

    AgentSnapshot.ExecutorView executor =
        get(agent.snapshot()).frameworks().get(0).executors().get(0);
    assertThat(executor.executorId()).isEqualTo(EID);
    assertThat(executor.containerId()).isEqualTo(parent);
    assertThat(executor.tasks()).hasSize(2);
    Path writerSandbox = sandboxOf(TaskId.of("writer"));
    assertThat(writerSandbox.startsWith(executor.directory())).isTrue();
    assertThat(executor.directory().resolve("tasks").resolve("writer").toRealPath())
        .isEqualTo(writerSandbox.toRealPath());
    Path who = executor.directory().resolve("data").resolve("who");
    await().atMost(WAIT).until(() -> Files.exists(who) && Files.size(who) > 0);
    assertThat(Files.readString(who).strip()).isEqualTo(writerSandbox.toString());
    assertThat(get(agent.snapshot()).used().scalar("cpus")).isCloseTo(0.3, within());
    SandboxFiles files = SandboxFiles.of(get(agent.snapshot()));
    String viaLink =
        "/frameworks/" + FID.value() + "/executors/pod/runs/latest/tasks/writer/stdout";
    assertThat(files.resolve(viaLink).real())
        .isEqualTo(writerSandbox.resolve("stdout").toRealPath());

    // On the wire as Mesos's protos have it: nested ids with their parent, one DEFAULT executor.
    ProtoOracle.check(TASK_STATUS, MesosJson.writeString(running.get(0)));
    ProtoOracle.check(
        AGENT_RESPONSE,
        MesosJson.writeString(Response.containers(AgentViews.containers(containers))));
    Response.GetState state = AgentViews.state(get(agent.snapshot()));
    ProtoOracle.check(AGENT_RESPONSE, MesosJson.writeString(Response.state(state)));
    assertThat(state.getExecutors().executors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.executorInfo().executorId()).isEqualTo(EID);
              assertThat(e.executorInfo().type()).isEqualTo(ExecutorInfo.Type.DEFAULT);
            });
    assertThat(state.getTasks().launchedTasks()).hasSize(2);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  @Test
  void killingOneTaskKillsItsWholeGroup() throws Exception {
    register(agent, link);
    runGroup(shellTask("a", "sleep 60"), shellTask("b", "sleep 60"));
    ackRunning(TaskId.of("a"), TaskId.of("b"));

    link.emit(AgentEvent.killTask(FID, TaskId.of("a"), null));
    link.awaitUpdate(TaskId.of("a"), TaskState.TASK_KILLED);
    link.awaitUpdate(TaskId.of("b"), TaskState.TASK_KILLED);
  }

  @Test
  void shutdownExecutorKillsEveryGroupAndTheExecutorExits() throws Exception {
    register(agent, link);
    runGroup(shellTask("one", "sleep 60"));
    runGroup(shellTask("two", "sleep 60"));
    ackRunning(TaskId.of("one"), TaskId.of("two"));

    link.emit(AgentEvent.shutdownExecutor(FID, EID));
    link.awaitUpdate(TaskId.of("one"), TaskState.TASK_KILLED);
    link.awaitUpdate(TaskId.of("two"), TaskState.TASK_KILLED);
    await()
        .atMost(WAIT)
        .until(
            () -> link.sent().stream().anyMatch(c -> c.type() == AgentCall.Type.EXITED_EXECUTOR));
  }

  @Test
  void aSecondGroupJoinsTheRunningExecutorAndLivesOnItsOwn() throws Exception {
    register(agent, link);
    runGroup(shellTask("first", "sleep 60"));
    ContainerId parent =
        ackRunning(TaskId.of("first")).get(0).containerStatus().containerId().parent();
    runGroup(shellTask("second", "exit 3"));
    ackRunning(TaskId.of("second"));
    TaskStatus ended = link.awaitUpdate(TaskId.of("second"), TaskState.TASK_FAILED);

    assertThat(ended.containerStatus().containerId().parent()).isEqualTo(parent);
    assertThat(get(agent.snapshot()).tasks())
        .filteredOn(t -> t.taskId().equals(TaskId.of("first")))
        .singleElement()
        .satisfies(t -> assertThat(t.state()).isEqualTo(TaskState.TASK_RUNNING));
  }

  @Test
  void badGroupsEndEveryTaskWithTheReasonAndStartNothing() throws Exception {
    register(agent, link);
    link.emit(AgentEvent.runTask(FW, shellTask("taken", "sleep 60")));
    link.awaitUpdate(TaskId.of("taken"), TaskState.TASK_STARTING);

    runGroup(shellTask("dup", "sleep 60"), shellTask("dup", "sleep 60"));
    assertThat(link.awaitUpdate(TaskId.of("dup"), TaskState.TASK_ERROR).message())
        .contains("appears twice");

    runGroup(shellTask("fresh", "sleep 60"), shellTask("taken", "sleep 60"));
    TaskStatus inUse = link.awaitUpdate(TaskId.of("fresh"), TaskState.TASK_ERROR);
    assertThat(inUse.message()).contains("taken").contains("already in use");
    assertThat(inUse.reason()).isEqualTo(TaskStatus.Reason.REASON_TASK_GROUP_INVALID);

    TaskInfo elsewhere = shellTask("elsewhere", "sleep 60");
    elsewhere =
        new TaskInfo(
            elsewhere.name(),
            elsewhere.taskId(),
            AgentId.of("other-S9"),
            elsewhere.resources(),
            null,
            elsewhere.command(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    runGroup(shellTask("near", "sleep 60"), elsewhere);
    assertThat(link.awaitUpdate(TaskId.of("near"), TaskState.TASK_ERROR).message())
        .contains("names agent other-S9");

    assertThat(get(agent.snapshot()).tasks())
        .extracting(AgentSnapshot.TaskView::taskId)
        .containsExactly(TaskId.of("taken"));
  }

  @Test
  void aRestartedAgentKeepsARunningGroup() throws Exception {
    register(agent, link);
    runGroup(shellTask("a", "sleep 60"), shellTask("b", "sleep 60"));
    List<TaskStatus> running = ackRunning(TaskId.of("a"), TaskId.of("b"));
    agent.stop();
    containerizers.clear();

    ScriptedMasterLink link2 = new ScriptedMasterLink();
    link = link2;
    agent = newAgent(link2);
    get(agent.start());
    for (int i = 0; i < 4; i++) {
      timers.advance(Duration.ofMillis(250));
      get(agent.snapshot());
    }
    AgentCall.Register again = link2.awaitStream(1).subscribe().register();
    assertThat(again.tasks())
        .extracting(t -> t.task().taskId())
        .containsExactlyInAnyOrder(TaskId.of("a"), TaskId.of("b"));
    assertThat(again.executors())
        .singleElement()
        .satisfies(e -> assertThat(e.executorId()).isEqualTo(EID));
    assertThat(running)
        .allSatisfy(
            r ->
                assertThat(
                        ProcessHandle.of(r.containerStatus().executorPid())
                            .map(ProcessHandle::isAlive))
                    .contains(true));
    link2.emit(AgentEvent.registered(AID, "master-1", 15));
    await().atMost(WAIT).until(agent::isRegistered);
    AgentSnapshot.ExecutorView executor =
        get(agent.snapshot()).frameworks().get(0).executors().get(0);
    assertThat(executor.tasks()).hasSize(2);

    link2.emit(AgentEvent.killTask(FID, TaskId.of("b"), null));
    link2.awaitUpdate(TaskId.of("a"), TaskState.TASK_KILLED);
    link2.awaitUpdate(TaskId.of("b"), TaskState.TASK_KILLED);
  }

  @Test
  void aTaskThatFailedWhileTheAgentWasDownTakesItsGroupDownAfterTheRestart() throws Exception {
    register(agent, link);
    runGroup(
        shellTask("quitter", "while [ ! -f go ]; do sleep 0.05; done; exit 2"),
        shellTask("sidecar", "sleep 60"));
    List<TaskStatus> running = ackRunning(TaskId.of("quitter"), TaskId.of("sidecar"));
    Path quitterSandbox = sandboxOf(TaskId.of("quitter"));
    agent.stop();
    containerizers.clear();
    Files.createFile(quitterSandbox.resolve("go"));
    ProcessHandle.of(running.get(0).containerStatus().executorPid())
        .orElseThrow()
        .onExit()
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);

    ScriptedMasterLink link2 = new ScriptedMasterLink();
    link = link2;
    agent = newAgent(link2);
    register(agent, link2);

    assertThat(link2.awaitUpdate(TaskId.of("quitter"), TaskState.TASK_FAILED).message())
        .contains("status 2");
    link2.awaitUpdate(TaskId.of("sidecar"), TaskState.TASK_KILLED);
  }
}
