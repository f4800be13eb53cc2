package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.HealthCheck;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Custom executors and task-group tasks run as their user, as command tasks do: the executor as
 * ExecutorInfo.command.user else FrameworkInfo.user, a group task as its CommandInfo.user else
 * FrameworkInfo.user, each in a sandbox of its own user's. Real processes; switching needs root.
 */
class ExecutorAndGroupUsersTest extends ExecutorTestBase {

  private static CommandInfo shellAs(String command, String user) {
    return new CommandInfo(null, null, true, command, null, user);
  }

  private static ExecutorInfo executorAs(String command, String user) {
    ExecutorInfo e = testExecutor(command);
    return new ExecutorInfo(
        e.type(),
        e.executorId(),
        e.frameworkId(),
        shellAs(command, user),
        e.container(),
        e.resources(),
        e.name(),
        e.source(),
        e.data(),
        e.discovery(),
        e.shutdownGracePeriod(),
        e.labels());
  }

  private static int uid(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  /** The one file called {@code name} anywhere under the work dir (null while there is none). */
  private Path find(String name) throws Exception {
    try (Stream<Path> all = Files.walk(work)) {
      return all.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElse(null);
    }
  }

  @Test
  void aCustomExecutorRunsAsItsCommandsUserInItsOwnSandbox() throws Exception {
    assumeThat(uid(Path.of("/proc/self"))).as("switching users needs a root agent").isZero();
    startAndRegister();
    ExecutorInfo executor = executorAs("id -u > executor-uid; sleep 60", "nobody");
    link.emit(AgentEvent.runTask(FW, executorTask("via-nobody", executor, "true")));

    await().atMost(WAIT).until(() -> find("executor-uid") != null);
    Path written = find("executor-uid");
    await().atMost(WAIT).until(() -> Files.readString(written).equals("65534\n"));
    assertThat(uid(written)).isEqualTo(65534);
    assertThat(uid(written.getParent())).isEqualTo(65534);
    assertThat(uid(written.getParent().resolve("stdout"))).isEqualTo(65534);
  }

  @Test
  void anExecutorOfAnUnknownUserFailsItsTaskNamingTheUser() throws Exception {
    startAndRegister();
    ExecutorInfo executor = executorAs("sleep 60", "no-such-user-4711");
    link.emit(AgentEvent.runTask(FW, executorTask("ghost", executor, "true")));

    TaskStatus failed = link.awaitUpdate(TaskId.of("ghost"), TaskState.TASK_FAILED);
    assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
    assertThat(failed.message()).contains("no-such-user-4711").contains("does not exist");
  }

  @Test
  void groupTasksRunAsTheirCommandsUser() throws Exception {
    assumeThat(uid(Path.of("/proc/self"))).as("switching users needs a root agent").isZero();
    startAndRegister();
    TaskInfo nobody =
        task("as-nobody", shellAs("id -u > group-uid; touch mine; sleep 60", "nobody"), null);
    TaskInfo root = task("as-root", shellAs("id -u > root-uid; sleep 60", null), null);
    link.emit(
        AgentEvent.runTaskGroup(
            FW, TaskGroupTest.defaultExecutor(), new TaskGroupInfo(List.of(nobody, root))));

    await().atMost(WAIT).until(() -> find("mine") != null && find("root-uid") != null);
    Path written = find("group-uid");
    await().atMost(WAIT).until(() -> Files.readString(written).equals("65534\n"));
    assertThat(uid(written.getParent())).isEqualTo(65534);
    assertThat(uid(find("mine"))).isEqualTo(65534);
    Path rootUid = find("root-uid");
    await().atMost(WAIT).until(() -> Files.readString(rootUid).equals("0\n"));
  }

  @Test
  void aGroupWithAnUnknownUserFailsAsAWholeNamingTheUser() throws Exception {
    startAndRegister();
    TaskInfo ghost = task("ghost", shellAs("sleep 60", "no-such-user-4711"), null);
    TaskInfo fine = task("fine", shellAs("sleep 60", null), null);
    link.emit(
        AgentEvent.runTaskGroup(
            FW, TaskGroupTest.defaultExecutor(), new TaskGroupInfo(List.of(ghost, fine))));

    for (String id : List.of("ghost", "fine")) {
      TaskStatus failed = link.awaitUpdate(TaskId.of(id), TaskState.TASK_FAILED);
      assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
      assertThat(failed.message()).contains("task ghost").contains("no-such-user-4711");
    }
    assertThat(link.updatesOf(TaskId.of("fine")))
        .noneMatch(s -> s.state() == TaskState.TASK_RUNNING);
    assertThat(get(containerizers.get(0).containers())).isEmpty();
  }

  private static TaskInfo checkedAs(String id, String user) {
    TaskInfo t = task(id, shellAs("sleep 60", user), null);
    // Passes only as nobody, and in the task's sandbox (which is nobody's to write).
    HealthCheck check =
        HealthCheck.command("[ \"$(id -u)\" = 65534 ] && touch checked-here")
            .withTimings(0, 1, 10, 1, 0);
    return new TaskInfo(
        t.name(),
        t.taskId(),
        t.agentId(),
        t.resources(),
        t.executor(),
        t.command(),
        t.container(),
        check,
        t.check(),
        t.killPolicy(),
        t.data(),
        t.labels(),
        t.discovery(),
        t.maxCompletionTime(),
        t.limits());
  }

  /** Advances time, acknowledging every update, until {@code task} reports healthy. */
  private TaskStatus awaitHealthy(TaskId task) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              advance(Duration.ofMillis(250));
              link.updatesOf(task).forEach(u -> link.acknowledge(FID, u));
              return link.updatesOf(task).stream().anyMatch(u -> u.healthy() != null);
            });
    return link.updatesOf(task).stream().filter(u -> u.healthy() != null).findFirst().get();
  }

  @Test
  void commandChecksOfCommandAndGroupTasksRunAsTheTasksUser() throws Exception {
    assumeThat(uid(Path.of("/proc/self"))).as("switching users needs a root agent").isZero();
    startAndRegister();
    link.emit(AgentEvent.runTask(FW, checkedAs("plain", "nobody")));
    link.emit(
        AgentEvent.runTaskGroup(
            FW,
            TaskGroupTest.defaultExecutor(),
            new TaskGroupInfo(List.of(checkedAs("grouped", "nobody")))));

    for (String id : List.of("plain", "grouped")) {
      TaskStatus health = awaitHealthy(TaskId.of(id));
      assertThat(health.healthy()).as(health.message()).isTrue();
      assertThat(health.state()).isEqualTo(TaskState.TASK_RUNNING);
    }
  }
}
