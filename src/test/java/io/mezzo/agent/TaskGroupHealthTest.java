package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.framework;
import static io.mezzo.agent.TestTasks.shellTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.HealthCheck;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.ManualTimers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default executor watches its tasks as the command executor does: a group task's health check
 * and max_completion_time run on real processes, and the task they kill takes its group down.
 */
class TaskGroupHealthTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AgentId AID = AgentId.of("master-1-S0");
  private static final FrameworkInfo FW = framework("master-1-0000");
  private static final FrameworkId FID = FW.id();

  @TempDir Path work;
  private AgentHarness harness;
  private ManualTimers timers;
  private ProcessContainerizer containerizer;
  private ScriptedMasterLink link;
  private Agent agent;

  @BeforeEach
  void setUp() throws Exception {
    harness = new AgentHarness(work);
    timers = harness.timers;
    link = new ScriptedMasterLink();
    agent =
        harness.newAgent(
            harness.config("cpus:2;mem:1024;disk:1000", "", "http://agent-host:5052"), link, 7);
    containerizer = harness.containerizers.get(0);
    get(agent.start());
    advance(Duration.ofSeconds(1));
    link.awaitStream(1);
    link.emit(AgentEvent.registered(AID, "master-1", 15));
    await().atMost(WAIT).until(agent::isRegistered);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Moves the agent's clock in small steps, letting its context drain after each. */
  private void advance(Duration d) throws Exception {
    Duration step = Duration.ofMillis(250);
    for (Duration left = d; left.compareTo(Duration.ZERO) > 0; left = left.minus(step)) {
      timers.advance(left.compareTo(step) < 0 ? left : step);
      get(agent.snapshot());
    }
  }

  /** Advances time (acknowledging every update) until {@code task} reports {@code state}. */
  private TaskStatus advanceUntil(TaskId task, TaskState state) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              advance(Duration.ofMillis(250));
              link.updatesOf(task).forEach(u -> link.acknowledge(FID, u));
              return link.updatesOf(task).stream().anyMatch(u -> u.state() == state);
            });
    return link.updatesOf(task).stream().filter(u -> u.state() == state).findFirst().get();
  }

  private static TaskInfo with(TaskInfo t, HealthCheck check, Duration maxCompletion) {
    return new TaskInfo(
        t.name(),
        t.taskId(),
        t.agentId(),
        t.resources(),
        t.executor(),
        t.command(),
        t.container(),
        check,
        t.check(),
        t.killPolicy(),
        t.data(),
        t.labels(),
        t.discovery(),
        maxCompletion == null ? null : DurationInfo.of(maxCompletion),
        t.limits());
  }

  private void runGroup(TaskInfo... tasks) {
    link.emit(
        AgentEvent.runTaskGroup(
            FW, TaskGroupTest.defaultExecutor(), new TaskGroupInfo(List.of(tasks))));
  }

  private Path sandboxOf(TaskId task) throws Exception {
    return get(agent.snapshot()).tasks().stream()
        .filter(t -> t.taskId().equals(task))
        .findFirst()
        .orElseThrow()
        .sandbox();
  }

  @Test
  void anUnhealthyGroupTaskIsKilledAndTakesItsSiblingDown() throws Exception {
    TaskId web = TaskId.of("web");
    TaskId sidecar = TaskId.of("sidecar");
    // Healthy while the task's own sandbox has no file named "sick"; one failure kills.
    HealthCheck check = HealthCheck.command("test ! -e sick").withTimings(0, 1, 10, 1, 0);
    runGroup(with(shellTask("web", "sleep 60"), check, null), shellTask("sidecar", "sleep 60"));

    TaskStatus healthy =
        await()
            .atMost(WAIT)
            .until(
                () -> {
                  advance(Duration.ofMillis(250));
                  link.updatesOf(web).forEach(u -> link.acknowledge(FID, u));
                  link.updatesOf(sidecar).forEach(u -> link.acknowledge(FID, u));
                  return link.updatesOf(web).stream()
                      .filter(u -> Boolean.TRUE.equals(u.healthy()))
                      .findFirst();
                },
                Optional::isPresent)
            .get();
    assertThat(healthy.reason())
        .isEqualTo(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED);
    assertThat(healthy.state()).isEqualTo(TaskState.TASK_RUNNING);

    Files.createFile(sandboxOf(web).resolve("sick"));
    TaskStatus killed = advanceUntil(web, TaskState.TASK_KILLED);
    assertThat(killed.healthy()).isFalse();
    assertThat(killed.message()).startsWith("Task is unhealthy: ").contains("test ! -e sick");
    TaskStatus sibling = advanceUntil(sidecar, TaskState.TASK_KILLED);
    assertThat(sibling.source()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(link.updatesOf(sidecar)).noneMatch(u -> u.healthy() != null);
  }

  @Test
  void aGroupTaskPastItsMaxCompletionTimeFailsAndTakesItsSiblingDown() throws Exception {
    TaskId job = TaskId.of("job");
    TaskId sidecar = TaskId.of("sidecar");
    runGroup(
        with(shellTask("job", "sleep 60"), null, Duration.ofSeconds(2)),
        shellTask("sidecar", "sleep 60"));

    TaskStatus failed = advanceUntil(job, TaskState.TASK_FAILED);
    assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_MAX_COMPLETION_TIME_REACHED);
    assertThat(failed.message()).contains("max_completion_time");
    advanceUntil(sidecar, TaskState.TASK_KILLED);
  }
}
