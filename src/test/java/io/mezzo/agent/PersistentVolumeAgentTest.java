package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.shellTask;
import static io.mezzo.agent.TestTasks.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.agent.gc.GcPolicy;
import io.mezzo.agent.isolator.filesystem.LinuxFilesystemIsolator;
import io.mezzo.agent.mount.MountTable;
import io.mezzo.agent.resources.HostProbe;
import io.mezzo.agent.resources.ResourceDetector;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.core.time.SystemTimers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent volumes end to end on one agent, for real: the master's CHECKPOINT_RESOURCES creates
 * the volume's directory, tasks (real shell processes) see it bind-mounted at their container path,
 * its data outlives them and their sandboxes' garbage collection, and a checkpoint without it (a
 * DESTROY) deletes it. Needs root, for the bind mounts.
 */
class PersistentVolumeAgentTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AgentId AID = AgentId.of("master-1-S0");
  private static final FrameworkInfo FW = TestTasks.framework("master-1-0000");
  private static final GcPolicy GC = new GcPolicy(Duration.ofHours(1), Duration.ofMinutes(1), 0.0);
  private static final Resource DATA = volume("eng/ml", "v1", "data", false, 10);
  private static final Resource DATA_RO = volume("eng/ml", "v1", "data", true, 10);

  @TempDir Path work;
  private final ManualTimers timers = new ManualTimers(Instant.now());
  private final SystemTimers killTimers = new SystemTimers("kill");
  private final ExecutorService blocking = Executors.newCachedThreadPool();
  private ScriptedMasterLink link;
  private Agent agent;
  private Path volumeDir;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(
        LinuxFilesystemIsolator.problem().isEmpty(),
        () -> "skipped: " + LinuxFilesystemIsolator.problem().get());
    Paths paths = new Paths(work);
    volumeDir = paths.volumeDir("eng/ml", "v1");
    link = new ScriptedMasterLink();
    AgentConfig config =
        AgentConfig.defaults()
            .withWorkDir(work)
            .withResources("cpus:2;mem:1024;disk:1000", "")
            .withGc(GC);
    agent =
        new Agent(
            config,
            link,
            List.of(
                new ProcessContainerizer(
                    killTimers, List.of(new LinuxFilesystemIsolator(paths, blocking)))),
            new ResourceDetector(HostProbe.system()),
            timers,
            new SplittableRandom(5));
    get(agent.start());
    advance(Duration.ofSeconds(1));
    link.awaitStream(1);
    link.emit(AgentEvent.registered(AID, "master-1", 3600));
    await().atMost(WAIT).until(agent::isRegistered);
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.stop();
    }
    killTimers.close();
    blocking.shutdownNow();
  }

  private void advance(Duration d) throws Exception {
    Duration step = Duration.ofSeconds(30);
    for (Duration left = d; left.compareTo(Duration.ZERO) > 0; left = left.minus(step)) {
      // The master heartbeats meanwhile, so the agent stays registered and takes checkpoints.
      if (agent.isRegistered()) {
        link.emit(AgentEvent.heartbeat());
      }
      timers.advance(left.compareTo(step) < 0 ? left : step);
      get(agent.snapshot());
    }
  }

  /** Runs a task to its end, acknowledging every update; returns its terminal status. */
  private TaskStatus run(String id, String command, Resource... resources) {
    TaskId tid = TaskId.of(id);
    link.emit(AgentEvent.runTask(FW, shellTask(id, command, resources)));
    for (int n = 0; ; n++) {
      int seen = n;
      await().atMost(WAIT).until(() -> link.updatesOf(tid).stream().distinct().count() > seen);
      TaskStatus next = link.updatesOf(tid).stream().distinct().toList().get(n);
      link.acknowledge(FW.id(), next);
      if (next.state().isTerminal()) {
        return next;
      }
    }
  }

  private Path sandboxOf(String id) throws Exception {
    await()
        .atMost(WAIT)
        .until(
            () ->
                get(agent.snapshot()).completedTasks().stream()
                    .anyMatch(t -> t.taskId().value().equals(id)));
    return get(agent.snapshot()).completedTasks().stream()
        .filter(t -> t.taskId().value().equals(id))
        .findFirst()
        .orElseThrow()
        .sandbox();
  }

  private void checkpoint(Resource... resources) {
    link.emit(AgentEvent.checkpointResources(List.of(resources)));
  }

  @Test
  void aVolumesDataOutlivesItsTasksAndTheirSandboxesUntilItIsDestroyed() throws Exception {
    checkpoint(DATA);
    await().atMost(WAIT).until(() -> Files.isDirectory(volumeDir));

    TaskStatus wrote = run("writer", "echo hello > data/f", DATA);
    assertThat(wrote.state()).as(wrote.message()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(volumeDir.resolve("f")).hasContent("hello\n");
    Path writerSandbox = sandboxOf("writer");
    assertThat(MountTable.read()).doesNotContain(writerSandbox.toRealPath().resolve("data"));

    TaskStatus read = run("reader", "test \"$(cat data/f)\" = hello", DATA);
    assertThat(read.state()).as(read.message()).isEqualTo(TaskState.TASK_FINISHED);

    advance(Duration.ofMinutes(61));
    await()
        .atMost(WAIT)
        .until(
            () -> {
              // The collector re-arms its watch on its own context: keep time moving until it ran.
              advance(Duration.ofMinutes(1));
              return !Files.exists(writerSandbox);
            });
    assertThat(volumeDir.resolve("f")).hasContent("hello\n");

    assertThat(agent.isRegistered()).isTrue();
    checkpoint();
    await().atMost(WAIT).until(() -> !Files.exists(volumeDir));
  }

  @Test
  void aReadOnlyVolumeRefusesWrites() throws Exception {
    checkpoint(DATA_RO);
    await().atMost(WAIT).until(() -> Files.isDirectory(volumeDir));
    Files.writeString(volumeDir.resolve("f"), "kept");

    TaskStatus status = run("ro", "cat data/f && ! touch data/g", DATA_RO);

    assertThat(status.state()).as(status.message()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(volumeDir.resolve("g")).doesNotExist();
  }

  @Test
  void aTaskWithAVolumeThisAgentNeverCheckpointedFailsNamingIt() throws Exception {
    TaskStatus status = run("lost", "true", volume("eng", "gone", "data", false, 1));

    assertThat(status.state()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(status.message()).contains("[gone:data]").contains("no directory");
  }

  @Test
  void aCheckpointThatKeepsTheVolumeKeepsItsData() throws Exception {
    checkpoint(DATA);
    await().atMost(WAIT).until(() -> Files.isDirectory(volumeDir));
    Files.writeString(volumeDir.resolve("f"), "kept");

    checkpoint(DATA, Resource.scalar("cpus", 1));
    checkpoint(DATA);
    get(agent.snapshot());

    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> Files.exists(volumeDir));
    assertThat(volumeDir.resolve("f")).hasContent("kept");
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
