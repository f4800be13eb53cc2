package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.framework;
import static io.mezzo.agent.TestTasks.shellTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.resources.HostProbe;
import io.mezzo.agent.resources.ResourceDetector;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.ManualTimers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's launch queue with launches the test holds open: tasks beyond the slots wait in
 * TASK_STAGING in arrival order, a freed slot goes to the next, and a kill or a TEARDOWN ends a
 * waiting task as TASK_KILLED without its launch ever being asked for.
 */
class AgentLaunchQueueTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AgentId AID = AgentId.of("master-1-S0");
  private static final FrameworkInfo FW = framework("queue-0000");
  private static final TaskId A = TaskId.of("a");
  private static final TaskId B = TaskId.of("b");
  private static final TaskId C = TaskId.of("c");
  private static final TaskId D = TaskId.of("d");

  @TempDir Path work;
  private final ManualTimers timers = new ManualTimers();
  private final ControlledContainerizer containerizer = new ControlledContainerizer();
  private final AcknowledgingMasterLink link = new AcknowledgingMasterLink();
  private Agent agent;

  @BeforeEach
  void setUp() throws Exception {
    AgentConfig config =
        new AgentHarness(work)
            .config("cpus:2;mem:1024;disk:1000", "", "http://agent-host:5052")
            .withMaxConcurrentLaunches(1);
    agent =
        new Agent(
            config,
            link,
            List.of(containerizer),
            new ResourceDetector(HostProbe.system()),
            timers,
            new SplittableRandom(3),
            new SerialContext("agent"));
    AgentHarness.get(agent.start());
    for (int i = 0; i < 4; i++) {
      timers.advance(Duration.ofMillis(250));
      AgentHarness.get(agent.snapshot());
    }
    await().atMost(WAIT).until(() -> link.streamCount() >= 1);
    link.emit(AgentEvent.registered(AID, "master-1", 15));
    await().atMost(WAIT).until(agent::isRegistered);
  }

  @AfterEach
  void tearDown() {
    agent.stop();
  }

  private TaskState stateOf(TaskId id) throws Exception {
    return AgentHarness.get(agent.snapshot()).tasks().stream()
        .filter(t -> t.taskId().equals(id))
        .findFirst()
        .map(AgentSnapshot.TaskView::state)
        .orElse(null);
  }

  private void runAll(TaskId... ids) throws Exception {
    for (TaskId id : ids) {
      link.emit(AgentEvent.runTask(FW, shellTask(id.value(), "true")));
    }
    AgentHarness.get(agent.snapshot()); // every RUN_TASK has been handled
  }

  @Test
  void tasksBeyondTheSlotsWaitInStagingAndStartInArrivalOrder() throws Exception {
    runAll(A, B, C);

    assertThat(containerizer.launched()).containsExactly(A);
    assertThat(stateOf(A)).isEqualTo(TaskState.TASK_STARTING);
    assertThat(stateOf(B)).isEqualTo(TaskState.TASK_STAGING);
    assertThat(stateOf(C)).isEqualTo(TaskState.TASK_STAGING);
    assertThat(link.states(B)).as("a waiting task reports nothing").isEmpty();

    containerizer.completeLaunch(A);
    await().atMost(WAIT).until(() -> containerizer.launched().size() == 2);
    assertThat(containerizer.launched()).containsExactly(A, B);
    await().atMost(WAIT).until(() -> link.states(A).contains(TaskState.TASK_RUNNING));
    assertThat(stateOf(C)).isEqualTo(TaskState.TASK_STAGING);

    containerizer.completeLaunch(B);
    await().atMost(WAIT).until(() -> containerizer.launched().size() == 3);
    assertThat(containerizer.launched()).containsExactly(A, B, C);
  }

  @Test
  void aKillOvertakesTheQueueAndTheKilledTaskNeverLaunches() throws Exception {
    runAll(A, B, C);
    link.emit(AgentEvent.killTask(FW.id(), B, null));

    await().atMost(WAIT).until(() -> link.states(B).contains(TaskState.TASK_KILLED));
    TaskStatus killed = link.latest(B);
    assertThat(killed.reason()).isEqualTo(TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH);
    assertThat(killed.source()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(link.states(B)).containsExactly(TaskState.TASK_KILLED);

    containerizer.completeLaunch(A);
    await().atMost(WAIT).until(() -> containerizer.launched().size() == 2);
    assertThat(containerizer.launched()).containsExactly(A, C);
  }

  @Test
  void aTeardownEndsEveryWaitingTaskAndNothingLaunchesAfterIt() throws Exception {
    runAll(A, B, C, D);
    link.emit(AgentEvent.shutdownFramework(FW.id()));

    await().atMost(WAIT).until(() -> link.terminal(List.of(B, C, D)) == 3);
    for (TaskId waiting : List.of(B, C, D)) {
      assertThat(link.states(waiting)).containsExactly(TaskState.TASK_KILLED);
    }
    // A held the slot: once its launch is over its container is destroyed and it ends KILLED.
    containerizer.completeLaunch(A);
    await().atMost(WAIT).until(() -> link.terminal(List.of(A)) == 1);
    assertThat(link.latest(A).state()).isEqualTo(TaskState.TASK_KILLED);
    AgentHarness.get(agent.snapshot());
    assertThat(containerizer.launched()).containsExactly(A);
  }
}
