package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.agent.resources.HostProbe;
import io.mezzo.agent.resources.ResourceDetector;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.core.time.SystemTimers;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks run as their framework's user (Mesos's {@code --switch_user}), on real processes. Switching
 * needs a root agent, so the cases that switch are skipped elsewhere.
 */
class RunAsUserTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AgentId AID = AgentId.of("master-1-S0");
  private static final FrameworkId FID = FrameworkId.of("master-1-0000");

  @TempDir Path work;
  private final ManualTimers timers = new ManualTimers();
  private final SystemTimers killTimers = new SystemTimers("kill");
  private final ScriptedMasterLink link = new ScriptedMasterLink();
  private ProcessContainerizer containerizer;
  private Agent agent;

  @AfterEach
  void tearDown() throws Exception {
    if (containerizer != null) {
      for (var id : get(containerizer.containers())) {
        get(containerizer.destroy(id));
      }
    }
    if (agent != null) {
      agent.stop();
    }
    killTimers.close();
  }

  private void start(boolean switchUser) throws Exception {
    AgentConfig config =
        AgentConfig.defaults()
            .withWorkDir(work)
            .withResources("cpus:2;mem:1024;disk:1000", "")
            .withKillGracePeriod(Duration.ofMillis(200))
            .withSwitchUser(switchUser);
    containerizer = new ProcessContainerizer(killTimers, List.of());
    agent =
        new Agent(
            config,
            link,
            List.of(containerizer),
            new ResourceDetector(HostProbe.system()),
            timers,
            new SplittableRandom(7));
    get(agent.start());
    for (int i = 0; i < 4; i++) {
      timers.advance(Duration.ofMillis(250));
      get(agent.snapshot());
    }
    link.awaitStream(1);
    link.emit(AgentEvent.registered(AID, "master-1", 15));
    await().atMost(WAIT).until(agent::isRegistered);
  }

  private static FrameworkInfo framework(String user) {
    return FrameworkInfo.builder().user(user).name("users").id(FID).checkpoint(true).build();
  }

  private static CommandInfo shellAs(String command, String user) {
    return new CommandInfo(null, null, true, command, null, user);
  }

  /**
   * Runs {@code command}, acknowledging each update as it comes (the agent sends the next only
   * then), and returns its terminal update.
   */
  private TaskStatus run(FrameworkInfo fw, String id, CommandInfo command) {
    link.emit(AgentEvent.runTask(fw, task(id, command, null)));
    TaskId tid = TaskId.of(id);
    for (int n = 0; ; n++) {
      int seen = n;
      await().atMost(WAIT).until(() -> link.updatesOf(tid).stream().distinct().count() > seen);
      TaskStatus next = link.updatesOf(tid).stream().distinct().toList().get(n);
      link.acknowledge(FID, next);
      if (next.state().isTerminal()) {
        return next;
      }
    }
  }

  private Path sandboxOf(String id) throws Exception {
    AgentSnapshot s = get(agent.snapshot());
    return java.util.stream.Stream.concat(s.tasks().stream(), s.completedTasks().stream())
        .filter(t -> t.taskId().value().equals(id))
        .findFirst()
        .orElseThrow()
        .sandbox();
  }

  private static int uid(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  private static int agentUid() throws Exception {
    return uid(Path.of("/proc/self"));
  }

  @Test
  void aTaskRunsAsItsCommandsUserInASandboxOfItsOwn() throws Exception {
    assumeThat(agentUid()).as("switching users needs a root agent").isZero();
    start(true);

    TaskStatus end = run(framework("root"), "as-nobody", shellAs("id -u; touch mine", "nobody"));

    assertThat(end.state()).as(end.message()).isEqualTo(TaskState.TASK_FINISHED);
    Path sandbox = sandboxOf("as-nobody");
    assertThat(Files.readString(sandbox.resolve("stdout"))).isEqualTo("65534\n");
    assertThat(uid(sandbox)).isEqualTo(65534);
    assertThat(uid(sandbox.resolve("stdout"))).isEqualTo(65534);
    assertThat(uid(sandbox.resolve("mine"))).isEqualTo(65534);
  }

  @Test
  void theFrameworksUserIsUsedWhenTheCommandNamesNone() throws Exception {
    assumeThat(agentUid()).as("switching users needs a root agent").isZero();
    start(true);

    TaskStatus end = run(framework("nobody"), "fw-user", shellAs("id -u", null));

    assertThat(end.state()).as(end.message()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(Files.readString(sandboxOf("fw-user").resolve("stdout"))).isEqualTo("65534\n");
  }

  @Test
  void anUnknownUserFailsTheTaskNamingIt() throws Exception {
    start(true);

    TaskStatus end = run(framework("root"), "ghost", shellAs("id -u", "no-such-user-4711"));

    assertThat(end.state()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(end.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
    assertThat(end.message()).contains("no-such-user-4711").contains("does not exist");
  }

  @Test
  void withSwitchingOffTasksRunAsTheAgentsUser() throws Exception {
    start(false);

    TaskStatus end = run(framework("nobody"), "as-agent", shellAs("id -u", "nobody"));

    assertThat(end.state()).as(end.message()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(Files.readString(sandboxOf("as-agent").resolve("stdout")))
        .isEqualTo(agentUid() + "\n");
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
