package io.mezzo.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskId;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathsTest {
  private static final AgentId AGENT = AgentId.of("m-S1");
  private static final FrameworkId FW = FrameworkId.of("m-0000");
  private static final ExecutorId EX = ExecutorId.of("task-1");
  private static final ContainerId CID = ContainerId.of("c1");
  @TempDir Path work;

  @Test
  void laysOutSandboxAndMetaAsMesosDoes() {
    Paths paths = new Paths(work);
    Paths.Run run = paths.run(AGENT, FW, EX, CID);
    String w = work.toAbsolutePath().normalize().toString();

    assertThat(run.sandbox())
        .hasToString(w + "/slaves/m-S1/frameworks/m-0000/executors/task-1/runs/c1");
    assertThat(run.latestLink())
        .hasToString(w + "/slaves/m-S1/frameworks/m-0000/executors/task-1/runs/latest");
    assertThat(run.stdout()).hasToString(run.sandbox() + "/stdout");
    assertThat(run.metaDir())
        .hasToString(w + "/meta/slaves/m-S1/frameworks/m-0000/executors/task-1/runs/c1");
    assertThat(run.forkedPidFile()).hasToString(run.metaDir() + "/pids/forked.pid");
    assertThat(run.taskInfoFile(TaskId.of("task-1")))
        .hasToString(run.metaDir() + "/tasks/task-1/task.info");
    assertThat(run.taskUpdatesFile(TaskId.of("task-1")))
        .hasToString(run.metaDir() + "/tasks/task-1/task.updates");
    assertThat(paths.agentInfoFile(AGENT)).hasToString(w + "/meta/slaves/m-S1/slave.info");
    assertThat(paths.frameworkInfoFile(AGENT, FW))
        .hasToString(w + "/meta/slaves/m-S1/frameworks/m-0000/framework.info");
    assertThat(paths.latestAgentMetaLink()).hasToString(w + "/meta/slaves/latest");
    assertThat(paths.latestAgentSandboxLink()).hasToString(w + "/slaves/latest");
  }

  @ParameterizedTest(name = "task id \"{0}\" is refused")
  @ValueSource(strings = {"", ".", "..", "a/b", "../../etc"})
  void refusesIdsThatAreNotOnePathComponent(String id) {
    Paths.Run run = new Paths(work).run(AGENT, FW, EX, CID);
    assertThatThrownBy(() -> run.taskInfoFile(TaskId.of(id)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task id '" + id + "'");
  }

  @Test
  void findsTheLatestAgentIdAndItsCheckpointedRunsAndTasks() throws Exception {
    Paths paths = new Paths(work);
    assertThat(paths.latestAgentId()).isEmpty();
    Paths.Run run = paths.run(AGENT, FW, EX, CID);
    Checkpoints.writeAtomically(run.taskInfoFile(TaskId.of("task-1")), "{}".getBytes());
    Checkpoints.symlinkAtomically(run.metaDir().resolveSibling("latest"), Path.of("c1"));
    Checkpoints.symlinkAtomically(paths.latestAgentMetaLink(), Path.of(AGENT.value()));

    assertThat(paths.latestAgentId()).contains(AGENT);
    assertThat(paths.listRuns(AGENT)).containsExactly(run);
    assertThat(run.listTasks()).containsExactly(TaskId.of("task-1"));
    assertThat(paths.listRuns(AgentId.of("other"))).isEmpty();
  }
}
