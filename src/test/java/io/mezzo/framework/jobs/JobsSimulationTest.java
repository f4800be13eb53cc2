package io.mezzo.framework.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.framework.services.InMemoryFrameworkStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded runs of a 2-second job through random offers, task ends and leader failovers (a new copy
 * over the same store, at any point, including between an ACCEPT and the task's first update),
 * against a scripted master that remembers every task it was given and answers reconciliation from
 * that. Invariants: no task is launched while the master already has it, and every slot is
 * accounted for exactly once: run to an end, still open, or skipped. A failing seed replays.
 */
class JobsSimulationTest {
  private static final String JOB = "sim";

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void everySlotIsRunOrSkippedOnceAndNoTaskIsLaunchedTwice(long seed) {
    Random random = new Random(seed);
    InMemoryFrameworkStore store = new InMemoryFrameworkStore();
    ManualTimers timers = new ManualTimers(JobsHarness.T0);
    Map<String, TaskState> master = new LinkedHashMap<>();
    JobsHarness h = new JobsHarness(store, timers);
    int launchedSeen = 0;
    int reconcilesSeen = 0;
    try {
      h.put(TestJobs.epsilon(TestJobs.everyTwoSeconds(JOB), Duration.ofSeconds(3)));
      for (int step = 0; step < 200; step++) {
        int choice = random.nextInt(100);
        if (choice < 30) {
          h.advance(Duration.ofMillis(500 + random.nextInt(2500)));
        } else if (choice < 55) {
          h.offer("a1");
        } else if (choice < 85) {
          List<String> open =
              master.entrySet().stream()
                  .filter(e -> !e.getValue().isTerminal())
                  .map(Map.Entry::getKey)
                  .toList();
          if (!open.isEmpty()) {
            String task = open.get(random.nextInt(open.size()));
            TaskState next =
                master.get(task) == TaskState.TASK_STAGING
                    ? TaskState.TASK_RUNNING
                    : random.nextInt(10) < 7 ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED;
            master.put(task, next);
            h.status(task, next);
          }
        } else {
          h.close();
          h = new JobsHarness(store, timers);
          launchedSeen = 0;
          reconcilesSeen = 0;
        }
        List<String> launched = h.driver.launchedIds();
        for (String id : launched.subList(launchedSeen, launched.size())) {
          assertThat(master)
              .as("seed %d step %d: %s launched again", seed, step, id)
              .doesNotContainKey(id);
          master.put(id, TaskState.TASK_STAGING);
        }
        launchedSeen = launched.size();
        List<List<Call.Reconcile.Task>> asked = h.driver.reconciled();
        for (List<Call.Reconcile.Task> round : asked.subList(reconcilesSeen, asked.size())) {
          for (Call.Reconcile.Task t : round) {
            answer(h, master, t.taskId().value());
          }
        }
        reconcilesSeen = asked.size();
      }
      assertSlotsAccountedFor(h, seed);
    } finally {
      h.close();
    }
  }

  private static void answer(JobsHarness h, Map<String, TaskState> master, String task) {
    TaskState known = master.get(task);
    if (known == null) {
      h.unknownToTheMaster(task);
      return;
    }
    h.status(
        TaskStatus.builder(TaskId.of(task), known)
            .source(TaskStatus.Source.SOURCE_MASTER)
            .reason(TaskStatus.Reason.REASON_RECONCILIATION)
            .agentId(AgentId.of("a1"))
            .build());
  }

  private static void assertSlotsAccountedFor(JobsHarness h, long seed) {
    JobsSnapshot.Job job = h.job(JOB);
    long passed = Duration.between(JobsHarness.T0, job.nextRun().orElseThrow()).toMillis() / 2000;
    long open = job.runs().stream().filter(r -> !ended(r)).count();
    JobsSnapshot.Counters c = job.counters();
    assertThat(c.successCount() + c.errorCount() + open + job.skipped())
        .as("seed %d: %s", seed, job)
        .isEqualTo(passed);
    Set<Long> slots = new HashSet<>();
    for (JobsSnapshot.Run r : job.runs()) {
      assertThat(slots.add(r.slot().orElseThrow().toEpochMilli()))
          .as("seed %d: slot %s has two runs", seed, r.slot())
          .isTrue();
    }
    assertThat(new ArrayList<>(slots)).isNotEmpty();
  }

  private static boolean ended(JobsSnapshot.Run r) {
    return !r.state().equals("CLAIMED") && TaskState.valueOf(r.state()).isTerminal();
  }
}
