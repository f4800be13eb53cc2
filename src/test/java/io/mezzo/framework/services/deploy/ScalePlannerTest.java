package io.mezzo.framework.services.deploy;

import static io.mezzo.framework.services.deploy.PlannerFixtures.V1;
import static io.mezzo.framework.services.deploy.PlannerFixtures.app;
import static io.mezzo.framework.services.deploy.PlannerFixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppDefinition.KillSelection;
import io.mezzo.framework.services.instance.Instance;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScalePlannerTest {
  private final ScalePlanner planner = new ScalePlanner();

  private static Instant at(int minute) {
    return V1.plusSeconds(60L * minute);
  }

  private static AppDefinition web(int n, KillSelection k) {
    return app("/web").instances(n).killSelection(k).build();
  }

  private static final Instance EARLY = instance("early").started(at(1)).build();
  private static final Instance MIDDLE = instance("middle").started(at(2)).build();
  private static final Instance LATE = instance("late").started(at(3)).build();
  private static final Instance STAGING =
      instance("staging").state(TaskState.TASK_STAGING).started(at(0)).build();
  private static final Instance STARTING =
      instance("starting").state(TaskState.TASK_STARTING).started(at(0)).build();
  private static final Instance UNREACHABLE =
      instance("unreachable").state(TaskState.TASK_UNREACHABLE).started(at(0)).build();
  private static final Instance UNHEALTHY =
      instance("unhealthy").healthy(false).started(at(0)).build();
  private static final Instance FAILED =
      instance("failed").state(TaskState.TASK_FAILED).started(at(0)).build();

  static Stream<Arguments> killOrders() {
    List<Instance> running = List.of(MIDDLE, EARLY, LATE);
    List<Instance> mixed =
        List.of(EARLY, LATE, UNHEALTHY, STARTING, STAGING, UNREACHABLE, FAILED, MIDDLE);
    return Stream.of(
        Arguments.of(KillSelection.YOUNGEST_FIRST, running, 2, List.of("late")),
        Arguments.of(KillSelection.YOUNGEST_FIRST, running, 1, List.of("late", "middle")),
        Arguments.of(KillSelection.OLDEST_FIRST, running, 2, List.of("early")),
        Arguments.of(KillSelection.OLDEST_FIRST, running, 1, List.of("early", "middle")),
        Arguments.of(
            KillSelection.YOUNGEST_FIRST,
            mixed,
            1,
            List.of("failed", "unreachable", "staging", "starting", "unhealthy", "late", "middle")),
        Arguments.of(
            KillSelection.OLDEST_FIRST,
            mixed,
            1,
            List.of(
                "failed", "unreachable", "staging", "starting", "unhealthy", "early", "middle")));
  }

  @ParameterizedTest(name = "{0}: keep {2} of {1}")
  @MethodSource("killOrders")
  void killsTheLeastUsefulFirstThenByKillSelection(
      KillSelection k, List<Instance> instances, int keep, List<String> killed) {
    ScaleStep step = planner.next(web(keep, k), instances);
    assertThat(step.kill()).extracting(TaskId::value).containsExactlyElementsOf(killed);
    assertThat(step.launch()).isZero();
    assertThat(step.complete()).isFalse();
  }

  @Test
  void launchesWhatIsMissing() {
    ScaleStep step = planner.next(web(5, KillSelection.YOUNGEST_FIRST), List.of(EARLY, LATE));
    assertThat(step.launch()).isEqualTo(3);
    assertThat(step.kill()).isEmpty();
    assertThat(step.waitingFor()).isEqualTo("2 of 5 instances healthy");
  }

  @Test
  void aFailedInstanceWaitingForRelaunchFillsItsSlot() {
    ScaleStep step = planner.next(web(2, KillSelection.YOUNGEST_FIRST), List.of(EARLY, FAILED));
    assertThat(step.launch()).isZero();
    assertThat(step.complete()).isFalse();
  }

  @Test
  void dyingInstancesAreWaitedFor() {
    Instance dying = PlannerFixturesX.stopping(LATE);
    ScaleStep step = planner.next(web(1, KillSelection.YOUNGEST_FIRST), List.of(EARLY, dying));
    assertThat(step.kill()).isEmpty();
    assertThat(step.launch()).isZero();
    assertThat(step.complete()).isFalse();
    assertThat(step.waitingFor()).isEqualTo("1 of 1 instances healthy, 1 instance still to stop");
  }

  @Test
  void completeOnceAllWantedAreHealthy() {
    AppDefinition checked = app("/web").instances(2).healthCheck().build();
    Instance ok = instance("a").healthy(true).build();
    Instance pending = instance("b").build();
    assertThat(planner.next(checked, List.of(ok, pending)).complete()).isFalse();
    ScaleStep done = planner.next(checked, List.of(ok, instance("b").healthy(true).build()));
    assertThat(done.complete()).isTrue();
    assertThat(done.waitingFor()).isEqualTo("all 2 instances healthy");
  }

  @Test
  void scalingToZeroKillsEverything() {
    ScaleStep step =
        planner.next(web(0, KillSelection.YOUNGEST_FIRST), List.of(EARLY, MIDDLE, LATE));
    assertThat(step.kill()).hasSize(3);
    assertThat(planner.next(web(0, KillSelection.YOUNGEST_FIRST), List.of()).complete()).isTrue();
  }
}
