package io.mezzo.agent.operator;

import static io.mezzo.testing.ProtoOracle.Schema.AGENT_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.agent.Agent;
import io.mezzo.agent.AgentConfig;
import io.mezzo.agent.AgentSnapshot;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.Task;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.agent.Response;
import io.mezzo.core.resources.Attributes;
import io.mezzo.core.resources.Resources;
import io.mezzo.testing.ProtoOracle;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS and GET_AGENT have Mesos's shapes (strictly parsed with
 * the 1.11 protos) and split the agent's tasks and executors as a Mesos agent does.
 */
class AgentReadsTest {
  private static final FrameworkId FW = FrameworkId.of("m1-0000");
  private static final FrameworkId GONE = FrameworkId.of("m1-0001");
  private static final Path SANDBOX = Path.of("/work/agent/sandbox");
  private static final List<Resource> RES =
      List.of(Resource.scalar("cpus", 0.5), Resource.scalar("mem", 64));

  private static AgentSnapshot.TaskView task(
      FrameworkId fw, String id, TaskState state, String container) {
    return task(fw, id, id, state, container);
  }

  private static AgentSnapshot.TaskView task(
      FrameworkId fw, String id, String executor, TaskState state, String container) {
    return new AgentSnapshot.TaskView(
        fw,
        TaskId.of(id),
        id,
        state,
        ExecutorId.of(executor),
        container == null ? null : ContainerId.of(container),
        SANDBOX,
        RES,
        null);
  }

  private static AgentSnapshot.ExecutorView executor(String id, AgentSnapshot.TaskView... tasks) {
    return new AgentSnapshot.ExecutorView(
        ExecutorId.of(id), ContainerId.of("c-" + id), "mesos", SANDBOX, List.of(tasks));
  }

  /**
   * One open framework with a task in each open phase (one custom executor runs two of them), one
   * completed framework, and completed tasks of both.
   */
  static AgentSnapshot snapshot() {
    FrameworkInfo open = FrameworkInfo.builder().user("root").name("fw").id(FW).build();
    FrameworkInfo gone = FrameworkInfo.builder().user("root").name("old").id(GONE).build();
    List<AgentSnapshot.ExecutorView> executors =
        List.of(
            executor("pending", task(FW, "pending", TaskState.TASK_STAGING, null)),
            executor("queued", task(FW, "queued", TaskState.TASK_STAGING, "c-queued")),
            executor(
                "custom",
                task(FW, "running", "custom", TaskState.TASK_RUNNING, "c-custom"),
                task(FW, "starting", "custom", TaskState.TASK_STARTING, "c-custom")),
            executor("failed", task(FW, "failed", TaskState.TASK_FAILED, "c-failed")));
    return new AgentSnapshot(
        Agent.State.REGISTERED,
        AgentId.of("m1-S0"),
        "m1",
        "host",
        "http://127.0.0.1:5051",
        Resources.parse("cpus:2;mem:1024;ports:[31000-31100]"),
        Resources.parse("cpus:1.5;mem:192"),
        Attributes.parse("rack:a"),
        List.of(new AgentSnapshot.FrameworkView(open, executors)),
        List.of(
            task(GONE, "old", TaskState.TASK_FINISHED, "c-old"),
            task(FW, "done", "custom", TaskState.TASK_FINISHED, "c-custom"),
            task(FW, "killed", TaskState.TASK_KILLED, "c-killed")),
        List.of(gone),
        io.mezzo.agent.gc.GcCounts.NONE);
  }

  private static JsonNode checked(Response r) {
    String json = MesosJson.writeString(r);
    ProtoOracle.check(AGENT_RESPONSE, json);
    return MesosJson.tree(r);
  }

  private static List<String> ids(List<Task> tasks) {
    return tasks.stream().map(t -> t.taskId().value()).toList();
  }

  @Test
  void tasksAreSplitIntoMesosPhases() {
    Response r = Response.tasks(AgentReads.tasks(snapshot()));
    checked(r);
    Response.GetTasks t = r.getTasks();
    assertThat(ids(t.pendingTasks())).containsExactly("pending");
    assertThat(ids(t.queuedTasks())).containsExactly("queued");
    assertThat(ids(t.launchedTasks())).containsExactly("running", "starting");
    assertThat(ids(t.terminatedTasks())).containsExactly("failed");
    assertThat(ids(t.completedTasks())).containsExactly("old", "done", "killed");
    assertThat(t.launchedTasks().get(0).agentId()).isEqualTo(AgentId.of("m1-S0"));
  }

  @Test
  void executorsStayOpenUntilAllTheirTasksComplete() {
    Response r = Response.executors(AgentReads.executors(snapshot()));
    checked(r);
    assertThat(r.getExecutors().executors())
        .extracting(e -> e.executorInfo().executorId().value())
        .containsExactly("pending", "queued", "custom", "failed");
    // "custom" still runs tasks, so its completed task does not make it a completed executor.
    assertThat(r.getExecutors().completedExecutors())
        .extracting(e -> e.executorInfo().executorId().value())
        .containsExactly("old", "killed");
    var command = r.getExecutors().executors().get(1).executorInfo();
    assertThat(command.name()).isEqualTo("Command Executor (Task: queued)");
    var custom = r.getExecutors().executors().get(2).executorInfo();
    assertThat(custom.frameworkId()).isEqualTo(FW);
    assertThat(custom.resources()).hasSize(4);
  }

  @Test
  void frameworksIncludeCompletedOnes() {
    Response r = Response.frameworks(AgentReads.frameworks(snapshot()));
    checked(r);
    assertThat(r.getFrameworks().frameworks())
        .extracting(f -> f.frameworkInfo().id())
        .containsExactly(FW);
    assertThat(r.getFrameworks().completedFrameworks())
        .extracting(f -> f.frameworkInfo().id())
        .containsExactly(GONE);
  }

  @Test
  void getAgentCarriesTheAgentInfo() {
    AgentConfig config = AgentConfig.defaults().withEndpoint("host", "http://127.0.0.1:5051");
    JsonNode json = checked(Response.agent(AgentReads.agent(snapshot(), config)));
    JsonNode info = json.at("/get_agent/agent_info");
    assertThat(info.at("/id/value").asText()).isEqualTo("m1-S0");
    assertThat(info.at("/hostname").asText()).isEqualTo("host");
    assertThat(info.at("/port").asInt()).isEqualTo(config.port());
    assertThat(info.at("/resources").findValuesAsText("name")).contains("cpus", "mem", "ports");
    assertThat(info.at("/attributes/0/name").asText()).isEqualTo("rack");
    assertThat(json.at("/get_agent").has("drain_config")).isFalse();
  }

  @Test
  void getStateIsTheThreeReadsTogether() {
    AgentSnapshot s = snapshot();
    Response r = Response.state(AgentViews.state(s));
    checked(r);
    assertThat(r.getState().getTasks()).isEqualTo(AgentReads.tasks(s));
    assertThat(r.getState().getExecutors()).isEqualTo(AgentReads.executors(s));
    assertThat(r.getState().getFrameworks()).isEqualTo(AgentReads.frameworks(s));
  }
}
