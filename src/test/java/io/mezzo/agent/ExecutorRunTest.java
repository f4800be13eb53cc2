package io.mezzo.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.security.ExecutorTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The executor run's state machine and the environment its container gets. */
class ExecutorRunTest {
  private static final FrameworkInfo FW = TestTasks.framework("fw-1");

  private static ExecutorRun run(ExecutorInfo info) {
    Paths.Run paths =
        new Paths(Path.of("/tmp/work"))
            .run(AgentId.of("a-S0"), FW.id(), info.executorId(), ContainerId.of("c-1"));
    return new ExecutorRun(FW, info, paths, ExecutorRun.State.LAUNCHING);
  }

  private static ExecutorInfo info(DurationInfo grace) {
    return new ExecutorInfo(
        ExecutorInfo.Type.CUSTOM,
        ExecutorId.of("e-1"),
        FW.id(),
        CommandInfo.shell("./exec"),
        null,
        List.of(),
        "exec",
        null,
        null,
        null,
        grace,
        null);
  }

  @Test
  void followsTheDrawnLifecycleAndRefusesOtherEdges() {
    ExecutorRun e = run(info(null));
    e.transition(ExecutorRun.State.REGISTERING);
    e.transition(ExecutorRun.State.RUNNING);
    e.transition(ExecutorRun.State.REGISTERING); // stream lost, waiting for it to return
    e.transition(ExecutorRun.State.RUNNING);
    e.transition(ExecutorRun.State.TERMINATING);
    assertThatThrownBy(() -> e.transition(ExecutorRun.State.RUNNING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot go from TERMINATING to RUNNING")
        .hasMessageContaining("e-1");
    e.transition(ExecutorRun.State.TERMINATED);
    assertThat(e.isTerminated()).isTrue();
  }

  @Test
  void theExecutorsOwnGracePeriodWinsOverTheAgents() {
    assertThat(run(info(null)).shutdownGrace(Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(
            run(info(DurationInfo.of(Duration.ofMillis(1500))))
                .shutdownGrace(Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void containerEnvironmentIsMesossExecutorEnvironment() {
    ExecutorRun e = run(info(null));
    Map<String, String> env =
        ExecutorContainer.environment(e, "http://agent-host:5052", ExecutorSettings.defaults());
    assertThat(env)
        .containsEntry("MESOS_AGENT_ENDPOINT", "agent-host:5052")
        .containsEntry("MESOS_FRAMEWORK_ID", "fw-1")
        .containsEntry("MESOS_EXECUTOR_ID", "e-1")
        .containsEntry("MESOS_CHECKPOINT", "1")
        .containsEntry("MESOS_RECOVERY_TIMEOUT", "900secs")
        .containsEntry("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs")
        .containsEntry("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs")
        .containsEntry("MESOS_HTTP_COMMAND_EXECUTOR", "0")
        .containsKeys("MESOS_DIRECTORY", "MESOS_SANDBOX")
        .doesNotContainKey("MESOS_AGENT_PID")
        .doesNotContainKey(ExecutorTokens.ENV);
    assertThat(ExecutorContainer.hostPort("http://h")).isEqualTo("h:5051");
  }

  @Test
  void anAgentThatAuthenticatesExecutorsGivesEachATokenOfItsOwnIds() {
    ExecutorTokens tokens = new ExecutorTokens(new byte[32]);
    ExecutorRun e = run(info(null));
    Map<String, String> env =
        ExecutorContainer.environment(
            e, "http://agent-host:5052", ExecutorSettings.defaults().withTokens(tokens));

    ExecutorTokens.Claims claims = tokens.verify(env.get(ExecutorTokens.ENV));
    assertThat(claims.frameworkId()).isEqualTo("fw-1");
    assertThat(claims.executorId()).isEqualTo("e-1");
    assertThat(claims.containerId()).isEqualTo(e.run.containerId().value());
  }
}
