package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fetcher serves every kind of task, as in Mesos: a custom executor's command.uris land in its
 * sandbox before it starts, a group task's in its own sandbox before the group starts, and one
 * failed fetch fails the whole group's launch.
 */
class GroupAndExecutorFetchTest extends ExecutorTestBase {

  private static CommandInfo shellWith(String command, Path... files) {
    List<CommandInfo.Uri> uris =
        Stream.of(files)
            .map(f -> new CommandInfo.Uri(f.toString(), false, false, false, null))
            .toList();
    return new CommandInfo(uris, null, true, command, null, null);
  }

  private Path file(String name, String content) throws Exception {
    Path dir = Files.createDirectories(work.resolve("served"));
    return Files.writeString(dir.resolve(name), content);
  }

  /** The one file called {@code name} under the agent's sandboxes (null while there is none). */
  private Path find(String name) throws Exception {
    try (Stream<Path> all = Files.walk(work)) {
      return all.filter(p -> !p.startsWith(work.resolve("served")))
          .filter(p -> p.getFileName().toString().equals(name))
          .findFirst()
          .orElse(null);
    }
  }

  @Test
  void groupTasksFindTheirUrisInTheirOwnSandboxes() throws Exception {
    startAndRegister();
    Path conf = file("app.conf", "port=8080\n");
    TaskInfo reader = task("reader", shellWith("cp app.conf copied.conf; sleep 60", conf), null);
    TaskInfo plain = task("plain", shellWith("sleep 60"), null);
    link.emit(
        AgentEvent.runTaskGroup(
            FW, TaskGroupTest.defaultExecutor(), new TaskGroupInfo(List.of(reader, plain))));

    link.acknowledge(FID, link.awaitUpdate(TaskId.of("reader"), TaskState.TASK_STARTING));
    link.acknowledge(FID, link.awaitUpdate(TaskId.of("reader"), TaskState.TASK_RUNNING));
    await().atMost(WAIT).until(() -> find("copied.conf") != null);
    Path copied = find("copied.conf");
    await().atMost(WAIT).until(() -> Files.readString(copied).equals("port=8080\n"));
  }

  @Test
  void aFailedFetchFailsTheWholeGroupBeforeAnyTaskStarts() throws Exception {
    startAndRegister();
    Path missing = work.resolve("served/missing.tgz");
    TaskInfo broken = task("broken", shellWith("sleep 60", missing), null);
    TaskInfo fine = task("fine", shellWith("sleep 60"), null);
    link.emit(
        AgentEvent.runTaskGroup(
            FW, TaskGroupTest.defaultExecutor(), new TaskGroupInfo(List.of(broken, fine))));

    for (String id : List.of("broken", "fine")) {
      TaskStatus failed = link.awaitUpdate(TaskId.of(id), TaskState.TASK_FAILED);
      assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
      assertThat(failed.message()).contains("task broken").contains("missing.tgz");
      assertThat(link.updatesOf(TaskId.of(id))).noneMatch(s -> s.state() == TaskState.TASK_RUNNING);
    }
    assertThat(get(containerizers.get(0).containers())).isEmpty();
  }

  @Test
  void aCustomExecutorsUrisAreFetchedIntoItsSandboxBeforeItStarts() throws Exception {
    startAndRegister();
    Path script = file("start.sh", "echo fetched > executor-ran; sleep 60\n");
    ExecutorInfo e = testExecutor("sh start.sh");
    ExecutorInfo executor =
        new ExecutorInfo(
            e.type(),
            e.executorId(),
            e.frameworkId(),
            shellWith("sh start.sh", script),
            e.container(),
            e.resources(),
            e.name(),
            e.source(),
            e.data(),
            e.discovery(),
            e.shutdownGracePeriod(),
            e.labels());
    link.emit(AgentEvent.runTask(FW, executorTask("one", executor, "true")));

    await().atMost(WAIT).until(() -> find("executor-ran") != null);
    Path ran = find("executor-ran");
    await().atMost(WAIT).until(() -> Files.readString(ran).equals("fetched\n"));
    assertThat(ran.getParent().resolve("start.sh")).exists();
  }

  @Test
  void aCustomExecutorWhoseFetchFailsFailsItsTaskNamingTheUri() throws Exception {
    startAndRegister();
    ExecutorInfo e = testExecutor("true");
    ExecutorInfo executor =
        new ExecutorInfo(
            e.type(),
            e.executorId(),
            e.frameworkId(),
            shellWith("true", work.resolve("served/absent.sh")),
            e.container(),
            e.resources(),
            e.name(),
            e.source(),
            e.data(),
            e.discovery(),
            e.shutdownGracePeriod(),
            e.labels());
    link.emit(AgentEvent.runTask(FW, executorTask("lost", executor, "true")));

    TaskStatus failed = link.awaitUpdate(TaskId.of("lost"), TaskState.TASK_FAILED);
    assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
    assertThat(failed.message()).contains("absent.sh");
  }
}
