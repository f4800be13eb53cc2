package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.shellTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.core.resources.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What makes the agent refuse a whole task group before anything starts. */
class TaskGroupValidationTest {
  private static final AgentId AGENT = AgentId.of("a-S0");
  private static final FrameworkId FID = FrameworkId.of("f-0000");
  private static final Resources TOTAL = Resources.parse("cpus:1;mem:256");

  private static ExecutorInfo executor(ExecutorInfo.Type type, CommandInfo command, double cpus) {
    return new ExecutorInfo(
        type,
        ExecutorId.of("pod"),
        FID,
        command,
        null,
        List.of(Resource.scalar("cpus", cpus)),
        "pod",
        null);
  }

  private static Optional<String> check(ExecutorInfo e, TaskInfo... tasks) {
    return TaskGroupValidation.check(
        e, new TaskGroupInfo(List.of(tasks)), AGENT, Set.of(TaskId.of("busy")), TOTAL, null);
  }

  private static TaskInfo with(TaskInfo t, AgentId agent, ContainerInfo container) {
    return new TaskInfo(
        t.name(),
        t.taskId(),
        agent,
        t.resources(),
        null,
        t.command(),
        container,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static final ExecutorInfo DEFAULT = executor(ExecutorInfo.Type.DEFAULT, null, 0.1);

  @Test
  void aWellFormedGroupPasses() {
    assertThat(check(DEFAULT, shellTask("a", "true"), shellTask("b", "true"))).isEmpty();
  }

  @Test
  void eachProblemIsNamed() throws Exception {
    ContainerInfo docker =
        new ContainerInfo(ContainerInfo.Type.DOCKER, null, null, null, null, null);
    ContainerInfo absoluteVolume =
        new ContainerInfo(
            ContainerInfo.Type.MESOS,
            List.of(
                new ObjectMapper()
                    .readTree(
                        "{\"container_path\":\"/data\",\"source\":{\"type\":\"SANDBOX_PATH\","
                            + "\"sandbox_path\":{\"type\":\"PARENT\",\"path\":\"d\"}}}")),
            null,
            null,
            null,
            null);
    TaskInfo a = shellTask("a", "true");
    assertThat(check(DEFAULT)).contains("The task group is empty");
    assertThat(check(DEFAULT, a, shellTask("a", "true"))).get().asString().contains("twice");
    assertThat(check(DEFAULT, a, shellTask("busy", "true")))
        .get()
        .asString()
        .contains("busy is already in use");
    assertThat(check(DEFAULT, with(a, AgentId.of("b-S1"), null)))
        .get()
        .asString()
        .contains("names agent b-S1, not this agent a-S0");
    assertThat(check(DEFAULT, with(a, AGENT, docker))).get().asString().contains("DOCKER");
    assertThat(check(DEFAULT, with(a, AGENT, absoluteVolume)))
        .get()
        .asString()
        .contains("relative paths");
    assertThat(check(executor(ExecutorInfo.Type.CUSTOM, CommandInfo.shell("x"), 0.1), a))
        .get()
        .asString()
        .contains("is CUSTOM");
    assertThat(check(executor(ExecutorInfo.Type.DEFAULT, null, 1.0), a))
        .get()
        .asString()
        .contains("this agent has only");
  }

  @Test
  void aSecondGroupMustNameTheRunningExecutorAsItIs() {
    Paths.Run run =
        new Paths(Path.of("/tmp/w")).run(AGENT, FID, ExecutorId.of("pod"), ContainerId.of("c"));
    DefaultExecutorRun live = new DefaultExecutorRun(TestTasks.framework("f-0000"), DEFAULT, run);
    TaskGroupInfo group = new TaskGroupInfo(List.of(shellTask("a", "true")));
    assertThat(TaskGroupValidation.check(DEFAULT, group, AGENT, Set.of(), TOTAL, live)).isEmpty();
    assertThat(
            TaskGroupValidation.check(
                executor(ExecutorInfo.Type.DEFAULT, null, 0.2),
                group,
                AGENT,
                Set.of(),
                TOTAL,
                live))
        .get()
        .asString()
        .contains("different ExecutorInfo");
  }
}
