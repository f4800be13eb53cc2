package io.mezzo.agent.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.ManualTimers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusUpdateManagerTest {
  private static final FrameworkId FW = FrameworkId.of("fw-0000");
  private static final TaskId TASK = TaskId.of("task-1");
  private static final Duration MIN = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofMillis(350);

  @TempDir Path dir;
  private ManualTimers timers;
  private final List<TaskStatus> sent = new ArrayList<>();

  /** What the checkpoint file held at the moment each update was forwarded. */
  private final List<String> fileAtSend = new ArrayList<>();

  private Path file;

  @BeforeEach
  void setUp() {
    timers = new ManualTimers();
    file = dir.resolve("tasks/task-1/task.updates");
  }

  private StatusUpdateManager manager() {
    return new StatusUpdateManager(
        timers,
        Runnable::run,
        new SplittableRandom(7),
        MIN,
        MAX,
        (fw, status) -> {
          sent.add(status);
          fileAtSend.add(Files.exists(file) ? readQuietly(file) : "");
          return CompletableFuture.completedFuture(null);
        });
  }

  private static TaskStatus status(TaskState state) {
    return TaskStatus.builder(TASK, state).message(state.name()).build();
  }

  @Test
  void stampsA16ByteUuidAndCheckpointsBeforeSending() {
    StatusUpdateManager m = manager();
    TaskStatus stamped = m.update(FW, status(TaskState.TASK_STARTING), file);

    assertThat(Base64.getDecoder().decode(stamped.uuid())).hasSize(16);
    assertThat(sent).containsExactly(stamped);
    assertThat(fileAtSend.get(0)).contains(stamped.uuid()).contains("TASK_STARTING");
  }

  @Test
  void onlyTheHeadIsInFlightAndTheNextGoesAfterItsAck() {
    StatusUpdateManager m = manager();
    TaskStatus starting = m.update(FW, status(TaskState.TASK_STARTING), file);
    TaskStatus running = m.update(FW, status(TaskState.TASK_RUNNING), file);
    assertThat(sent).containsExactly(starting);

    assertThat(m.acknowledge(TASK, starting.uuid()))
        .isEqualTo(StatusUpdateManager.AckResult.ACKNOWLEDGED);
    assertThat(sent).containsExactly(starting, running);
    assertThat(m.pending(TASK)).containsExactly(running);
  }

  @Test
  void resendsAnUnacknowledgedHeadWithDoublingBackoffUpToTheCap() {
    StatusUpdateManager m = manager();
    TaskStatus starting = m.update(FW, status(TaskState.TASK_STARTING), file);

    timers.advance(MIN.minusMillis(1));
    assertThat(sent).hasSize(1);
    timers.advance(Duration.ofMillis(1)); // 100 ms: first retry
    assertThat(sent).hasSize(2);
    timers.advance(Duration.ofMillis(200)); // +200 ms: second retry
    assertThat(sent).hasSize(3);
    timers.advance(Duration.ofMillis(349)); // capped at 350 ms, not 400
    assertThat(sent).hasSize(3);
    timers.advance(Duration.ofMillis(1));
    assertThat(sent).hasSize(4);
    assertThat(sent).allMatch(s -> s.equals(starting));
  }

  @Test
  void isNotResentAfterItsAck() {
    StatusUpdateManager m = manager();
    TaskStatus starting = m.update(FW, status(TaskState.TASK_STARTING), file);
    m.acknowledge(TASK, starting.uuid());

    timers.advance(Duration.ofSeconds(10));
    assertThat(sent).containsExactly(starting);
    assertThat(timers.pending()).isZero();
  }

  @Test
  void deliversInOrderWhileResending() {
    StatusUpdateManager m = manager();
    TaskStatus starting = m.update(FW, status(TaskState.TASK_STARTING), file);
    TaskStatus running = m.update(FW, status(TaskState.TASK_RUNNING), file);
    TaskStatus finished = m.update(FW, status(TaskState.TASK_FINISHED), file);
    timers.advance(MIN);
    m.acknowledge(TASK, starting.uuid());
    timers.advance(MIN);
    m.acknowledge(TASK, running.uuid());

    assertThat(sent).containsExactly(starting, starting, running, running, finished);
  }

  @Test
  void ignoresUnknownAndMismatchedAcks() {
    StatusUpdateManager m = manager();
    TaskStatus starting = m.update(FW, status(TaskState.TASK_STARTING), file);
    TaskStatus running = m.update(FW, status(TaskState.TASK_RUNNING), file);

    assertThat(m.acknowledge(TASK, running.uuid()))
        .isEqualTo(StatusUpdateManager.AckResult.IGNORED);
    assertThat(m.acknowledge(TaskId.of("other"), starting.uuid()))
        .isEqualTo(StatusUpdateManager.AckResult.IGNORED);
    assertThat(m.pending(TASK)).containsExactly(starting, running);
    assertThat(m.acknowledge(TASK, starting.uuid()))
        .isEqualTo(StatusUpdateManager.AckResult.ACKNOWLEDGED);
    assertThat(m.acknowledge(TASK, starting.uuid()))
        .isEqualTo(StatusUpdateManager.AckResult.IGNORED);
  }

  @Test
  void acknowledgingTheTerminalUpdateClosesTheStream() {
    StatusUpdateManager m = manager();
    TaskStatus failed = m.update(FW, status(TaskState.TASK_FAILED), file);

    assertThatThrownBy(() -> m.update(FW, status(TaskState.TASK_RUNNING), file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("terminal");
    assertThat(m.acknowledge(TASK, failed.uuid()))
        .isEqualTo(StatusUpdateManager.AckResult.STREAM_CLOSED);
    assertThat(m.openStreams()).isEmpty();
  }

  @Test
  void pauseStopsResendsAndResumeResendsEveryHeadAtOnce() {
    StatusUpdateManager m = manager();
    TaskStatus a = m.update(FW, status(TaskState.TASK_STARTING), file);
    Path otherFile = dir.resolve("tasks/task-2/task.updates");
    TaskStatus b =
        m.update(
            FW,
            TaskStatus.builder(TaskId.of("task-2"), TaskState.TASK_STARTING).build(),
            otherFile);
    m.pause();
    timers.advance(Duration.ofSeconds(5));
    assertThat(sent).containsExactly(a, b);

    TaskStatus queued = m.update(FW, status(TaskState.TASK_RUNNING), file);
    assertThat(sent).containsExactly(a, b);
    m.resume();
    assertThat(sent).containsExactly(a, b, a, b);
    m.acknowledge(TASK, a.uuid());
    assertThat(sent).last().isEqualTo(queued);
  }

  @Test
  void aNewManagerRecoversUnacknowledgedUpdatesFromTheCheckpointAndResendsThemInOrder() {
    StatusUpdateManager before = manager();
    TaskStatus starting = before.update(FW, status(TaskState.TASK_STARTING), file);
    TaskStatus running = before.update(FW, status(TaskState.TASK_RUNNING), file);
    TaskStatus finished = before.update(FW, status(TaskState.TASK_FINISHED), file);
    before.acknowledge(TASK, starting.uuid());
    before.close();
    sent.clear();

    StatusUpdateManager after = manager();
    StatusUpdateManager.Recovered r = after.recover(TASK, file).orElseThrow();

    assertThat(r.frameworkId()).isEqualTo(FW);
    assertThat(r.latest()).isEqualTo(finished);
    assertThat(r.pending()).containsExactly(running, finished);
    assertThat(r.closed()).isFalse();
    assertThat(sent).containsExactly(running);
    after.acknowledge(TASK, running.uuid());
    assertThat(sent).containsExactly(running, finished);
    assertThat(after.acknowledge(TASK, finished.uuid()))
        .isEqualTo(StatusUpdateManager.AckResult.STREAM_CLOSED);

    StatusUpdateManager third = manager();
    assertThat(third.recover(TASK, file).orElseThrow().closed()).isTrue();
    assertThat(third.openStreams()).isEmpty();
  }

  @Test
  void recoveryCutsATornLastRecordSoLaterAppendsStayReadable() throws Exception {
    StatusUpdateManager before = manager();
    TaskStatus starting = before.update(FW, status(TaskState.TASK_STARTING), file);
    Files.write(file, "120\n{\"type\":\"UPD".getBytes(), java.nio.file.StandardOpenOption.APPEND);

    StatusUpdateManager after = manager();
    assertThat(after.recover(TASK, file).orElseThrow().pending()).containsExactly(starting);
    after.acknowledge(TASK, starting.uuid());
    TaskStatus running = after.update(FW, status(TaskState.TASK_RUNNING), file);

    StatusUpdateManager third = manager();
    assertThat(third.recover(TASK, file).orElseThrow().pending()).containsExactly(running);
  }

  @Test
  void recoveringAMissingFileYieldsNothing() {
    assertThat(manager().recover(TASK, dir.resolve("absent"))).isEmpty();
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
