package io.mezzo.agent.containerizer.process;

import static io.mezzo.agent.TestTasks.argv;
import static io.mezzo.agent.TestTasks.shellTask;
import static io.mezzo.agent.TestTasks.shellWithEnv;
import static io.mezzo.agent.TestTasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.TestTasks;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.containerizer.ContainerizerContract;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.isolator.ContainerLaunchInfo;
import io.mezzo.agent.isolator.Isolator;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.core.time.SystemTimers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The containerizer contract with real processes in real sandboxes, and what only the process
 * containerizer does: sessions, process trees, the wrapper's checkpoints, isolator hooks.
 */
class ProcessContainerizerTest extends ContainerizerContract {

  @TempDir Path work;
  private Paths paths;
  private SystemTimers timers;
  private ProcessContainerizer containerizer;

  @BeforeEach
  void setUp() {
    paths = new Paths(work);
    timers = new SystemTimers("test");
    containerizer = new ProcessContainerizer(timers, List.of());
  }

  @AfterEach
  void tearDown() {
    containerizer.close();
    timers.close();
  }

  private ContainerConfig config(TaskInfo task) {
    Paths.Run run =
        paths.run(
            AgentId.of("agent-S0"),
            FrameworkId.of("fw-0000"),
            ExecutorId.of(task.taskId().value()),
            ContainerId.of(UUID.randomUUID().toString()));
    return new ContainerConfig(run, task, TestTasks.framework("fw-0000"));
  }

  @Override
  protected Containerizer containerizer() {
    return containerizer;
  }

  @Override
  protected Containerizer rebuild() {
    containerizer.close();
    containerizer = new ProcessContainerizer(timers, List.of());
    return containerizer;
  }

  @Override
  protected ContainerConfig shell(String taskId, String shell) {
    return config(shellTask(taskId, shell));
  }

  private Termination runToEnd(ContainerConfig c) throws Exception {
    assertThat(get(containerizer.launch(c))).isEqualTo(Containerizer.LaunchResult.SUCCESS);
    return get(containerizer.wait(c.containerId())).orElseThrow();
  }

  @Test
  void echoEndsWithStatusZeroAndItsOutputInTheSandbox() throws Exception {
    ContainerConfig c = config(shellTask("t1", "echo hello; echo oops >&2"));

    Termination t = runToEnd(c);

    assertThat(t.exitStatus()).isZero();
    assertThat(t.destroyed()).isFalse();
    assertThat(t.message()).isEqualTo("Command exited with status 0");
    assertThat(Files.readString(c.run().stdout())).isEqualTo("hello\n");
    assertThat(Files.readString(c.run().stderr())).isEqualTo("oops\n");
    assertThat(Files.readString(c.run().exitStatusFile()).strip()).isEqualTo("0");
  }

  @Test
  void argvFormRunsTheExecutableWithoutAShell() throws Exception {
    ContainerConfig c = config(task("t1", argv("/bin/echo", "echo", "a  b", "$HOME"), null));

    assertThat(runToEnd(c).exitStatus()).isZero();
    assertThat(Files.readString(c.run().stdout())).isEqualTo("a  b $HOME\n");
  }

  @Test
  void theCommandSeesItsEnvironmentTheMesosVariablesAndRunsInTheSandbox() throws Exception {
    ContainerConfig c =
        config(
            task(
                "t1",
                shellWithEnv(
                    "echo \"$GREETING|$MESOS_SANDBOX|$MESOS_TASK_ID|$MESOS_FRAMEWORK_ID|$MESOS_AGENT_ID|$MESOS_EXECUTOR_ID"
                        + "|$MESOS_CONTAINER_ID|$(pwd -P)\"",
                    Map.of("GREETING", "hi", "MESOS_TASK_ID", "spoofed")),
                null));

    runToEnd(c);

    String sandbox = c.sandbox().toRealPath().toString();
    assertThat(Files.readString(c.run().stdout()).strip())
        .isEqualTo(
            String.join(
                "|",
                "hi",
                c.sandbox().toString(),
                "t1",
                "fw-0000",
                "agent-S0",
                "t1",
                c.containerId().value(),
                sandbox));
  }

  @Test
  void theContainerLeadsItsOwnSessionAndCheckpointsItsPid() throws Exception {
    ContainerConfig c = config(shellTask("t1", "sleep 60"));
    get(containerizer.launch(c));
    long pid = get(containerizer.status(c.containerId())).executorPid();

    assertThat(Files.readString(c.run().forkedPidFile()).strip()).isEqualTo(Long.toString(pid));
    String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    assertThat(stat[2]).as("process group").isEqualTo(Long.toString(pid));
    assertThat(stat[3]).as("session").isEqualTo(Long.toString(pid));
    get(containerizer.destroy(c.containerId()));
  }

