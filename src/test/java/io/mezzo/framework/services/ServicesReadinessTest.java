package io.mezzo.framework.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.instance.Instance;
import io.mezzo.framework.services.placement.Placement;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServicesReadinessTest {
  private static final PathId WEB = PathId.parse("/web");
  private final ScriptedReadinessProbe probe = new ScriptedReadinessProbe();
  private ServicesHarness h =
      new ServicesHarness(new InMemoryFrameworkStore(), new ManualTimers(), new RealSteps(), probe);

  @AfterEach
  void stop() {
    h.close();
  }

  private static AppDefinition web(boolean preserve) {
    return Apps.withReadiness(
        "/web",
        1,
        new AppDefinition.ReadinessCheckDef(
            "ready", "HTTP", "/ready", "http", 5, 2, List.of(200, 204), preserve));
  }

  /** Deploys /web and makes its first instance ready; returns it. */
  private TaskId readyInstance() {
    h.deploy(web(false));
    h.offer("a1");
    TaskId t = h.driver.launched().get(0).taskId();
    h.status(t, TaskState.TASK_RUNNING);
    probe.answer(ReadinessProbe.Result.response(200, "text/plain", "ok"));
    h.advance(Duration.ofSeconds(1));
    assertThat(h.snapshot().deployments()).isEmpty();
    return t;
  }

  private Instance instance(TaskId t) {
    return h.instances("/web").stream().filter(i -> i.taskId().equals(t)).findFirst().orElseThrow();
  }

  @Test
  void aStartWaitsForTheFirstReadyAnswerAndProbesTheNamedPortAndPath() {
    h.deploy(web(false));
    h.offer("a1");
    TaskId t = h.driver.launched().get(0).taskId();
    h.status(t, TaskState.TASK_RUNNING);
    h.advance(Duration.ofSeconds(1));
    assertThat(probe.probed).containsExactly(URI.create("http://a1.example:31000/ready"));
    assertThat(instance(t).ready()).isNull();
    assertThat(h.snapshot().deployments()).hasSize(1);
    assertThat(h.snapshot().readinessOf(WEB))
        .singleElement()
        .satisfies(r -> assertThat(r.ready()).isFalse());

    probe.answer(ReadinessProbe.Result.response(204, null, ""));
    h.advance(Duration.ofSeconds(5));
    assertThat(instance(t).ready()).isTrue();
    assertThat(h.snapshot().deployments()).isEmpty();
  }

  @Test
  void notReadyKeepsProbingEveryIntervalAndNotBefore() {
    h.deploy(web(false));
    h.offer("a1");
    h.status(h.driver.launched().get(0).taskId(), TaskState.TASK_RUNNING);
    h.advance(Duration.ofSeconds(1));
    h.advance(Duration.ofSeconds(1));
    h.advance(Duration.ofSeconds(1));
    assertThat(probe.probed).hasSize(1); // interval is 5 s
    h.advance(Duration.ofSeconds(3));
    assertThat(probe.probed).hasSize(2);
    assertThat(h.snapshot().deployments()).hasSize(1);
  }

  @Test
  void aFailedOrTimedOutProbeIsNotReady() {
    h.deploy(web(true));
    h.offer("a1");
    TaskId t = h.driver.launched().get(0).taskId();
    h.status(t, TaskState.TASK_RUNNING);
    probe.answer(ReadinessProbe.Result.failed("timed out after 2000 ms"));
    h.advance(Duration.ofSeconds(1));
    assertThat(instance(t).ready()).isNull();
    assertThat(h.snapshot().readinessOf(WEB))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.ready()).isFalse();
              assertThat(r.lastResponse().status()).isZero();
            });
    assertThat(h.snapshot().deployments()).hasSize(1);
  }

  @Test
  void aRestartKillsTheOldInstanceOnlyOnceTheNewOneIsReady() {
    TaskId old = readyInstance();
    probe.answer(ReadinessProbe.Result.response(503, "text/plain", "warming up"));
    ServicesHarness.get(h.framework.restart(WEB, false));
    h.offer("a2");
    TaskId fresh = h.driver.launched().get(1).taskId();
    h.status(fresh, TaskState.TASK_RUNNING);
    h.advance(Duration.ofSeconds(1));
    h.advance(Duration.ofSeconds(5));
    assertThat(h.driver.killed()).doesNotContain(old);
    assertThat(instance(old).goal()).isEqualTo(Instance.Goal.RUNNING);

    probe.answer(ReadinessProbe.Result.response(200, "text/plain", "ok"));
    h.advance(Duration.ofSeconds(5));
    assertThat(instance(fresh).ready()).isTrue();
    assertThat(h.driver.killed()).contains(old);
  }

  @Test
  void readySticksAndIsNoLongerProbed() {
    TaskId t = readyInstance();
    int probes = probe.probed.size();
    probe.answer(ReadinessProbe.Result.response(503, "text/plain", "busy"));
    // A scale keeps the ready instance ready and only probes the new one.
    ServicesHarness.get(
        h.framework.deploy(
            root -> root.withApp(web(false).withInstances(2), Instant.EPOCH), false));
    h.advance(Duration.ofSeconds(10));
    assertThat(instance(t).ready()).isTrue();
    assertThat(probe.probed).hasSize(probes);
  }

  @Test
  void readyIsStoredSoANewLeaderKeepsIt() {
    TaskId t = readyInstance();
    h.close();
    h = new ServicesHarness(h.store, new ManualTimers(), new RealSteps(), probe);
    assertThat(instance(t).ready()).isTrue();
  }

  /** The simple placement of the harness with the product's restart and scale planners. */
  private static final class RealSteps implements Decisions {
    private final SimpleDecisions simple = new SimpleDecisions();
    private final PlannedDecisions planned = new PlannedDecisions(new SplittableRandom(3));

    @Override
    public Optional<Deployment> plan(Group original, Group target, String id, Instant version) {
      return simple.plan(original, target, id, version);
    }

    @Override
    public Step restart(AppDefinition app, List<Instance> instances) {
      return planned.restart(app, instances);
    }

    @Override
    public Step scale(AppDefinition app, List<Instance> instances) {
      return planned.scale(app, instances);
    }

    @Override
    public Match match(
        AppDefinition app,
        int wanted,
        List<Offer> offers,
        List<Instance> placed,
        Map<AgentId, List<io.mezzo.api.v1.Attribute>> attributes) {
      return simple.match(app, wanted, offers, placed, attributes);
    }

    @Override
    public TaskInfo task(AppDefinition app, Placement placement, TaskId taskId) {
      return simple.task(app, placement, taskId);
    }

    @Override
    public TaskId newTaskId(PathId app) {
      return simple.newTaskId(app);
    }

    @Override
    public Optional<PathId> appOf(TaskId taskId) {
      return simple.appOf(taskId);
    }
  }
}
