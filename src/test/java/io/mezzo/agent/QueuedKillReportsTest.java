package io.mezzo.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.TaskState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueuedKillReportsTest {
  private final ArrayDeque<Runnable> turns = new ArrayDeque<>();
  private final List<TaskRun> reported = new ArrayList<>();
  private final QueuedKillReports reports = new QueuedKillReports(turns::addLast, reported::add);

  private static TaskRun task(int i) {
    return new TaskRun(
        TestTasks.framework("f"),
        TestTasks.shellTask("t" + i, "true"),
        null,
        TaskState.TASK_STAGING);
  }

  @Test
  void reportsABatchPerTurnSoOtherWorkRunsBetweenBatches() {
    List<TaskRun> killed = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      killed.add(task(i));
      reports.add(killed.get(i));
    }
    assertThat(reported).isEmpty();
    assertThat(turns).hasSize(1);

    // Work queued on the context meanwhile (a heartbeat) runs after the first batch, not after all.
    turns.addLast(() -> reported.add(null));
    turns.removeFirst().run();
    assertThat(reported).hasSize(QueuedKillReports.PER_TURN);

    while (!turns.isEmpty()) {
      turns.removeFirst().run();
    }
    assertThat(reported).hasSize(101);
    assertThat(reported.indexOf(null)).as("the other work ran after the first batch").isEqualTo(32);
    assertThat(reported.stream().filter(t -> t != null).toList()).isEqualTo(killed);
  }
}
