package io.mezzo.framework.jobs;

import static io.mezzo.framework.jobs.JobsHarness.T0;
import static io.mezzo.framework.jobs.JobsHarness.taskId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobsFailoverTest {
  private final List<JobsHarness> harnesses = new ArrayList<>();

  private JobsHarness harness() {
    JobsHarness h = new JobsHarness();
    harnesses.add(h);
    return h;
  }

  /** The next leader's copy over the same store and clock, after {@code h} stopped. */
  private JobsHarness failover(JobsHarness h) {
    h.close();
    harnesses.remove(h);
    JobsHarness next = new JobsHarness(h.store, h.timers);
    harnesses.add(next);
    return next;
  }

  /** Moves time in steps of a second, so each timer's work is done before the next is due. */
  private static void walk(JobsHarness h, Duration d) {
    for (long s = 0; s < d.toSeconds(); s++) {
      h.advance(Duration.ofSeconds(1));
    }
  }

  @AfterEach
  void stop() {
    harnesses.forEach(JobsHarness::close);
  }

  @Test
  void theNextLeaderReusesTheFrameworkIdAndLaunchesAClaimedRunOnceUnderItsId() {
    JobsHarness h = harness();
    h.put(TestJobs.everyTwoSeconds("tick"));
    assertThat(h.driver.launchedIds()).isEmpty(); // claimed, no offer came
    JobsHarness next = failover(h);
    assertThat(next.subscriptions.get(0).id().value()).isEqualTo("fw-1");
    String claimed = taskId(T0, 0, "tick");
    assertThat(next.driver.reconciled())
        .singleElement()
        .satisfies(l -> assertThat(l).extracting(t -> t.taskId().value()).containsExactly(claimed));
    next.offer("a1");
    assertThat(next.driver.launchedIds()).isEmpty(); // not before the master said it is unknown
    next.unknownToTheMaster(claimed);
    next.offer("a1");
    next.offer("a1");
    assertThat(next.driver.launchedIds()).containsExactly(claimed);
  }

  @Test
  void aClaimedRunWithoutAReconciliationAnswerIsLaunchedAfterTheTimeout() {
    JobsHarness h = harness();
    h.put(TestJobs.later("quiet"));
    JobsHarness.get(h.framework.run("quiet", Optional.empty()));
    JobsHarness next = failover(h);
    walk(next, JobsConfig.defaults().reconcileTimeout().minusSeconds(2));
    next.offer("a1");
    assertThat(next.driver.launchedIds()).isEmpty();
    walk(next, Duration.ofSeconds(2));
    next.offer("a1");
    assertThat(next.driver.launchedIds()).containsExactly(taskId(T0, 0, "quiet"));
  }

  @Test
  void aClaimedRunSentToAnAgentIsAskedAboutAgainUntilTheMasterAnswers() {
    JobsHarness h = harness();
    h.put(TestJobs.later("q"));
    JobsHarness.get(h.framework.run("q", Optional.empty()));
    h.offer("a1"); // accepted; the leader went before any update
    String id = h.driver.launchedIds().get(0);
    JobsHarness next = failover(h);
    assertThat(next.driver.reconciled())
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .extracting(t -> t.taskId().value() + "@" + t.agentId().value())
                    .containsExactly(id + "@a1"));
    next.advance(Duration.ofSeconds(2));
    next.advance(Duration.ofSeconds(2));
    assertThat(next.driver.reconciled()).hasSize(3);
    walk(next, JobsConfig.defaults().reconcileTimeout());
    next.offer("a1");
    assertThat(next.driver.launchedIds()).isEmpty();
    next.status(
        TaskStatus.builder(TaskId.of(id), TaskState.TASK_GONE)
            .source(TaskStatus.Source.SOURCE_MASTER)
            .reason(TaskStatus.Reason.REASON_RECONCILIATION)
            .agentId(AgentId.of("a1"))
            .build());
    next.offer("a1");
    assertThat(next.driver.launchedIds()).containsExactly(id);
  }

  @Test
  void aRetryWaitingAcrossAFailoverLaunchesAtItsTimeWithTheNextAttempt() {
    JobsHarness h = harness();
    h.put(TestJobs.later("r"));
    JobsHarness.get(h.framework.run("r", Optional.empty()));
    h.runToEnd(TaskState.TASK_FAILED);
    JobsHarness next = failover(h);
    assertThat(next.driver.reconciled()).isEmpty();
    next.offer("a1");
    assertThat(next.driver.launchedIds()).isEmpty();
    next.advance(Duration.ofSeconds(1));
    next.offer("a1");
    assertThat(next.driver.launchedIds()).containsExactly(taskId(T0, 1, "r"));
  }

  @Test
  void theNextLeaderAdoptsARunningRunAndLaunchesNoDuplicate() {
    JobsHarness h = harness();
    h.put(TestJobs.everyTwoSeconds("tick"));
    h.offer("a1");
    String id = h.driver.launchedIds().get(0);
    h.status(id, TaskState.TASK_RUNNING);
    JobsHarness next = failover(h);
    assertThat(next.driver.reconciled())
        .singleElement()
        .satisfies(l -> assertThat(l).extracting(t -> t.taskId().value()).containsExactly(id));
    next.advance(Duration.ofSeconds(2)); // its agent has not re-registered: asked again
    assertThat(next.driver.reconciled()).hasSize(2);
    next.status(id, TaskState.TASK_RUNNING);
    next.advance(Duration.ofSeconds(4));
    assertThat(next.driver.reconciled()).hasSize(2);
    next.offer("a1");
    assertThat(next.driver.launchedIds()).isEmpty();
    next.status(id, TaskState.TASK_FINISHED);
    assertThat(next.job("tick").counters().successCount()).isEqualTo(1);
  }

  @Test
  void aClaimedRunTheMasterAlreadyKnowsIsAdoptedNotRelaunched() {
    JobsHarness h = harness();
    h.put(TestJobs.everyTwoSeconds("tick"));
    h.offer("a1"); // accepted, but no update came before the leader went
    String id = h.driver.launchedIds().get(0);
    JobsHarness next = failover(h);
    next.status(id, TaskState.TASK_STAGING);
    walk(next, JobsConfig.defaults().reconcileTimeout());
    next.offer("a1");
    assertThat(next.driver.launchedIds()).isEmpty();
    assertThat(next.job("tick").state()).isEqualTo("running");
  }

  @Test
  void slotsMissedWhileNoLeaderRanAreSkippedOutsideEpsilonAndTheNewestRunsInside() {
    JobsHarness h = harness();
    h.put(TestJobs.epsilon(TestJobs.everyTwoSeconds("tick"), Duration.ofSeconds(5)));
    h.runToEnd(TaskState.TASK_FINISHED); // slot 0
    h.close();
    harnesses.remove(h);
    h.timers.advance(Duration.ofSeconds(11)); // slots 2 … 10 pass with no leader
    JobsHarness next = new JobsHarness(h.store, h.timers);
    harnesses.add(next);
    next.offer("a1");
    assertThat(next.driver.launchedIds()).containsExactly(taskId(T0.plusSeconds(10), 0, "tick"));
    JobsSnapshot.Job job = next.job("tick");
    assertThat(job.skipped()).isEqualTo(4);
    assertThat(job.nextRun()).contains(T0.plusSeconds(12));
  }

  @Test
  void aFrameworkWhoseStoreMovedOnStopsWithoutActing() {
    JobsHarness h = harness();
    h.put(TestJobs.later("one"));
    JobsHarness other = new JobsHarness(h.store, h.timers);
    harnesses.add(other);
    other.put(TestJobs.later("two"));
    assertThatThrownBy(() -> h.put(TestJobs.later("three")))
        .isInstanceOfSatisfying(JobsException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThatThrownBy(h::snapshot).isInstanceOf(JobsException.class);
    assertThat(h.clientClosed).isTrue();
    h.framework.offers(h.driver, List.of(h.offer("a1", "a1.example", List.of())));
    assertThat(h.driver.launchedIds()).isEmpty();
    assertThat(other.snapshot().jobs())
        .extracting(j -> j.definition().name())
        .containsExactly("one", "two");
  }
}
