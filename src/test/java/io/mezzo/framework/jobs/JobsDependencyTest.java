package io.mezzo.framework.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobsDependencyTest {
  private final List<JobsHarness> harnesses = new ArrayList<>();

  private JobsHarness harness() {
    JobsHarness h = new JobsHarness();
    harnesses.add(h);
    return h;
  }

  @AfterEach
  void stop() {
    harnesses.forEach(JobsHarness::close);
  }

  private static void runNow(JobsHarness h, String job) {
    JobsHarness.get(h.framework.run(job, Optional.empty()));
  }

  private static List<String> jobsLaunched(JobsHarness h) {
    return h.driver.launchedIds().stream().map(id -> id.split(":")[3]).toList();
  }

  @Test
  void aChildRunsAfterItsParentSucceedsAndNotAfterItFails() {
    JobsHarness h = harness();
    h.put(TestJobs.retries(TestJobs.later("parent"), 0));
    h.put(TestJobs.child("child", "parent"));
    runNow(h, "parent");
    h.runToEnd(TaskState.TASK_FAILED);
    h.offer("a1");
    assertThat(jobsLaunched(h)).containsExactly("parent");
    runNow(h, "parent");
    h.runToEnd(TaskState.TASK_FINISHED);
    assertThat(h.job("child").state()).isEqualTo("queued");
    h.runToEnd(TaskState.TASK_FINISHED);
    assertThat(jobsLaunched(h)).containsExactly("parent", "parent", "child");
    JobsSnapshot.Job child = h.job("child");
    assertThat(child.runs())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.trigger()).isEqualTo("dependency");
              assertThat(r.slot()).isEmpty();
            });
    assertThat(child.counters().successCount()).isEqualTo(1);
    assertThat(child.nextRun()).isEmpty();
  }

  @Test
  void aDiamondsJoinRunsOnceBothBranchesSucceeded() {
    JobsHarness h = harness();
    h.put(TestJobs.later("a"));
    h.put(TestJobs.child("b", "a"));
    h.put(TestJobs.child("c", "a"));
    h.put(TestJobs.child("d", "b", "c"));
    runNow(h, "a");
    h.runToEnd(TaskState.TASK_FINISHED);
    h.offer("a1"); // b and c both fit on it
    assertThat(jobsLaunched(h)).containsExactly("a", "b", "c");
    String b = h.driver.launchedIds().get(1);
    String c = h.driver.launchedIds().get(2);
    h.status(b, TaskState.TASK_FINISHED);
    assertThat(h.job("d").runs()).isEmpty();
    h.status(c, TaskState.TASK_FINISHED);
    assertThat(h.job("d").state()).isEqualTo("queued");
    h.runToEnd(TaskState.TASK_FINISHED);
    h.offer("a1");
    assertThat(jobsLaunched(h)).containsExactly("a", "b", "c", "d");
  }

  @Test
  void markSuccessCountsAndTriggersTheChildren() {
    JobsHarness h = harness();
    h.put(TestJobs.later("p"));
    h.put(TestJobs.child("kid", "p"));
    assertThat(JobsHarness.get(h.framework.markSuccess("p"))).isTrue();
    assertThat(h.job("p").counters().successCount()).isEqualTo(1);
    h.offer("a1");
    assertThat(jobsLaunched(h)).containsExactly("kid");
  }

  @Test
  void aSoftErrorParentsFinalFailureStillTriggersItsChildren() {
    JobsHarness h = harness();
    h.put(TestJobs.softError(TestJobs.retries(TestJobs.later("soft"), 0)));
    h.put(TestJobs.child("after", "soft"));
    runNow(h, "soft");
    h.runToEnd(TaskState.TASK_FAILED);
    assertThat(h.job("soft").counters().errorCount()).isEqualTo(1);
    h.offer("a1");
    assertThat(jobsLaunched(h)).containsExactly("soft", "after");
  }

  @Test
  void deletingAJobOthersDependOnIsRefusedAndDeletingKillsItsTasks() {
    JobsHarness h = harness();
    h.put(TestJobs.later("base"));
    h.put(TestJobs.child("top", "base"));
    assertThatThrownBy(() -> JobsHarness.get(h.framework.delete("base")))
        .isInstanceOfSatisfying(
            JobsException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage()).contains("top");
            });
    runNow(h, "base");
    h.offer("a1");
    String id = h.driver.launchedIds().get(0);
    h.status(id, TaskState.TASK_RUNNING);
    JobsHarness.get(h.framework.delete("top"));
    JobsHarness.get(h.framework.delete("base"));
    assertThat(h.driver.killed()).extracting(t -> t.value()).containsExactly(id);
    assertThat(h.snapshot().jobs()).isEmpty();
    assertThat(h.store.text("job.base")).isEmpty();
  }

  @Test
  void anUnknownParentIsRefused() {
    JobsHarness h = harness();
    assertThatThrownBy(() -> h.put(TestJobs.child("orphan", "missing")))
        .isInstanceOfSatisfying(
            JobsException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage()).contains("missing");
            });
    assertThat(h.snapshot().jobs()).isEmpty();
  }
}
