package io.mezzo.framework.services;

import static io.mezzo.framework.services.Apps.app;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.instance.HealthRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServicesHealthTest {
  private final ServicesHarness h = new ServicesHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private TaskId runningInstance() {
    h.deploy(app("/web", 1));
    h.offer("a1");
    TaskId t = h.driver.launched().get(0).taskId();
    h.status(t, TaskState.TASK_RUNNING);
    return t;
  }

  private static TaskStatus health(TaskId t, TaskState state, boolean healthy) {
    return TaskStatus.builder(t, state).agentId(AgentId.of("a1")).healthy(healthy).build();
  }

  @Test
  void aChangeOfHealthIsAnnouncedOnceAndStored() {
    TaskId t = runningInstance();
    h.status(health(t, TaskState.TASK_RUNNING, true));
    h.status(health(t, TaskState.TASK_RUNNING, true));
    h.status(health(t, TaskState.TASK_RUNNING, false));
    assertThat(h.events)
        .filteredOn(e -> e instanceof ServicesEvent.HealthChanged)
        .extracting(e -> ((ServicesEvent.HealthChanged) e).alive())
        .containsExactly(true, false);
    assertThat(h.instances("/web"))
        .singleElement()
        .satisfies(i -> assertThat(i.healthy()).isFalse());
  }

  @Test
  void theHealthHistoryCountsFailuresAndKeepsTheirCauseAndTimes() {
    TaskId t = runningInstance();
    h.status(
        TaskStatus.builder(t, TaskState.TASK_RUNNING)
            .agentId(AgentId.of("a1"))
            .healthy(true)
            .timestamp(1000.5)
            .build());
    for (int n = 1; n <= 2; n++) {
      h.status(
          TaskStatus.builder(t, TaskState.TASK_RUNNING)
              .agentId(AgentId.of("a1"))
              .healthy(false)
              .timestamp(1000.5 + n)
              .message("HTTP health check failed: status 503")
              .build());
    }
    HealthRecord r = h.instances("/web").get(0).health();
    assertThat(r.consecutiveFailures()).isEqualTo(2);
    assertThat(r.firstSuccess()).isEqualTo(Instant.ofEpochMilli(1_000_500));
    assertThat(r.lastSuccess()).isEqualTo(Instant.ofEpochMilli(1_000_500));
    assertThat(r.lastFailure()).isEqualTo(Instant.ofEpochMilli(1_002_500));
    assertThat(r.lastFailureCause()).isEqualTo("HTTP health check failed: status 503");

    h.status(health(t, TaskState.TASK_RUNNING, true));
    HealthRecord back = h.instances("/web").get(0).health();
    assertThat(back.consecutiveFailures()).isZero();
    assertThat(back.firstSuccess()).isEqualTo(Instant.ofEpochMilli(1_000_500));
    assertThat(back.lastSuccess()).isAfter(r.lastFailure());
    assertThat(back.lastFailureCause()).isEqualTo("HTTP health check failed: status 503");
  }

  @Test
  void anUpdateWithoutAHealthResultLeavesTheHistoryAlone() {
    TaskId t = runningInstance();
    h.status(health(t, TaskState.TASK_RUNNING, false));
    HealthRecord before = h.instances("/web").get(0).health();
    h.status(TaskStatus.builder(t, TaskState.TASK_RUNNING).agentId(AgentId.of("a1")).build());
    assertThat(h.instances("/web").get(0).health()).isEqualTo(before);
    assertThat(before.consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void anInstanceKilledByItsHealthCheckIsReplacedAndAnnounced() {
    TaskId t = runningInstance();
    h.status(health(t, TaskState.TASK_RUNNING, false));
    h.status(health(t, TaskState.TASK_KILLED, false));
    assertThat(h.eventTypes()).contains("unhealthy_instance_kill_event");
    assertThat(h.snapshot().lastFailures().get(PathId.parse("/web")).state())
        .isEqualTo("TASK_KILLED");
    h.advance(Duration.ofSeconds(2));
    h.offer("a2");
    assertThat(h.driver.launched()).hasSize(2);
  }

  @Test
  void aKillWeAskedForIsNoFailure() {
    TaskId t = runningInstance();
    ServicesHarness.get(h.framework.killTasks(java.util.List.of(t.value()), true, false, false));
    h.status(t, TaskState.TASK_KILLED);
    assertThat(h.snapshot().lastFailures()).isEmpty();
    assertThat(h.eventTypes()).doesNotContain("unhealthy_instance_kill_event");
    assertThat(h.snapshot().deployments()).isEmpty();
  }

  @Test
  void resetDelayLetsAFailedAppLaunchAtOnce() {
    TaskId t = runningInstance();
    h.status(t, TaskState.TASK_FAILED);
    assertThat(h.snapshot().queue().get(0).delayUntil()).isNotNull();
    assertThat(ServicesHarness.get(h.framework.resetDelay(PathId.parse("/web")))).isTrue();
    assertThat(h.snapshot().queue().get(0).delayUntil()).isNull();
    h.offer("a1");
    assertThat(h.driver.launched()).hasSize(2);
  }
}
