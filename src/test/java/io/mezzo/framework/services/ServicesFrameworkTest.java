package io.mezzo.framework.services;

import static io.mezzo.framework.services.Apps.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.instance.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServicesFrameworkTest {
  private final List<ServicesHarness> harnesses = new ArrayList<>();

  private ServicesHarness harness() {
    ServicesHarness h = new ServicesHarness();
    harnesses.add(h);
    return h;
  }

  @AfterEach
  void stop() {
    harnesses.forEach(ServicesHarness::close);
  }

  @Test
  void portZeroIsDeployedWithAServicePortAndReSendingTheAppChangesNothing() {
    ServicesHarness h = harness();
    assertThat(h.deploy(app("/a", 1))).isPresent();
    assertThat(h.deploy(app("/b", 1))).isPresent();
    assertThat(h.snapshot().root().app(PathId.parse("/a")).orElseThrow().portDefinitions())
        .extracting(d -> d.port())
        .containsExactly(10000);
    assertThat(h.snapshot().root().app(PathId.parse("/b")).orElseThrow().portDefinitions())
        .extracting(d -> d.port())
        .containsExactly(10001);
    assertThat(h.deploy(app("/a", 1))).as("same JSON again: no new version").isEmpty();
  }

  @Test
  void subscribesAsMarathonWithFailoverAndStoresTheFrameworkId() {
    ServicesHarness h = harness();
    assertThat(h.subscriptions).hasSize(1);
    var info = h.subscriptions.get(0);
    assertThat(info.name()).isEqualTo("marathon");
    assertThat(info.role()).isEqualTo("marathon");
    assertThat(info.checkpoint()).isTrue();
    assertThat(info.failoverTimeout()).isEqualTo(Duration.ofDays(7).toSeconds());
    assertThat(info.id()).isNull();
    assertThat(h.store.text(ServicesStore.FRAMEWORK_ID)).isEqualTo("fw-1");
  }

  @Test
  void instancesAreStoredBeforeTheAcceptThatLaunchesThem() {
    ServicesHarness h = harness();
    AtomicBoolean storedFirst = new AtomicBoolean();
    h.driver.onAccept =
        tasks ->
            storedFirst.set(
                tasks.stream().allMatch(t -> h.store.text("app:web").contains(t.taskId().value())));
    h.deploy(app("/web", 2));
    assertThat(h.driver.calls()).contains("REVIVE");
    h.offer("a1", "a2", "a3");
    assertThat(h.driver.launched()).hasSize(2);
    assertThat(storedFirst).isTrue();
    assertThat(h.driver.declined()).extracting(o -> o.value()).containsExactly("o3");
    assertThat(h.instances("/web"))
        .allSatisfy(
            i -> {
              assertThat(i.state()).isNull();
              assertThat(i.goal()).isEqualTo(Instance.Goal.RUNNING);
            });
    assertThat(h.driver.calls()).endsWith("SUPPRESS");
  }

  @Test
  void deploymentSucceedsOnceEveryInstanceRuns() {
    ServicesHarness h = harness();
    Deployment d = h.deploy(app("/web", 2)).orElseThrow();
    assertThat(h.eventTypes()).contains("deployment_info");
    h.offer("a1", "a2");
    List<TaskId> tasks = h.driver.launched().stream().map(t -> t.taskId()).toList();
    h.status(tasks.get(0), TaskState.TASK_RUNNING);
    assertThat(h.snapshot().deployments()).extracting(Deployment::id).containsExactly(d.id());
    h.status(tasks.get(1), TaskState.TASK_RUNNING);
    assertThat(h.snapshot().deployments()).isEmpty();
    assertThat(h.eventTypes()).contains("deployment_step_success", "deployment_success");
    assertThat(h.instances("/web")).allSatisfy(i -> assertThat(i.startedAt()).isNotNull());
  }

  @Test
  void updatesAreStoredBeforeTheyAreAcknowledged() {
    ServicesHarness h = harness();
    h.deploy(app("/web", 1));
    h.offer("a1");
    TaskId t = h.driver.launched().get(0).taskId();
    List<String> order = new ArrayList<>();
    h.store.onWrite(
        (name, data) -> {
          if (new String(data).contains("TASK_RUNNING")) {
            order.add("stored");
          }
        });
    h.driver.onAccept = x -> {};
    h.status(t, TaskState.TASK_RUNNING);
    assertThat(order).containsExactly("stored");
    assertThat(h.driver.acked()).extracting(TaskStatus::taskId).containsExactly(t);
  }

  @Test
  void failedInstanceIsReplacedAfterItsBackoff() {
    ServicesHarness h = harness();
    h.deploy(app("/web", 1));
    h.offer("a1");
    TaskId first = h.driver.launched().get(0).taskId();
    h.status(first, TaskState.TASK_RUNNING);
    h.status(first, TaskState.TASK_FAILED);
    ServicesSnapshot s = h.snapshot();
    assertThat(s.lastFailures().get(PathId.parse("/web")).taskId()).isEqualTo(first.value());
    assertThat(s.queue()).singleElement().satisfies(q -> assertThat(q.delayUntil()).isNotNull());
    h.offer("a1");
    assertThat(h.driver.launched()).hasSize(1); // still held back (1 s backoff)
    h.advance(Duration.ofSeconds(2));
    h.offer("a1");
    assertThat(h.driver.launched()).hasSize(2);
  }

  @Test
  void finishedServiceIsReplacedToo() {
    ServicesHarness h = harness();
    h.deploy(app("/web", 1));
    h.offer("a1");
    TaskId first = h.driver.launched().get(0).taskId();
    h.status(first, TaskState.TASK_RUNNING);
    h.status(first, TaskState.TASK_FINISHED);
    h.advance(Duration.ofSeconds(2));
    h.offer("a1");
    assertThat(h.driver.launched()).hasSize(2);
  }

  @Test
  void lockedAppIsRefusedWith409NamingTheDeploymentUnlessForced() {
    ServicesHarness h = harness();
    Deployment first = h.deploy(app("/web", 2)).orElseThrow();
    assertThatThrownBy(() -> h.deploy(app("/web", 3)))
        .isInstanceOfSatisfying(
            ServicesException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.deploymentIds()).containsExactly(first.id());
            });
    Deployment forced =
        ServicesHarness.get(
                h.framework.deploy(root -> root.withApp(app("/web", 3), root.version()), true))
            .orElseThrow();
    assertThat(h.snapshot().deployments()).extracting(Deployment::id).containsExactly(forced.id());
    assertThat(h.snapshot().root().app(PathId.parse("/web")).orElseThrow().instances())
        .isEqualTo(3);
  }

  @Test
  void cancellingADeploymentRollsBackToTheOriginalApp() {
    ServicesHarness h = harness();
    h.deploy(app("/web", 1));
    h.offer("a1");
    h.status(h.driver.launched().get(0).taskId(), TaskState.TASK_RUNNING);
    Deployment scale = h.deploy(app("/web", 3)).orElseThrow();
    Deployment rollback =
        ServicesHarness.get(h.framework.cancelDeployment(scale.id(), false)).orElseThrow();
    assertThat(rollback.id()).isNotEqualTo(scale.id());
    assertThat(h.snapshot().root().app(PathId.parse("/web")).orElseThrow().instances())
        .isEqualTo(1);
    assertThat(h.snapshot().deployments()).extracting(Deployment::id).doesNotContain(scale.id());
    assertThatThrownBy(() -> ServicesHarness.get(h.framework.cancelDeployment("nope", false)))
        .isInstanceOfSatisfying(
            ServicesException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void unreachableInstanceIsReplacedAfterInactiveAfterAndForgottenAfterExpunge() {
    ServicesHarness h = harness();
    h.deploy(app("/web", 1));
    h.offer("a1");
    TaskId old = h.driver.launched().get(0).taskId();
    h.status(old, TaskState.TASK_RUNNING);
    h.status(old, TaskState.TASK_UNREACHABLE);
    assertThat(h.snapshot().queue()).isEmpty();
    h.advance(Duration.ofSeconds(61));
    assertThat(h.snapshot().queue()).singleElement().satisfies(q -> assertThat(q.count()).isOne());
    h.offer("a2");
    assertThat(h.driver.launched()).hasSize(2);
    h.advance(Duration.ofSeconds(600));
    assertThat(h.instances("/web")).extracting(Instance::taskId).doesNotContain(old);
    assertThat(h.driver.killed()).contains(old);
  }

  @Test
  void instanceBackFromAPartitionAfterItsReplacementMakesOneSurplusThatIsKilled() {
    ServicesHarness h = harness();
    h.deploy(app("/web", 1));
    h.offer("a1");
    TaskId old = h.driver.launched().get(0).taskId();
    h.status(old, TaskState.TASK_RUNNING);
    h.status(old, TaskState.TASK_UNREACHABLE);
    h.advance(Duration.ofSeconds(61));
    h.offer("a2");
    TaskId replacement = h.driver.launched().get(1).taskId();
    h.status(replacement, TaskState.TASK_RUNNING);
    h.status(old, TaskState.TASK_RUNNING);
    assertThat(h.driver.killed()).hasSize(1);
    assertThat(h.instances("/web")).filteredOn(i -> i.goal() == Instance.Goal.RUNNING).hasSize(1);
  }

  @Test
  void reconcilesKnownTasksAfterSubscribingAndKillsOrphans() {
    ServicesHarness h = harness();
    h.deploy(app("/web", 1));
    h.offer("a1");
    TaskId t = h.driver.launched().get(0).taskId();
    h.framework.subscribed(h.driver, io.mezzo.api.v1.FrameworkId.of("fw-1"));
    h.sync();
    assertThat(h.driver.reconciled())
        .last()
        .satisfies(l -> assertThat(l).extracting(r -> r.taskId()).containsExactly(t));
    h.status(TaskId.of("web.stranger"), TaskState.TASK_RUNNING);
    assertThat(h.driver.killed()).containsExactly(TaskId.of("web.stranger"));
    // A known task the master does not know comes back lost: it is replaced.
    h.status(t, TaskState.TASK_LOST);
    h.advance(Duration.ofSeconds(2));
    h.offer("a1");
    assertThat(h.driver.launched()).hasSize(2);
  }

  @Test
  void aRestartedFrameworkReusesItsIdAndStateAndLaunchesNoDuplicate() {
    ServicesHarness h = harness();
    h.deploy(app("/web", 2));
    h.offer("a1", "a2");
    List<TaskId> before = h.driver.launched().stream().map(t -> t.taskId()).toList();
    h.close();
    harnesses.remove(h);
    ServicesHarness next = new ServicesHarness(h.store, h.timers);
    harnesses.add(next);
    assertThat(next.subscriptions.get(0).id().value()).isEqualTo("fw-1");
    assertThat(next.driver.reconciled())
        .singleElement()
        .satisfies(
            l -> assertThat(l).extracting(r -> r.taskId()).containsExactlyElementsOf(before));
    assertThat(next.snapshot().deployments()).hasSize(1);
    next.offer("a3");
    assertThat(next.driver.launched()).isEmpty();
    before.forEach(t -> next.status(t, TaskState.TASK_RUNNING));
    assertThat(next.snapshot().deployments()).isEmpty();
  }

  @Test
  void aFrameworkWhoseStoreMovedOnIsFenced() {
    ServicesHarness h = harness();
    h.deploy(app("/web", 1));
    ServicesHarness other = new ServicesHarness(h.store, h.timers);
    harnesses.add(other);
    other.deploy(app("/db", 1));
    assertThatThrownBy(() -> h.deploy(app("/api", 1)))
        .isInstanceOfSatisfying(
            ServicesException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThatThrownBy(h::snapshot).isInstanceOf(ServicesException.class);
  }

  @Test
  void removedAppIsKilledThenForgotten() {
    ServicesHarness h = harness();
    h.deploy(app("/web", 1));
    h.offer("a1");
    TaskId t = h.driver.launched().get(0).taskId();
    h.status(t, TaskState.TASK_RUNNING);
    ServicesHarness.get(
        h.framework.deploy(root -> root.without(PathId.parse("/web"), root.version()), false));
    assertThat(h.driver.killed()).containsExactly(t);
    h.status(t, TaskState.TASK_KILLED);
    assertThat(h.eventTypes()).contains("app_terminated_event");
    assertThat(h.snapshot().instances()).doesNotContainKey(PathId.parse("/web"));
    assertThat(h.snapshot().deployments()).isEmpty();
  }

  @Test
  void killingTasksWithScaleLowersTheInstanceCountAndKillsExactlyThose() {
    ServicesHarness h = harness();
    h.deploy(app("/web", 3));
    h.offer("a1", "a2", "a3");
    List<TaskId> tasks = h.driver.launched().stream().map(t -> t.taskId()).toList();
    tasks.forEach(t -> h.status(t, TaskState.TASK_RUNNING));
    ServicesHarness.get(h.framework.killTasks(List.of(tasks.get(0).value()), true, false, false));
    assertThat(h.driver.killed()).containsExactly(tasks.get(0));
    assertThat(h.snapshot().root().app(PathId.parse("/web")).orElseThrow().instances())
        .isEqualTo(2);
    assertThatThrownBy(
            () -> ServicesHarness.get(h.framework.killTasks(List.of("nope"), false, false, false)))
        .isInstanceOfSatisfying(
            ServicesException.class, e -> assertThat(e.getMessage()).contains("nope"));
  }

  @Test
  void restartReplacesEveryInstanceWithANewVersion() {
    ServicesHarness h = harness();
    h.deploy(app("/web", 2));
    h.offer("a1", "a2");
    List<TaskId> old = h.driver.launched().stream().map(t -> t.taskId()).toList();
    old.forEach(t -> h.status(t, TaskState.TASK_RUNNING));
    Deployment d = ServicesHarness.get(h.framework.restart(PathId.parse("/web"), false));
    assertThat(d.steps())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.actions().get(0).action())
                    .isEqualTo(Deployment.ActionType.RestartApplication));
    h.offer("a3", "a4");
    List<TaskId> fresh = h.driver.launched().subList(2, 4).stream().map(t -> t.taskId()).toList();
    assertThat(h.driver.killed()).isEmpty();
    fresh.forEach(t -> h.status(t, TaskState.TASK_RUNNING));
    assertThat(h.driver.killed()).containsExactlyInAnyOrderElementsOf(old);
    old.forEach(t -> h.status(t, TaskState.TASK_KILLED));
    assertThat(h.snapshot().deployments()).isEmpty();
    assertThat(h.snapshot().history().get(PathId.parse("/web"))).hasSize(2);
  }

  @Test
  void aLaunchTheMasterRefusesCountsAsAFailure() {
    ServicesHarness h = harness();
    h.driver.refuseAccept = new io.mezzo.framework.sdk.SchedulerCallException(400, "bad task");
    h.deploy(app("/web", 1));
    h.offer("a1");
    ServicesSnapshot s = h.snapshot();
    assertThat(s.instances().get(PathId.parse("/web"))).isEmpty();
    assertThat(s.lastFailures().get(PathId.parse("/web")).message()).contains("bad task");
    assertThat(s.queue()).singleElement().satisfies(q -> assertThat(q.delayUntil()).isNotNull());
  }
}
