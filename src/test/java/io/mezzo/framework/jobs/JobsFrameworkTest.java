package io.mezzo.framework.jobs;

import static io.mezzo.framework.jobs.JobsHarness.T0;
import static io.mezzo.framework.jobs.JobsHarness.taskId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.framework.jobs.job.JobDefinition;
import io.mezzo.framework.jobs.schedule.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobsFrameworkTest {
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

  @Test
  void subscribesAsChronosWithFailoverAndStoresTheFrameworkId() {
    JobsHarness h = harness();
    FrameworkInfo info = h.subscriptions.get(0);
    assertThat(info.name()).isEqualTo("chronos");
    assertThat(info.role()).isEqualTo("chronos");
    assertThat(info.failoverTimeout()).isEqualTo(Duration.ofDays(7).toSeconds());
    assertThat(info.checkpoint()).isTrue();
    assertThat(info.hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE)).isTrue();
    assertThat(info.id()).isNull();
    assertThat(h.store.text("framework-id")).isEqualTo("fw-1");
    assertThat(h.snapshot().frameworkId()).contains("fw-1");
  }

  @Test
  void aTwoSecondJobClaimsSlotsInOrderAndLaunchesEachOnce() {
    JobsHarness h = harness();
    h.put(TestJobs.everyTwoSeconds("tick"));
    assertThat(h.job("tick").state()).isEqualTo("queued");
    List<String> ran = new ArrayList<>();
    for (int slot = 0; slot < 3; slot++) {
      ran.add(h.runToEnd(TaskState.TASK_FINISHED));
      h.offer("a2"); // nothing else is due: declined
      h.advance(Duration.ofSeconds(2));
    }
    assertThat(ran)
        .containsExactly(
            taskId(T0, 0, "tick"),
            taskId(T0.plusSeconds(2), 0, "tick"),
            taskId(T0.plusSeconds(4), 0, "tick"));
    assertThat(h.driver.launchedIds()).containsExactlyElementsOf(ran);
    JobsSnapshot.Job job = h.job("tick");
    assertThat(job.counters().successCount()).isEqualTo(3);
    assertThat(job.counters().lastSuccess()).contains(T0.plusSeconds(4));
    assertThat(job.nextRun()).contains(T0.plusSeconds(8));
    assertThat(job.runs()).first().satisfies(r -> assertThat(r.slot()).contains(T0.plusSeconds(6)));
  }

  @Test
  void aClaimIsStoredBeforeTheAcceptThatLaunchesIt() {
    JobsHarness h = harness();
    List<String> storedAtAccept = new ArrayList<>();
    h.driver.onAccept = tasks -> storedAtAccept.add(h.store.text("job.tick"));
    h.put(TestJobs.everyTwoSeconds("tick"));
    h.offer("a1");
    assertThat(h.driver.launchedIds()).containsExactly(taskId(T0, 0, "tick"));
    assertThat(storedAtAccept)
        .singleElement()
        .satisfies(
            doc -> {
              assertThat(doc).contains("\"state\":\"CLAIMED\"");
              assertThat(doc).contains("\"base\":" + T0.toEpochMilli());
              assertThat(doc).contains("\"cursor\":\"" + T0.plusSeconds(2) + "\"");
            });
  }

  @Test
  void theTaskRunsTheCommandWithTheResourcesAndChronosEnvironment() {
    JobsHarness h = harness();
    h.put(TestJobs.everyTwoSeconds("tick"));
    h.offer("a1");
    var task = h.driver.launched().get(0);
    assertThat(task.name()).isEqualTo("ChronosTask:tick");
    assertThat(task.command().shell()).isTrue();
    assertThat(task.command().value()).isEqualTo("echo tick");
    assertThat(task.command().environment().variables())
        .anySatisfy(v -> assertThat(v.name() + "=" + v.value()).isEqualTo("CHRONOS_JOB_NAME=tick"));
    assertThat(task.resources())
        .extracting(r -> r.name() + ":" + r.scalar().value())
        .containsExactly("cpus:0.1", "mem:128.0", "disk:256.0");
  }

  @Test
  void aFailedRunIsRetriedWithNewAttemptsThenCountsOneError() {
    JobsHarness h = harness();
    h.put(TestJobs.retries(TestJobs.later("flaky"), 2));
    h.get(h.framework.run("flaky", Optional.empty()));
    Instant base = T0;
    assertThat(h.runToEnd(TaskState.TASK_FAILED)).isEqualTo(taskId(base, 0, "flaky"));
    h.offer("a1");
    assertThat(h.driver.launchedIds()).hasSize(1); // the retry waits for its delay
    h.advance(RetryPolicy.retryAfter(0, 2).orElseThrow());
    assertThat(h.runToEnd(TaskState.TASK_FAILED)).isEqualTo(taskId(base, 1, "flaky"));
    h.advance(RetryPolicy.retryAfter(1, 2).orElseThrow());
    assertThat(h.runToEnd(TaskState.TASK_LOST)).isEqualTo(taskId(base, 2, "flaky"));
    h.advance(Duration.ofMinutes(5));
    h.offer("a1");
    assertThat(h.driver.launchedIds()).hasSize(3);
    JobsSnapshot.Job job = h.job("flaky");
    assertThat(job.counters().errorCount()).isEqualTo(1);
    assertThat(job.counters().errorsSinceLastSuccess()).isEqualTo(1);
    assertThat(job.counters().successCount()).isZero();
    assertThat(job.counters().lastError()).isPresent();
    assertThat(job.runs())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.attempt()).isEqualTo(2);
              assertThat(r.state()).isEqualTo("TASK_LOST");
              assertThat(r.trigger()).isEqualTo("manual");
            });
    assertThat(job.state()).isEqualTo("idle");
  }

  @Test
  void exitStatusAndMessageAreRecordedFromTheStatus() {
    JobsHarness h = harness();
    h.put(TestJobs.retries(TestJobs.later("exit"), 0));
    h.get(h.framework.run("exit", Optional.empty()));
    h.offer("a1");
    String id = h.driver.launchedIds().get(0);
    h.status(id, TaskState.TASK_RUNNING);
    h.status(
        io.mezzo.api.v1.TaskStatus.builder(io.mezzo.api.v1.TaskId.of(id), TaskState.TASK_FAILED)
            .agentId(io.mezzo.api.v1.AgentId.of("a1"))
            .message("Command exited with status 3")
            .uuid("u")
            .build());
    JobsSnapshot.Run run = h.job("exit").runs().get(0);
    assertThat(run.exitStatus()).contains(3);
    assertThat(run.message()).contains("Command exited with status 3");
    assertThat(run.agentId()).contains("a1");
    assertThat(run.startTime()).isPresent();
    assertThat(run.endTime()).isPresent();
    assertThat(h.driver.acked()).extracting(s -> s.uuid()).contains("u");
  }

  @Test
  void aNonConcurrentJobWaitsForItsRunThenRunsTheSlotInsideEpsilon() {
    JobsHarness h = harness();
    h.put(TestJobs.everyTwoSeconds("slow"));
    h.offer("a1");
    String first = h.driver.launchedIds().get(0);
    h.status(first, TaskState.TASK_RUNNING);
    h.advance(Duration.ofSeconds(3)); // slot 2 s is due, the run of 0 s still runs
    h.offer("a1");
    assertThat(h.driver.launchedIds()).containsExactly(first);
    h.status(first, TaskState.TASK_FINISHED);
    h.offer("a1");
    assertThat(h.driver.launchedIds()).containsExactly(first, taskId(T0.plusSeconds(2), 0, "slow"));
  }

  @Test
  void aDisabledJobClaimsNothingAndCountsTheSlotsItSkips() {
    JobsHarness h = harness();
    h.put(TestJobs.everyTwoSeconds("off").withDisabled(true));
    h.advance(Duration.ofSeconds(2));
    h.advance(Duration.ofSeconds(2));
    h.offer("a1");
    assertThat(h.driver.launchedIds()).isEmpty();
    JobsSnapshot.Job job = h.job("off");
    assertThat(job.skipped()).isEqualTo(3);
    assertThat(job.nextRun()).isEmpty();
    assertThat(job.runs()).isEmpty();
  }

  @Test
  void aManualRunAppendsItsArgumentsToTheArgv() {
    JobsHarness h = harness();
    h.put(TestJobs.argv(TestJobs.later("argv"), "-v"));
    h.get(h.framework.run("argv", Optional.of("one two")));
    h.offer("a1");
    var command = h.driver.launched().get(0).command();
    assertThat(command.shell()).isFalse();
    assertThat(command.arguments()).containsExactly("echo argv", "-v", "one", "two");
    assertThat(h.job("argv").runs().get(0).trigger()).isEqualTo("manual");
  }

  @Test
  void constraintsKeepARunOffAgentsThatDoNotMeetThem() {
    JobsHarness h = harness();
    h.put(
        TestJobs.constraints(
            TestJobs.later("pinned"),
            new JobDefinition.Constraint(
                "hostname", JobDefinition.Constraint.Operator.EQUALS, "good.example")));
    h.get(h.framework.run("pinned", Optional.empty()));
    h.offer(h.offer("a1", "bad.example", List.of()));
    assertThat(h.driver.launchedIds()).isEmpty();
    h.offer(h.offer("a2", "good.example", List.of()));
    assertThat(h.driver.launched())
        .singleElement()
        .satisfies(t -> assertThat(t.agentId().value()).isEqualTo("a2"));
  }

  @Test
  void offersAreSuppressedWhenNothingWaitsAndRevivedWhenARunDoes() {
    JobsHarness h = harness();
    assertThat(h.driver.calls()).endsWith("SUPPRESS");
    h.put(TestJobs.later("x"));
    h.get(h.framework.run("x", Optional.empty()));
    assertThat(h.driver.calls()).endsWith("REVIVE");
    h.offer("a1");
    assertThat(h.driver.calls()).endsWith("SUPPRESS");
  }

  @Test
  void killTasksEndsTheRunFailedWithoutRetry() {
    JobsHarness h = harness();
    h.put(TestJobs.later("k"));
    h.get(h.framework.run("k", Optional.empty()));
    h.offer("a1");
    String id = h.driver.launchedIds().get(0);
    h.status(id, TaskState.TASK_RUNNING);
    h.get(h.framework.killTasks("k"));
    assertThat(h.driver.killed()).extracting(t -> t.value()).containsExactly(id);
    h.status(id, TaskState.TASK_KILLED);
    h.advance(Duration.ofMinutes(2));
    h.offer("a1");
    assertThat(h.driver.launchedIds()).containsExactly(id);
    JobsSnapshot.Job job = h.job("k");
    assertThat(job.counters().errorCount()).isEqualTo(1);
    assertThat(job.runs().get(0).state()).isEqualTo("TASK_KILLED");
  }

  @Test
  void killTasksEndsARunNotLaunchedYetAtOnce() {
    JobsHarness h = harness();
    h.put(TestJobs.later("q"));
    h.get(h.framework.run("q", Optional.empty()));
    h.get(h.framework.killTasks("q"));
    h.offer("a1");
    assertThat(h.driver.launchedIds()).isEmpty();
    assertThat(h.driver.killed()).isEmpty();
    JobsSnapshot.Job job = h.job("q");
    assertThat(job.state()).isEqualTo("idle");
    assertThat(job.runs().get(0).state()).isEqualTo("TASK_KILLED");
    assertThat(job.counters().errorCount()).isEqualTo(1);
  }

  @Test
  void aRunLongerThanMaxCompletionTimeIsKilledAndCountsFailed() {
    JobsHarness h = harness();
    h.put(TestJobs.maxCompletionTime(TestJobs.later("long"), 10));
    h.get(h.framework.run("long", Optional.empty()));
    h.offer("a1");
    String id = h.driver.launchedIds().get(0);
    h.status(id, TaskState.TASK_RUNNING);
    h.advance(Duration.ofSeconds(9));
    assertThat(h.driver.killed()).isEmpty();
    h.advance(Duration.ofSeconds(1));
    assertThat(h.driver.killed()).extracting(t -> t.value()).containsExactly(id);
    h.status(id, TaskState.TASK_KILLED);
    h.advance(Duration.ofMinutes(2));
    h.offer("a1");
    assertThat(h.driver.launchedIds()).containsExactly(id);
    JobsSnapshot.Job job = h.job("long");
    assertThat(job.counters().errorCount()).isEqualTo(1);
    assertThat(job.runs().get(0).message().orElse("")).contains("maxCompletionTime");
  }

  @Test
  void launchedRunsAreReconciledEveryPeriod() {
    JobsHarness h = harness();
    h.put(TestJobs.later("long"));
    h.get(h.framework.run("long", Optional.empty()));
    h.offer("a1");
    String id = h.driver.launchedIds().get(0);
    h.status(id, TaskState.TASK_RUNNING);
    assertThat(h.driver.reconciled()).isEmpty();
    h.advance(Reconciler.PERIOD);
    assertThat(h.driver.reconciled())
        .singleElement()
        .satisfies(l -> assertThat(l).extracting(t -> t.taskId().value()).containsExactly(id));
  }

  @Test
  void unknownJobsAreRefusedWith404() {
    JobsHarness h = harness();
    assertThatThrownBy(() -> h.get(h.framework.run("nope", Optional.empty())))
        .isInstanceOfSatisfying(JobsException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> h.get(h.framework.delete("nope")))
        .isInstanceOfSatisfying(JobsException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThat(h.get(h.framework.markSuccess("nope"))).isFalse();
  }

  @Test
  void anOrphanTaskIsKilled() {
    JobsHarness h = harness();
    h.status(taskId(T0, 0, "gone"), TaskState.TASK_RUNNING);
    assertThat(h.driver.killed()).extracting(t -> t.value()).containsExactly(taskId(T0, 0, "gone"));
  }

  @Test
  void putKeepsCountersUnlessTheBodyCarriesThem() {
    JobsHarness h = harness();
    h.put(TestJobs.later("c"));
    h.get(h.framework.markSuccess("c"));
    h.put(TestJobs.retries(TestJobs.later("c"), 5));
    assertThat(h.job("c").counters().successCount()).isEqualTo(1);
    JobsSnapshot.Counters imported =
        new JobsSnapshot.Counters(7, 2, 0, Optional.of(T0), Optional.empty());
    h.get(h.framework.put(TestJobs.later("c"), Optional.of(imported)));
    assertThat(h.job("c").counters()).isEqualTo(imported);
  }
}
