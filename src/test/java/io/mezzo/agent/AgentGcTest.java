package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.shellTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.agent.gc.GcPolicy;
import io.mezzo.agent.operator.AgentViews;
import io.mezzo.agent.resources.HostProbe;
import io.mezzo.agent.resources.ResourceDetector;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.core.time.SystemTimers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent removes completed sandboxes after gc_delay, tells its views, counts it, and keeps the
 * schedule across a restart. Agent time is manual (starting now, so checkpoint mtimes and the clock
 * agree); the task is a real process.
 */
class AgentGcTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AgentId AID = AgentId.of("master-1-S0");
  private static final FrameworkInfo FW = TestTasks.framework("master-1-0000");
  private static final GcPolicy GC = new GcPolicy(Duration.ofHours(1), Duration.ofMinutes(1), 0.0);

  @TempDir Path work;
  private final ManualTimers timers = new ManualTimers(Instant.now());
  private final SystemTimers killTimers = new SystemTimers("kill");
  private final List<Agent> agents = new ArrayList<>();
  private ScriptedMasterLink link;
  private Agent agent;

  @AfterEach
  void tearDown() {
    agents.forEach(Agent::stop);
    killTimers.close();
  }

  private void start() throws Exception {
    link = new ScriptedMasterLink();
    AgentConfig config =
        AgentConfig.defaults()
            .withWorkDir(work)
            .withResources("cpus:2;mem:1024;disk:1000", "")
            .withGc(GC);
    agent =
        new Agent(
            config,
            link,
            List.of(new ProcessContainerizer(killTimers, List.of())),
            new ResourceDetector(HostProbe.system()),
            timers,
            new SplittableRandom(3));
    agents.add(agent);
    get(agent.start());
    advance(Duration.ofSeconds(1));
    link.awaitStream(1);
    link.emit(AgentEvent.registered(AID, "master-1", 3600));
    await().atMost(WAIT).until(agent::isRegistered);
  }

  /** Moves time a minute at a time, letting the watch tick re-arm after each. */
  private void advance(Duration d) throws Exception {
    Duration step = Duration.ofSeconds(30);
    for (Duration left = d; left.compareTo(Duration.ZERO) > 0; left = left.minus(step)) {
      timers.advance(left.compareTo(step) < 0 ? left : step);
      get(agent.snapshot());
    }
  }

  /** Runs a task to its end, acknowledging every update, and returns its sandbox. */
  private Path runToCompletion(String id) throws Exception {
    TaskId tid = TaskId.of(id);
    link.emit(AgentEvent.runTask(FW, shellTask(id, "echo done")));
    for (int n = 0; ; n++) {
      int seen = n;
      await().atMost(WAIT).until(() -> link.updatesOf(tid).stream().distinct().count() > seen);
      TaskStatus next = link.updatesOf(tid).stream().distinct().toList().get(n);
      link.acknowledge(FW.id(), next);
      if (next.state().isTerminal()) {
        break;
      }
    }
    await().atMost(WAIT).until(() -> completed(id) != null);
    return completed(id).sandbox();
  }

  private AgentSnapshot.TaskView completed(String id) throws Exception {
    return get(agent.snapshot()).completedTasks().stream()
        .filter(t -> t.taskId().value().equals(id))
        .findFirst()
        .orElse(null);
  }

  private double metric(String key) throws Exception {
    return AgentViews.metrics(get(agent.snapshot()), Instant.now(), Instant.now()).get(key);
  }

  @Test
  void aCompletedSandboxIsRemovedAfterGcDelayAndTheViewsStopOfferingIt() throws Exception {
    start();
    Path sandbox = runToCompletion("t1");
    assertThat(sandbox.resolve("stdout")).hasContent("done\n");
    assertThat(metric("gc/path_removals_pending")).isEqualTo(2.0);

    // The real disk's usage shortens the hour (gc_delay × (1 - usage)); a minute is always kept.
    advance(Duration.ofMinutes(1));
    assertThat(sandbox).exists();
    advance(Duration.ofMinutes(60));

    await().atMost(WAIT).until(() -> completed("t1").sandbox() == null);
    assertThat(sandbox).doesNotExist();
    assertThat(metric("gc/path_removals_succeeded")).isEqualTo(2.0);
    assertThat(metric("gc/path_removals_pending")).isZero();
    assertThat(work.resolve("slaves").resolve(AID.value()).resolve("frameworks"))
        .isEmptyDirectory();
  }

  @Test
  void aRestartedAgentSchedulesTheCompletedRunsItFinds() throws Exception {
    start();
    Path sandbox = runToCompletion("t1");
    agent.stop();

    timers.advance(Duration.ofMinutes(1));
    start();
    assertThat(Files.exists(sandbox)).isTrue();
    await().atMost(WAIT).until(() -> metric("gc/path_removals_pending") == 2.0);
    advance(Duration.ofMinutes(61));

    await().atMost(WAIT).until(() -> !Files.exists(sandbox));
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
