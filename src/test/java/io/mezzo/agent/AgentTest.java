package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.framework;
import static io.mezzo.agent.TestTasks.shellTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.resources.Resources;
import io.mezzo.core.time.ManualTimers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a scripted master, with real processes. Agent time (registration backoff,
 * heartbeats, update retries) is manual; processes and kill grace periods run in real time.
 */
class AgentTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AgentId AID = AgentId.of("master-1-S0");
  private static final FrameworkInfo FW = framework("master-1-0000");
  private static final FrameworkId FID = FW.id();

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
        harness.config(
            "cpus:2;mem:1024;disk:1000;ports:[31000-31010]", "rack:a", "http://agent-host:5052"),
        masterLink,
        42);
  }

  private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * Moves time in 250 ms steps and lets the agent's context drain after each: timers hop onto that
   * context, so one big jump would let a re-armed timer read a clock that has already moved on.
   */
  private void advance(Duration d) throws Exception {
    Duration step = Duration.ofMillis(250);
    for (Duration left = d; left.compareTo(Duration.ZERO) > 0; left = left.minus(step)) {
      timers.advance(left.compareTo(step) < 0 ? left : step);
      snapshot();
    }
  }

  private AgentSnapshot snapshot() throws Exception {
    return get(agent.snapshot());
  }

  /** Starts the agent, lets its first registration backoff pass, and answers REGISTERED. */
  private ScriptedMasterLink.Stream startAndRegister(double heartbeatSeconds) throws Exception {
    int before = link.streams().size();
    get(agent.start());
    advance(Duration.ofSeconds(1));
    ScriptedMasterLink.Stream stream = link.awaitStream(before + 1);
    link.emit(AgentEvent.registered(AID, "master-1", heartbeatSeconds));
    await().atMost(WAIT).until(agent::isRegistered);
    snapshot(); // the REGISTERED handler has finished (heartbeat timer armed)
    return stream;
  }

  /**
   * Acknowledges every update of {@code task} as it comes until a terminal one, and returns them.
   */
  private List<TaskStatus> ackUntilTerminal(TaskId task) {
    List<TaskStatus> seen = new ArrayList<>();
    while (seen.isEmpty() || !seen.get(seen.size() - 1).state().isTerminal()) {
      int n = seen.size();
      await().atMost(WAIT).until(() -> distinct(link.updatesOf(task)).size() > n);
      TaskStatus next = distinct(link.updatesOf(task)).get(n);
      seen.add(next);
      link.acknowledge(FID, next);
    }
    return seen;
  }

  private static List<TaskStatus> distinct(List<TaskStatus> updates) {
    return updates.stream().distinct().toList();
  }

  @Test
  void registersPersistsItsIdAndReregistersWithItAndItsTasksAfterTheStreamCloses()
      throws Exception {
    ScriptedMasterLink.Stream first = startAndRegister(15);
    AgentCall.Register register = first.subscribe().register();
    assertThat(first.subscribe().type()).isEqualTo(AgentCall.Type.SUBSCRIBE);
    assertThat(register.agentInfo().id()).isNull();
    assertThat(register.agentInfo().hostname()).isEqualTo("agent-host");
    assertThat(register.agentInfo().port()).isEqualTo(5052);
    assertThat(register.endpoint()).isEqualTo("http://agent-host:5052");
    assertThat(ResourceMapping.toCore(register.agentInfo().resources()))
        .isEqualTo(Resources.parse("cpus:2;mem:1024;disk:1000;ports:[31000-31010]"));
    assertThat(register.agentInfo().attributes()).hasSize(1);
    assertThat(new Paths(work).latestAgentId()).contains(AID);
    assertThat(new Paths(work).agentInfoFile(AID)).exists();

    TaskId task = TaskId.of("long");
    link.emit(AgentEvent.runTask(FW, shellTask("long", "sleep 60")));
    link.acknowledge(FID, link.awaitUpdate(task, TaskState.TASK_STARTING));
    TaskStatus running = link.awaitUpdate(task, TaskState.TASK_RUNNING);
    link.acknowledge(FID, running);

    link.endStream("master failed over");
    await().atMost(WAIT).until(() -> snapshot().state() == Agent.State.DISCONNECTED);
    assertThat(agent.isRegistered()).isFalse();
    advance(Duration.ofSeconds(1));
    ScriptedMasterLink.Stream second = link.awaitStream(2);

    AgentCall.Register again = second.subscribe().register();
    assertThat(second.subscribe().agentId()).isEqualTo(AID);
    assertThat(again.agentInfo().id()).isEqualTo(AID);
    assertThat(again.frameworks()).extracting(FrameworkInfo::id).containsExactly(FID);
    assertThat(again.tasks())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.task().taskId()).isEqualTo(task);
              assertThat(t.frameworkId()).isEqualTo(FID);
              assertThat(t.state()).isEqualTo(TaskState.TASK_RUNNING);
              assertThat(t.latest().uuid()).isEqualTo(running.uuid());
            });
    assertThat(first.closedByAgent()).isTrue();
    link.emit(AgentEvent.registered(AID, "master-2", 15));
    await().atMost(WAIT).until(agent::isRegistered);
    assertThat(snapshot().masterId()).isEqualTo("master-2");
  }

  @Test
  void keepsTheLinkSecretOfItsRegistrationAndProvesItsIdWithItAfterARestart() throws Exception {
    get(agent.start());
    advance(Duration.ofSeconds(1));
    ScriptedMasterLink.Stream first = link.awaitStream(1);
    assertThat(first.subscribe().secret()).isNull();
    link.emit(AgentEvent.registered(AID, "master-1", 1, "s3cret"));
    await().atMost(WAIT).until(agent::isRegistered);
    advance(Duration.ofSeconds(2));
    assertThat(link.sent())
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.secret()).isEqualTo("s3cret"));
    Path secretFile = new Paths(work).agentSecretFile(AID);
    assertThat(Files.readString(secretFile)).isEqualTo("s3cret");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)))
        .isEqualTo("rw-------");

    agent.stop();
    containerizers.clear(); // stopped with its agent
    ScriptedMasterLink link2 = new ScriptedMasterLink();
    link = link2;
    agent = newAgent(link2);
    get(agent.start());
    advance(Duration.ofSeconds(1));
    AgentCall again = link2.awaitStream(1).subscribe();
    assertThat(again.agentId()).isEqualTo(AID);
    assertThat(again.secret()).isEqualTo("s3cret");
    assertThat(again.toString()).doesNotContain("s3cret");
  }

  @Test
  void retriesRegistrationWithBackoffUntilAMasterAnswers() throws Exception {
    get(agent.start());
    advance(Duration.ofSeconds(1));
    link.awaitStream(1);
    link.endStream("connection refused");
    await().atMost(WAIT).until(() -> snapshot().state() == Agent.State.DISCONNECTED);
    advance(Duration.ofSeconds(2)); // second attempt within [0, 2 s]
    link.awaitStream(2);
    link.emit(AgentEvent.error("agent is shutting down"));
    await().atMost(WAIT).until(() -> snapshot().state() == Agent.State.DISCONNECTED);
    advance(Duration.ofSeconds(4)); // third within [0, 4 s]
    link.awaitStream(3);

    assertThat(link.streams()).allSatisfy(s -> assertThat(s.subscribe().agentId()).isNull());
    assertThat(agent.isRegistered()).isFalse();
  }

  @Test
  void reRegistersWithinTheFirstBackoffWhenAnotherMasterLeads() throws Exception {
    ScriptedMasterLink.Stream first = startAndRegister(15);

    link.leaderChanged("the leading master is now http://m2:5050");
    await().atMost(WAIT).until(() -> first.closedByAgent().get());
    assertThat(agent.isRegistered()).isFalse();
    advance(Duration.ofSeconds(1)); // a fresh first-attempt backoff: within [0, 1 s]
    assertThat(link.awaitStream(2).subscribe().agentId()).isEqualTo(AID);
  }

  @Test
  void aLeaderChangeCutsTheBackoffGrownAgainstADeadLeader() throws Exception {
    get(agent.start());
    advance(Duration.ofSeconds(1));
    for (int attempt = 1; attempt <= 4; attempt++) {
      link.awaitStream(attempt);
      link.endStream("connection refused");
      await().atMost(WAIT).until(() -> snapshot().state() == Agent.State.DISCONNECTED);
      if (attempt < 4) {
        advance(Duration.ofSeconds(1L << attempt)); // attempt n+1 within [0, 2^n s]
      }
    }
    // The next try may now wait up to 16 s; a new leader brings it within 1 s.
    link.leaderChanged("the leading master is now http://m2:5050");
    snapshot();
    advance(Duration.ofSeconds(1));
    link.awaitStream(5);
    assertThat(link.streams()).hasSize(5);
  }

  @Test
  void heartbeatsAtTheIntervalTheMasterAsksFor() throws Exception {
    startAndRegister(5);

    advance(Duration.ofSeconds(5));
    await().atMost(WAIT).until(() -> link.heartbeats() == 1);
    snapshot(); // the next heartbeat is armed
    advance(Duration.ofSeconds(5));
    await().atMost(WAIT).until(() -> link.heartbeats() == 2);

    assertThat(link.sent())
        .filteredOn(c -> c.type() == AgentCall.Type.HEARTBEAT)
        .allSatisfy(c -> assertThat(c.agentId()).isEqualTo(AID));
  }

  @Test
  void resubscribesWhenTheMasterIsSilentTooLongButNotWhileItTalks() throws Exception {
    startAndRegister(15);

    advance(Duration.ofSeconds(50));
    link.emit(AgentEvent.heartbeat());
    snapshot();
    advance(Duration.ofSeconds(50));
    assertThat(snapshot().state()).isEqualTo(Agent.State.REGISTERED);

    advance(Duration.ofSeconds(30)); // 80 s since the master's last word: it gave up, backed off
    advance(Duration.ofSeconds(1)); // (at most 1 s) and subscribed again, with its id
    assertThat(link.awaitStream(2).subscribe().agentId()).isEqualTo(AID);
  }

  @Test
  void runsATaskEndToEndWithOneAcknowledgedUpdateAtATime() throws Exception {
    startAndRegister(15);
    TaskId task = TaskId.of("hello");

    link.emit(AgentEvent.runTask(FW, shellTask("hello", "echo hello")));
    TaskStatus starting = link.awaitUpdate(task, TaskState.TASK_STARTING);
    await().atMost(WAIT).until(() -> snapshot().tasks().get(0).state() == TaskState.TASK_FINISHED);
    assertThat(link.updatesOf(task))
        .as("nothing else before STARTING is acknowledged")
        .containsExactly(starting);

    List<TaskStatus> rest = ackUntilTerminal(task);

    assertThat(rest)
        .extracting(TaskStatus::state)
        .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
    TaskStatus running = rest.get(1);
    TaskStatus finished = rest.get(2);
    assertThat(finished.message()).isEqualTo("Command exited with status 0");
    assertThat(rest)
        .allSatisfy(
            s -> {
              assertThat(s.source()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
              assertThat(s.executorId().value()).isEqualTo("hello");
              assertThat(s.agentId()).isEqualTo(AID);
              assertThat(s.uuid()).isNotNull();
              assertThat(s.containerStatus().containerId())
                  .isEqualTo(starting.containerStatus().containerId());
            });
    assertThat(running.containerStatus().executorPid()).isPositive();
    assertThat(link.sent())
        .filteredOn(c -> c.type() == AgentCall.Type.STATUS_UPDATE)
        .allSatisfy(c -> assertThat(c.update().frameworkId()).isEqualTo(FID));

    await().atMost(WAIT).until(() -> snapshot().completedTasks().size() == 1);
    AgentSnapshot s = snapshot();
    assertThat(s.tasks()).isEmpty();
    AgentSnapshot.TaskView done = s.completedTasks().get(0);
    assertThat(done.state()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(Files.readString(done.sandbox().resolve("stdout"))).isEqualTo("hello\n");
    assertThat(done.sandbox().resolveSibling("latest").toRealPath())
        .isEqualTo(done.sandbox().toRealPath());
    assertThat(s.tasksByState()).containsEntry(TaskState.TASK_FINISHED, 1L);
    // Its framework has nothing open here any more: GET_FRAMEWORKS lists it as completed.
    assertThat(s.frameworks()).isEmpty();
    assertThat(s.completedFrameworks()).extracting(FrameworkInfo::id).containsExactly(FID);
  }

  @Test
  void aFailingCommandEndsFailedWithItsStatus() throws Exception {
    startAndRegister(15);

    link.emit(AgentEvent.runTask(FW, shellTask("bad", "exit 3")));
    List<TaskStatus> updates = ackUntilTerminal(TaskId.of("bad"));

    TaskStatus last = updates.get(updates.size() - 1);
    assertThat(last.state()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(last.message()).contains("status 3");
  }

  @Test
  void unacknowledgedUpdatesAreResentAfterTheRetryInterval() throws Exception {
    startAndRegister(15);
    TaskId task = TaskId.of("quiet");

    link.emit(AgentEvent.runTask(FW, shellTask("quiet", "sleep 60")));
    TaskStatus starting = link.awaitUpdate(task, TaskState.TASK_STARTING);
    snapshot();
    advance(Duration.ofSeconds(10));
    await().atMost(WAIT).until(() -> link.updatesOf(task).size() == 2);

    assertThat(link.updatesOf(task)).containsExactly(starting, starting);
  }

  @Test
  void killTaskSendsKillingToCapableFrameworksThenKilled() throws Exception {
    startAndRegister(15);
    FrameworkInfo capable =
        framework(FID.value(), FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    TaskId task = TaskId.of("victim");
    TaskInfo info =
        TestTasks.task(
            "victim",
            io.mezzo.api.v1.CommandInfo.shell("trap '' TERM; sleep 60"),
            new KillPolicy(DurationInfo.of(Duration.ofMillis(300))));
    link.emit(AgentEvent.runTask(capable, info));
    link.acknowledge(FID, link.awaitUpdate(task, TaskState.TASK_STARTING));
    TaskStatus running = link.awaitUpdate(task, TaskState.TASK_RUNNING);
    link.acknowledge(FID, running);
    long pid = running.containerStatus().executorPid();

    link.emit(AgentEvent.killTask(FID, task, null));
    List<TaskStatus> all = ackUntilTerminal(task);

    assertThat(all)
        .extracting(TaskStatus::state)
        .containsExactly(
            TaskState.TASK_STARTING,
            TaskState.TASK_RUNNING,
            TaskState.TASK_KILLING,
            TaskState.TASK_KILLED);
    assertThat(all.get(3).message()).startsWith("Task killed");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void shutdownFrameworkKillsAllItsTasks() throws Exception {
    startAndRegister(15);
    link.emit(AgentEvent.runTask(FW, shellTask("a", "sleep 60")));
    link.emit(AgentEvent.runTask(FW, shellTask("b", "sleep 60")));
    link.acknowledge(FID, link.awaitUpdate(TaskId.of("a"), TaskState.TASK_STARTING));
    link.acknowledge(FID, link.awaitUpdate(TaskId.of("b"), TaskState.TASK_STARTING));
    link.acknowledge(FID, link.awaitUpdate(TaskId.of("a"), TaskState.TASK_RUNNING));
    link.acknowledge(FID, link.awaitUpdate(TaskId.of("b"), TaskState.TASK_RUNNING));

    link.emit(AgentEvent.shutdownFramework(FID));

    link.awaitUpdate(TaskId.of("a"), TaskState.TASK_KILLED);
    link.awaitUpdate(TaskId.of("b"), TaskState.TASK_KILLED);
  }

  @Test
  void anInvalidRunTaskDoesNotDisturbARunningNeighbour() throws Exception {
    startAndRegister(15);
    TaskId neighbour = TaskId.of("neighbour");
    link.emit(AgentEvent.runTask(FW, shellTask("neighbour", "sleep 60")));
    link.acknowledge(FID, link.awaitUpdate(neighbour, TaskState.TASK_STARTING));
    TaskStatus running = link.awaitUpdate(neighbour, TaskState.TASK_RUNNING);
    link.acknowledge(FID, running);

    TaskInfo custom =
        new TaskInfo(
            "custom",
            TaskId.of("custom"),
            null,
            List.of(),
            new io.mezzo.api.v1.ExecutorInfo(
                null,
                io.mezzo.api.v1.ExecutorId.of("e"),
                null,
                null,
                null,
                null,
                "my-executor",
                null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    link.emit(AgentEvent.runTask(FW, custom));
    link.emit(AgentEvent.runTask(FW, shellTask("neighbour", "echo impostor")));
    link.emit(AgentEvent.runTask(FW, shellTask("../escape", "true")));

    TaskStatus error = link.awaitUpdate(TaskId.of("custom"), TaskState.TASK_ERROR);
    assertThat(error.message()).contains("not a CUSTOM executor with a command");
    assertThat(error.reason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
    assertThat(error.uuid()).as("reliable: a stream of its own").isNotNull();
    TaskStatus duplicate = link.awaitUpdate(neighbour, TaskState.TASK_ERROR);
    assertThat(duplicate.uuid()).as("not in the neighbour's stream").isNull();
    assertThat(duplicate.message()).contains("already in use");
    TaskStatus escape = link.awaitUpdate(TaskId.of("../escape"), TaskState.TASK_ERROR);
    assertThat(escape.message()).contains("cannot be used as a directory name");
    link.acknowledge(FID, error);

    AgentSnapshot s = snapshot();
    assertThat(s.tasks())
        .filteredOn(t -> t.taskId().equals(neighbour))
        .singleElement()
        .satisfies(t -> assertThat(t.state()).isEqualTo(TaskState.TASK_RUNNING));
    assertThat(s.used())
        .as("only the neighbour runs")
        .isEqualTo(Resources.parse("cpus:0.1;mem:32"));
    assertThat(
            ProcessHandle.of(running.containerStatus().executorPid()).map(ProcessHandle::isAlive))
        .contains(true);
    assertThat(Files.readString(s.tasks().get(0).sandbox().resolve("stdout")))
        .doesNotContain("impostor");
    await()
        .atMost(WAIT)
        .until(
            () ->
                snapshot().completedTasks().stream()
                    .anyMatch(t -> t.taskId().value().equals("custom")));

    link.emit(AgentEvent.killTask(FID, neighbour, null));
    TaskStatus killed = link.awaitUpdate(neighbour, TaskState.TASK_KILLED);
    assertThat(killed.uuid()).isNotNull();
  }

  @Test
  void aRestartedAgentRecoversItsTasksResendsUnacknowledgedUpdatesAndReportsWhatEndedMeanwhile()
      throws Exception {
    startAndRegister(15);
    TaskId survivor = TaskId.of("survivor");
    TaskId quitter = TaskId.of("quitter");
    link.emit(AgentEvent.runTask(FW, shellTask("survivor", "sleep 60")));
    link.emit(
        AgentEvent.runTask(
            FW, shellTask("quitter", "while [ ! -e go ]; do sleep 0.05; done; exit 4")));
    link.acknowledge(FID, link.awaitUpdate(survivor, TaskState.TASK_STARTING));
    link.acknowledge(FID, link.awaitUpdate(quitter, TaskState.TASK_STARTING));
    TaskStatus survivorRunning =
        link.awaitUpdate(survivor, TaskState.TASK_RUNNING); // left unacknowledged
    TaskStatus quitterRunning = link.awaitUpdate(quitter, TaskState.TASK_RUNNING);
    link.acknowledge(FID, quitterRunning);
    Path quitterSandbox =
        snapshot().tasks().stream()
            .filter(t -> t.taskId().equals(quitter))
            .findFirst()
            .orElseThrow()
            .sandbox();
    agent.stop(); // also closes its containerizer; the tasks keep running
    containerizers.clear();

    // While no agent runs: the quitter ends, the survivor keeps running.
    Files.createFile(quitterSandbox.resolve("go"));
    ProcessHandle quitterProcess =
        ProcessHandle.of(quitterRunning.containerStatus().executorPid()).orElseThrow();
    quitterProcess.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(
            ProcessHandle.of(survivorRunning.containerStatus().executorPid())
                .map(ProcessHandle::isAlive))
        .contains(true);

    ScriptedMasterLink link2 = new ScriptedMasterLink();
    link = link2;
    agent = newAgent(link2);
    get(agent.start());
    advance(Duration.ofSeconds(1));
    AgentCall.Register register = link2.awaitStream(1).subscribe().register();
    assertThat(register.agentInfo().id()).isEqualTo(AID);
    assertThat(register.tasks())
        .extracting(t -> t.task().taskId())
        .containsExactlyInAnyOrder(survivor, quitter);

    link2.emit(AgentEvent.registered(AID, "master-1", 15));
    await().atMost(WAIT).until(agent::isRegistered);
    TaskStatus resent = link2.awaitUpdate(survivor, TaskState.TASK_RUNNING);
    assertThat(resent).isEqualTo(survivorRunning);
    TaskStatus ended = link2.awaitUpdate(quitter, TaskState.TASK_FAILED);
    assertThat(ended.message()).contains("status 4");

    link2.acknowledge(FID, resent);
    link2.emit(AgentEvent.killTask(FID, survivor, null));
    link2.awaitUpdate(survivor, TaskState.TASK_KILLED);
  }

  @Test
  void healthChecksOfARecoveredRunningTaskResumeAfterARestart() throws Exception {
    startAndRegister(15);
    TaskId web = TaskId.of("checked");
    TaskInfo base = shellTask("checked", "sleep 60");
    // Healthy while the sandbox has no file named "sick"; one failure kills.
    io.mezzo.api.v1.HealthCheck check =
        io.mezzo.api.v1.HealthCheck.command("test ! -e sick").withTimings(0, 1, 10, 1, 0);
    TaskInfo task =
        new TaskInfo(
            base.name(),
            base.taskId(),
            base.agentId(),
            base.resources(),
            null,
            base.command(),
            null,
            check,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    link.emit(AgentEvent.runTask(FW, task));
    link.acknowledge(FID, link.awaitUpdate(web, TaskState.TASK_STARTING));
    link.acknowledge(FID, link.awaitUpdate(web, TaskState.TASK_RUNNING));
    await()
        .atMost(WAIT)
        .until(
            () -> {
              advance(Duration.ofMillis(250));
              return link.updatesOf(web).stream().anyMatch(u -> Boolean.TRUE.equals(u.healthy()));
            });
    TaskStatus healthy =
        link.updatesOf(web).stream()
            .filter(u -> Boolean.TRUE.equals(u.healthy()))
            .findFirst()
            .get();
    assertThat(healthy.reason())
        .isEqualTo(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED);
    link.acknowledge(FID, healthy);
    Path sandbox = snapshot().tasks().get(0).sandbox();
    agent.stop();
    containerizers.clear();

    Files.createFile(sandbox.resolve("sick"));
    ScriptedMasterLink link2 = new ScriptedMasterLink();
    link = link2;
    agent = newAgent(link2);
    get(agent.start());
    advance(Duration.ofSeconds(1));
    link2.awaitStream(1);
    link2.emit(AgentEvent.registered(AID, "master-1", 15));
    await().atMost(WAIT).until(agent::isRegistered);
    await()
        .atMost(WAIT)
        .until(
            () -> {
              advance(Duration.ofMillis(250));
              link2.updatesOf(web).forEach(u -> link2.acknowledge(FID, u));
              return link2.updatesOf(web).stream()
                  .anyMatch(u -> u.state() == TaskState.TASK_KILLED);
            });
    TaskStatus killed =
        link2.updatesOf(web).stream()
            .filter(u -> u.state() == TaskState.TASK_KILLED)
            .findFirst()
            .get();
    assertThat(killed.healthy()).isFalse();
    assertThat(killed.message()).startsWith("Task is unhealthy: ").contains("test ! -e sick");
  }

  private static TaskInfo withResources(TaskInfo t, io.mezzo.api.v1.Resource... resources) {
    return new TaskInfo(
        t.name(),
        t.taskId(),
        t.agentId(),
        List.of(resources),
        t.executor(),
        t.command(),
        t.container(),
        t.healthCheck(),
        t.check(),
        t.killPolicy(),
        t.data(),
        t.labels(),
        t.discovery(),
        t.maxCompletionTime(),
        t.limits());
  }

  @Test
  void badResourcesEndTheirTaskWithAReasonWhileANeighbourRuns() throws Exception {
    startAndRegister(15);
    link.emit(AgentEvent.runTask(FW, shellTask("neighbour", "sleep 60")));
    await()
        .atMost(WAIT)
        .until(
            () ->
                snapshot().tasks().stream()
                    .anyMatch(
                        t ->
                            t.taskId().equals(TaskId.of("neighbour"))
                                && t.state() == TaskState.TASK_RUNNING));

    link.emit(
        AgentEvent.runTask(
            FW,
            withResources(
                shellTask("greedy", "true"),
                io.mezzo.api.v1.Resource.scalar("cpus", 64),
                io.mezzo.api.v1.Resource.scalar("mem", 32))));
    link.emit(
        AgentEvent.runTask(
            FW,
            withResources(
                shellTask("negative", "true"),
                io.mezzo.api.v1.Resource.scalar("cpus", -1),
                io.mezzo.api.v1.Resource.scalar("mem", 32))));
    link.emit(
        AgentEvent.runTask(
            FW,
            new TaskInfo(
                "docker",
                TaskId.of("docker"),
                null,
                List.of(io.mezzo.api.v1.Resource.scalar("mem", 32)),
                null,
                io.mezzo.api.v1.CommandInfo.shell("true"),
                new io.mezzo.api.v1.ContainerInfo(
                    io.mezzo.api.v1.ContainerInfo.Type.DOCKER,
                    null,
                    null,
                    new io.mezzo.api.v1.ContainerInfo.DockerInfo(
                        "busybox", null, null, null, null, null),
                    null,
                    null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null)));

    TaskStatus greedy = ackUntilTerminal(TaskId.of("greedy")).get(0);
    assertThat(greedy.state()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(greedy.reason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
    assertThat(greedy.message())
        .startsWith("Task asks for cpus:64")
        .contains("this agent has only cpus:2");
    TaskStatus negative = ackUntilTerminal(TaskId.of("negative")).get(0);
    assertThat(negative.state()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(negative.message())
        .contains("resource 'cpus' must be a finite non-negative number, got -1.0");
    List<TaskStatus> docker = ackUntilTerminal(TaskId.of("docker"));
    TaskStatus dockerEnd = docker.get(docker.size() - 1);
    assertThat(dockerEnd.state()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(dockerEnd.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
    assertThat(dockerEnd.message())
        .contains("no configured containerizer runs DOCKER containers (configured: mesos)");
    assertThat(snapshot().tasks())
        .anyMatch(
            t -> t.taskId().equals(TaskId.of("neighbour")) && t.state() == TaskState.TASK_RUNNING);
  }

  @Test
  void statisticsListEveryRunningContainer() throws Exception {
    startAndRegister(15);
    link.emit(AgentEvent.runTask(FW, shellTask("measured", "sleep 60")));
    await()
        .atMost(WAIT)
        .until(
            () ->
                snapshot().tasks().stream()
                    .anyMatch(
                        t ->
                            t.taskId().equals(TaskId.of("measured"))
                                && t.state() == TaskState.TASK_RUNNING));

    List<ContainerStatistics> stats = get(agent.statistics());

    assertThat(stats).hasSize(1);
    assertThat(stats.get(0).taskId()).isEqualTo(TaskId.of("measured"));
    assertThat(stats.get(0).containerizer()).isEqualTo("mesos");
    assertThat(stats.get(0).statistics().cpusLimit()).isEqualTo(0.1);
    assertThat(stats.get(0).statistics().memLimitBytes()).isEqualTo(32L << 20);
    assertThat(stats.get(0).statistics().processes()).isPositive();
  }
}
