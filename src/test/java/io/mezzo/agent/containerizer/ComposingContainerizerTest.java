package io.mezzo.agent.containerizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.agent.TestTasks;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The composing containerizer with scripted containerizers that take one container type each. */
class ComposingContainerizerTest {
  private static <T> T get(CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static ContainerConfig config(String id, ContainerInfo.Type type) {
    TaskInfo task =
        new TaskInfo(
            "t",
            TaskId.of(id),
            null,
            List.of(Resource.scalar("mem", 32)),
            null,
            CommandInfo.shell("true"),
            type == null ? null : new ContainerInfo(type, null, null, null, null, null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    Paths.Run run =
        new Paths(Path.of("/w"))
            .run(
                AgentId.of("a"), FrameworkId.of("f"), ExecutorId.of(id), ContainerId.of("c-" + id));
    return new ContainerConfig(run, task, TestTasks.framework("f"));
  }

  /** Runs only containers of its type; records what it was asked. */
  private static final class ScriptedContainerizer implements Containerizer {
    final String name;
    final ContainerInfo.Type takes;
    final List<String> calls = new ArrayList<>();

    ScriptedContainerizer(String name, ContainerInfo.Type takes) {
      this.name = name;
      this.takes = takes;
    }

    private boolean mine(ContainerConfig c) {
      ContainerInfo.Type t =
          c.task().container() == null ? ContainerInfo.Type.MESOS : c.task().container().type();
      return t == takes;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CompletionStage<Set<ContainerId>> recover(List<ContainerConfig> checkpointed) {
      return CompletableFuture.completedFuture(
          Set.copyOf(
              checkpointed.stream().filter(this::mine).map(ContainerConfig::containerId).toList()));
    }

    @Override
    public CompletionStage<LaunchResult> launch(ContainerConfig config) {
      calls.add("launch " + config.containerId().value());
      return CompletableFuture.completedFuture(
          mine(config) ? LaunchResult.SUCCESS : LaunchResult.NOT_SUPPORTED);
    }

    @Override
    public CompletionStage<Optional<Termination>> wait(ContainerId id) {
      return CompletableFuture.completedFuture(Optional.of(new Termination(0, false, null, name)));
    }

    @Override
    public CompletionStage<Optional<Termination>> destroy(ContainerId id, Duration gracePeriod) {
      calls.add("destroy " + id.value());
      return wait(id);
    }

    @Override
    public CompletionStage<Set<ContainerId>> containers() {
      return CompletableFuture.completedFuture(Set.of());
    }
  }

  @Test
  void eachTaskGoesToTheFirstContainerizerThatRunsItsTypeAndStaysThere() throws Exception {
    ScriptedContainerizer docker = new ScriptedContainerizer("docker", ContainerInfo.Type.DOCKER);
    ScriptedContainerizer mesos = new ScriptedContainerizer("mesos", ContainerInfo.Type.MESOS);
    ComposingContainerizer composing = new ComposingContainerizer(List.of(docker, mesos));

    assertThat(get(composing.launch(config("plain", null))))
        .isEqualTo(Containerizer.LaunchResult.SUCCESS);
    assertThat(get(composing.launch(config("boxed", ContainerInfo.Type.DOCKER))))
        .isEqualTo(Containerizer.LaunchResult.SUCCESS);
    get(composing.destroy(ContainerId.of("c-boxed")));

    assertThat(docker.calls).containsExactly("launch c-plain", "launch c-boxed", "destroy c-boxed");
    assertThat(mesos.calls).containsExactly("launch c-plain");
    assertThat(composing.ownerOf(ContainerId.of("c-plain"))).contains("mesos");
    assertThat(get(composing.wait(ContainerId.of("c-boxed"))).orElseThrow().message())
        .isEqualTo("docker");
    assertThat(get(composing.wait(ContainerId.of("unknown")))).isEmpty();
  }

  @Test
  void aTypeNoContainerizerRunsIsNotSupported() throws Exception {
    ComposingContainerizer composing =
        new ComposingContainerizer(
            List.of(new ScriptedContainerizer("mesos", ContainerInfo.Type.MESOS)));

    assertThat(get(composing.launch(config("boxed", ContainerInfo.Type.DOCKER))))
        .isEqualTo(Containerizer.LaunchResult.NOT_SUPPORTED);
    assertThat(composing.ownerOf(ContainerId.of("c-boxed"))).isEmpty();
  }

  @Test
  void recoveryHandsEachContainerToTheContainerizerThatClaimsIt() throws Exception {
    ScriptedContainerizer docker = new ScriptedContainerizer("docker", ContainerInfo.Type.DOCKER);
    ScriptedContainerizer mesos = new ScriptedContainerizer("mesos", ContainerInfo.Type.MESOS);
    ComposingContainerizer composing = new ComposingContainerizer(List.of(mesos, docker));

    Set<ContainerId> known =
        get(composing.recover(List.of(config("a", null), config("b", ContainerInfo.Type.DOCKER))));

    assertThat(known).containsExactlyInAnyOrder(ContainerId.of("c-a"), ContainerId.of("c-b"));
    assertThat(composing.ownerOf(ContainerId.of("c-b"))).contains("docker");
    assertThat(composing.ownerOf(ContainerId.of("c-a"))).contains("mesos");
  }
}
