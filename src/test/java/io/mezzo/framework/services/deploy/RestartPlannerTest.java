package io.mezzo.framework.services.deploy;

import static io.mezzo.framework.services.deploy.PlannerFixtures.V1;
import static io.mezzo.framework.services.deploy.PlannerFixtures.V2;
import static io.mezzo.framework.services.deploy.PlannerFixtures.app;
import static io.mezzo.framework.services.deploy.PlannerFixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.instance.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RestartPlannerTest {
  private final RestartPlanner planner = new RestartPlanner();

  private static AppDefinition target(int n, double min, double over) {
    return app("/web").instances(n).upgrade(min, over).cmd("v2").config(V2).build();
  }

  /** {@code n} old instances, running and healthy, named o1.. */
  private static List<Instance> old(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> instance("o" + i).build()).toList();
  }

  private static List<Instance> fresh(int n, TaskState state) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(i -> instance("n" + i).version(V2).state(state).build())
        .toList();
  }

  @SafeVarargs
  private static List<Instance> all(List<Instance>... parts) {
    return Stream.of(parts).flatMap(List::stream).toList();
  }

  private static Instance ended(String task, java.time.Instant version, boolean wanted) {
    var b = instance(task).version(version).state(TaskState.TASK_FAILED);
    return (wanted ? b : b.stopping()).build();
  }

  static Stream<Arguments> steps() {
    return Stream.of(
        row("1/0: one instance of over-capacity first", 3, 1, 0, old(3), 1, 0, false),
        row(
            "1/0: an old one goes once a new one is healthy",
            3,
            1,
            0,
            all(old(3), fresh(1, TaskState.TASK_RUNNING)),
            0,
            1,
            false),
        row(
            "1/0: nothing while the new one stages",
            3,
            1,
            0,
            all(old(3), fresh(1, TaskState.TASK_STAGING)),
            0,
            0,
            false),
        row("0/0: all old ones go at once", 3, 0, 0, old(3), 0, 3, false),
        row(
            "0/0: nothing launches while the old ones still hold resources",
            3,
            0,
            0,
            old(3).stream().map(PlannerFixturesX::stopping).toList(),
            0,
            0,
            false),
        row(
            "0/0: all new ones launch once the old ones ended",
            3,
            0,
            0,
            List.of(ended("o1", V1, false), ended("o2", V1, false), ended("o3", V1, false)),
            3,
            0,
            false),
        row("0.5/0.5: half go, half come", 4, 0.5, 0.5, old(4), 2, 2, false),
        row("1/1: all new ones side by side", 3, 1, 1, old(3), 3, 0, false),
        row(
            "1/1: all old ones go once the new ones are healthy",
            3,
            1,
            1,
            all(old(3), fresh(3, TaskState.TASK_RUNNING)),
            0,
            3,
            false),
        row("done: only healthy new ones", 3, 1, 0, fresh(3, TaskState.TASK_RUNNING), 0, 0, true),
        row("zero instances: every old one goes", 0, 1, 0, old(3), 0, 3, false),
        row("zero instances and none left: done", 0, 1, 0, List.of(), 0, 0, true),
        row(
            "scaled up mid-way: healthy capacity above the new minimum may go",
            5,
            1,
            0,
            all(old(3), fresh(3, TaskState.TASK_RUNNING)),
            0,
            1,
            false),
        row(
            "scaled down mid-way: the extra new one and the old ones go",
            2,
            1,
            0,
            all(old(3), fresh(3, TaskState.TASK_RUNNING)),
            0,
            4,
            false),
        row(
            "a failed new one waits for its relaunch and takes its slot",
            3,
            1,
            0,
            all(old(3), List.of(ended("n1", V2, true))),
            0,
            0,
            false),
        row(
            "a failed old one is retired, not relaunched, and makes room",
            3,
            1,
            0,
            all(old(2), List.of(ended("o3", V1, true))),
            2,
            1,
            false),
        row(
            "an unhealthy old one goes at once: it serves nothing",
            3,
            1,
            0,
            all(old(2), List.of(instance("o3").healthy(false).build())),
            1,
            1,
            false));
  }

  private static Arguments row(
      String why,
      int n,
      double min,
      double over,
      List<Instance> instances,
      int launch,
      int kills,
      boolean complete) {
    return Arguments.of(why, n, min, over, instances, launch, kills, complete);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void stepsKeepTheUpgradeStrategy(
      String why,
      int n,
      double min,
      double over,
      List<Instance> instances,
      int launch,
      int kills,
      boolean complete) {
    RestartStep step = planner.next(target(n, min, over), instances);
    assertThat(step.launch()).as("launch").isEqualTo(launch);
    assertThat(step.kill()).as("kill").hasSize(kills);
    assertThat(step.complete()).as("complete").isEqualTo(complete);
  }

  @ParameterizedTest(name = "{0} instances × min {1} → {3} healthy; × (1 + over {2}) → at most {4}")
  @CsvSource({
    "3, 0.7, 0.0, 3, 4",
    "10, 0.3, 0.0, 3, 10",
    "3, 0.5, 0.5, 2, 4",
    "4, 0.5, 0.5, 2, 6",
    "3, 1.0, 0.0, 3, 4",
    "3, 0.0, 0.0, 0, 3",
    "1, 1.0, 1.0, 1, 2",
    "0, 1.0, 0.0, 0, 0",
  })
  void capacityRoundsAsMarathonDoes(int n, double min, double over, int healthy, int max) {
    AppDefinition app = target(n, min, over);
    assertThat(RestartPlanner.minHealthy(app)).isEqualTo(healthy);
    assertThat(RestartPlanner.maxCapacity(app)).isEqualTo(max);
  }

  @Test
  void newInstancesCountOnlyOncePassingHealthAndReadinessChecks() {
    AppDefinition checked =
        app("/web").instances(1).upgrade(1, 0).healthCheck().readinessCheck().config(V2).build();
    Instance running = instance("n1").version(V2).build();
    Instance healthy = instance("n1").version(V2).healthy(true).build();
    Instance ready = instance("n1").version(V2).healthy(true).ready(true).build();
    assertThat(planner.next(checked, all(old(1), List.of(running))).kill()).isEmpty();
    assertThat(planner.next(checked, all(old(1), List.of(healthy))).kill()).isEmpty();
    assertThat(planner.next(checked, all(old(1), List.of(ready))).kill())
        .containsExactly(TaskId.of("o1"));
  }

  @Test
  void instancesOfALaterScaleOfTheSameConfigurationCountAsNew() {
    AppDefinition scaled = app("/web").instances(2).config(V1).version(V2).build();
    RestartStep step = planner.next(scaled, old(2));
    assertThat(step.complete()).isTrue();
  }

  @Test
  void otherAppsInstancesAreIgnored() {
    List<Instance> others = List.of(instance("x1").app("/other").build());
    assertThat(planner.next(target(0, 1, 0), others).complete()).isTrue();
  }

  @Test
  void waitingForSaysHowFarItIs() {
    RestartStep step = planner.next(target(3, 1, 0), all(old(3), fresh(1, TaskState.TASK_STAGING)));
    assertThat(step.waitingFor())
        .isEqualTo("0 of 3 new instances healthy, 3 old instances still to stop");
    assertThat(planner.next(target(3, 1, 0), fresh(3, TaskState.TASK_RUNNING)).waitingFor())
        .isEqualTo("all 3 new instances healthy");
  }

  /**
   * Plays whole restarts, one instance change at a time in a fixed order, and checks after every
   * change that healthy capacity never drops below the minimum and resources in use never exceed
   * the maximum, and that the restart ends with only healthy new instances.
   */
  @ParameterizedTest(name = "{0} instances, min {1}, over {2}")
  @CsvSource({
    "3, 1.0, 0.0",
    "3, 0.0, 0.0",
    "4, 0.5, 0.5",
    "3, 1.0, 1.0",
    "5, 0.7, 0.3",
    "5, 0.3, 0.0",
    "1, 1.0, 0.0",
    "1, 0.0, 1.0",
    "6, 0.5, 0.0",
    "2, 0.9, 0.1",
  })
  void aWholeRestartNeverBreaksTheStrategy(int n, double min, double over) {
    play(target(n, min, over), target(n, min, over), n);
  }

  /** Scaling while the restart runs: the strategy holds for the new count from then on. */
  @ParameterizedTest(name = "{0} → {1} instances, min {2}, over {3}")
  @CsvSource({
    "3, 5, 1.0, 0.0",
    "5, 2, 1.0, 0.0",
    "4, 6, 0.5, 0.5",
    "6, 3, 0.5, 0.5",
    "3, 0, 1.0, 0.0",
    "3, 1, 0.0, 0.0",
  })
  void aRestartScaledMidwayStillFinishes(int from, int to, double min, double over) {
    play(target(from, min, over), target(to, min, over), from);
  }

  private void play(AppDefinition first, AppDefinition later, int oldCount) {
    AppDefinition app = first;
    List<Instance> world = new ArrayList<>(old(oldCount));
    int launched = 0;
    for (int round = 0; round < 200; round++) {
      if (round == 3) {
        app = later;
      }
      int minHealthy = RestartPlanner.minHealthy(app);
      int maxCapacity = RestartPlanner.maxCapacity(app);
      RestartStep step = planner.next(app, world);
      if (step.complete()) {
        AppDefinition done = app;
        assertThat(world).allMatch(i -> InstanceChecks.isCurrent(i, done) && i.isRunning());
        assertThat(world).hasSize(app.instances());
        return;
      }
      // Right after a scale the new bounds cannot hold yet; from then on the planner must only
      // move towards them: never below the healthy minimum or the healthy count it had, never
      // above the maximum or the count it held.
      int healthyBefore = (int) healthy(app, world);
      int activeBefore = (int) world.stream().filter(Instance::isActive).count();
      int min = Math.min(minHealthy, healthyBefore);
      int max = Math.max(maxCapacity, activeBefore);
      for (TaskId kill : step.kill()) {
        world.replaceAll(i -> i.taskId().equals(kill) ? PlannerFixturesX.stopping(i) : i);
      }
      for (int l = 0; l < step.launch(); l++) {
        world.add(instance("n" + ++launched).version(V2).state(null).build());
      }
      check(app, world, min, max);
      advanceOne(world);
    }
    throw new AssertionError("restart did not finish: " + planner.next(app, world));
  }

  private static long healthy(AppDefinition app, List<Instance> world) {
    return world.stream()
        .filter(InstanceChecks::fillsSlot)
        .filter(i -> InstanceChecks.isHealthy(i, app))
        .count();
  }

  private static void check(AppDefinition app, List<Instance> world, int min, int max) {
    long healthy = healthy(app, world);
    long active = world.stream().filter(Instance::isActive).count();
    assertThat(healthy).as("healthy in %s", world).isGreaterThanOrEqualTo(min);
    assertThat(active).as("holding resources in %s", world).isLessThanOrEqualTo(max);
  }

  /** The first instance in transit moves on: a launch starts running, a kill ends. */
  private static void advanceOne(List<Instance> world) {
    for (int k = 0; k < world.size(); k++) {
      Instance i = world.get(k);
      if (i.goal() == Instance.Goal.STOPPED) {
        world.remove(k);
        return;
      }
      if (i.state() == null) {
        world.set(k, instance(i.taskId().value()).version(i.appVersion()).build());
        return;
      }
    }
  }
}