  @Test
  void destroyEscalatesToSigkillAfterTheGracePeriodAndLeavesNoProcessOfTheTree() throws Exception {
    ContainerConfig c = config(shellTask("t1", "trap '' TERM; sleep 60 & sleep 60; wait"));
    get(containerizer.launch(c));
    long pid = get(containerizer.status(c.containerId())).executorPid();
    ProcessHandle leader = ProcessHandle.of(pid).orElseThrow();
    // wrapper, the task's shell, and its two sleeps
    await().atMost(WAIT).until(() -> leader.descendants().count() >= 3);
    List<ProcessHandle> tree = ProcessGroups.tree(pid);

    Duration grace = Duration.ofMillis(700);
    long start = System.nanoTime();
    Termination t = get(containerizer.destroy(c.containerId(), grace)).orElseThrow();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(t.destroyed()).isTrue();
    assertThat(took)
        .as("SIGTERM was ignored, so only SIGKILL ended it")
        .isGreaterThanOrEqualTo(grace);
    await().atMost(WAIT).untilAsserted(() -> assertThat(tree).noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void processesLeftBehindByTheMainCommandAreKilledWhenItExits() throws Exception {
    ContainerConfig c = config(shellTask("t1", "sleep 60 & echo $! > bg.pid"));
    runToEnd(c);

    long bg = Long.parseLong(Files.readString(c.sandbox().resolve("bg.pid")).strip());
    await().atMost(WAIT).until(() -> ProcessHandle.of(bg).map(h -> !h.isAlive()).orElse(true));
  }

  @Test
  void isolatorHooksRunInOrderAroundTheProcess() throws Exception {
    RecordingIsolator isolator = new RecordingIsolator(Map.of("FROM_ISOLATOR", "yes"), false);
    containerizer.close();
    containerizer = new ProcessContainerizer(timers, List.of(isolator));
    ContainerConfig c = config(shellTask("t1", "echo $FROM_ISOLATOR"));

    runToEnd(c);

    assertThat(isolator.calls).containsExactly("prepare", "isolate", "watch", "cleanup");
    assertThat(isolator.isolatedPid).isPositive();
    assertThat(Files.readString(c.run().stdout())).isEqualTo("yes\n");
  }

  @Test
  void aFailedPrepareFailsTheLaunchWithTheIsolatorsReasonAndCleansUp() throws Exception {
    RecordingIsolator isolator = new RecordingIsolator(Map.of(), true);
    containerizer.close();
    containerizer = new ProcessContainerizer(timers, List.of(isolator));
    ContainerConfig c = config(shellTask("t1", "echo never"));

    assertThatThrownBy(() -> get(containerizer.launch(c)))
        .hasMessageContaining("isolator test/recording failed to prepare: no cgroup for you");
    Termination t = get(containerizer.wait(c.containerId())).orElseThrow();
    assertThat(t.exitStatus()).isNull();
    assertThat(t.message()).contains("no cgroup for you");
    assertThat(isolator.calls).containsExactly("prepare", "cleanup");
    assertThat(c.run().stdout()).doesNotExist();
  }

  @Test
  void aNewContainerizerLearnsHowAContainerEndedWhileNobodyWatched() throws Exception {
    ContainerConfig c = config(shellTask("t1", "exit 7"));
    runToEnd(c);
    containerizer.close();

    containerizer = new ProcessContainerizer(timers, List.of());
    get(containerizer.recover(List.of(c)));
    Termination t = get(containerizer.wait(c.containerId())).orElseThrow();

    assertThat(t.exitStatus()).isEqualTo(7);
    assertThat(t.destroyed()).isFalse();
  }

  @Test
  void aContainerThatNeverStartedIsRecoveredAsEndedWithAnUnknownStatus() throws Exception {
    ContainerConfig c = config(shellTask("t1", "true"));

    get(containerizer.recover(List.of(c)));
    Termination t = get(containerizer.wait(c.containerId())).orElseThrow();

    assertThat(t.exitStatus()).isNull();
    assertThat(t.message()).contains("unknown");
  }

  /** Records the hooks it sees; can fail prepare. */
  private static final class RecordingIsolator implements Isolator {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, String> env;
    final boolean failPrepare;
    volatile long isolatedPid;

    RecordingIsolator(Map<String, String> env, boolean failPrepare) {
      this.env = env;
      this.failPrepare = failPrepare;
    }

    @Override
    public String name() {
      return "test/recording";
    }

    @Override
    public CompletionStage<Optional<ContainerLaunchInfo>> prepare(ContainerConfig config) {
      calls.add("prepare");
      return failPrepare
          ? CompletableFuture.failedFuture(new IllegalStateException("no cgroup for you"))
          : CompletableFuture.completedFuture(Optional.of(new ContainerLaunchInfo(env)));
    }

    @Override
    public CompletionStage<Void> isolate(ContainerId id, long pid) {
      calls.add("isolate");
      isolatedPid = pid;
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<io.mezzo.agent.containerizer.ContainerLimitation> watch(ContainerId id) {
      calls.add("watch");
      return new CompletableFuture<>();
    }

    @Override
    public CompletionStage<Void> cleanup(ContainerId id) {
      calls.add("cleanup");
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> recover(List<ContainerConfig> states, Set<ContainerId> orphans) {
      calls.add("recover");
      return CompletableFuture.completedFuture(null);
    }
  }
}
