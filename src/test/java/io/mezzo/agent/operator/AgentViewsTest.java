package io.mezzo.agent.operator;

import static io.mezzo.testing.ProtoOracle.Schema.AGENT_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.agent.Agent;
import io.mezzo.agent.AgentConfig;
import io.mezzo.agent.AgentSnapshot;
import io.mezzo.agent.ContainerReport;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.agent.Response;
import io.mezzo.core.resources.Attributes;
import io.mezzo.core.resources.Resources;
import io.mezzo.testing.ProtoOracle;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's operator answers parse strictly as {@code mesos.v1.agent.Response}, and its legacy
 * state has Mesos's shape (each executor's {@code directory} is what {@code /files} serves).
 */
class AgentViewsTest {
  private static final FrameworkId FW = FrameworkId.of("m1-0000");
  private static final Path SANDBOX =
      Path.of("/work/agent/slaves/m1-S0/frameworks/m1-0000/executors/t1/runs/c1");

  static AgentSnapshot snapshot() {
    FrameworkInfo info = FrameworkInfo.builder().user("root").name("fw").id(FW).build();
    List<Resource> res = List.of(Resource.scalar("cpus", 0.5), Resource.scalar("mem", 64));
    TaskStatus running =
        TaskStatus.builder(TaskId.of("t1"), TaskState.TASK_RUNNING)
            .source(TaskStatus.Source.SOURCE_EXECUTOR)
            .timestamp(1.0)
            .agentId(AgentId.of("m1-S0"))
            .containerStatus(new TaskStatus.ContainerStatus(ContainerId.of("c1"), null, 42))
            .build();
    var live =
        new AgentSnapshot.TaskView(
            FW,
            TaskId.of("t1"),
            "t1",
            TaskState.TASK_RUNNING,
            ExecutorId.of("t1"),
            ContainerId.of("c1"),
            SANDBOX,
            res,
            running);
    var done =
        new AgentSnapshot.TaskView(
            FW,
            TaskId.of("t0"),
            "t0",
            TaskState.TASK_FINISHED,
            ExecutorId.of("t0"),
            ContainerId.of("c0"),
            SANDBOX.resolveSibling("c0"),
            res,
            null);
    return new AgentSnapshot(
        Agent.State.REGISTERED,
        AgentId.of("m1-S0"),
        "m1",
        "host",
        "http://127.0.0.1:5051",
        Resources.parse("cpus:2;mem:1024;ports:[31000-31100]"),
        Resources.parse("cpus:0.5;mem:64"),
        Attributes.parse("rack:a"),
        List.of(
            new AgentSnapshot.FrameworkView(
                info,
                List.of(
                    new AgentSnapshot.ExecutorView(
                        ExecutorId.of("t1"),
                        ContainerId.of("c1"),
                        "mesos",
                        SANDBOX,
                        List.of(live))))),
        List.of(done));
  }

  @Test
  void getStateParsesAsAnAgentResponse() {
    Response r = Response.state(AgentViews.state(snapshot()));
    ProtoOracle.check(AGENT_RESPONSE, MesosJson.writeString(r));
    assertThat(r.getState().getTasks().launchedTasks())
        .extracting(t -> t.taskId().value())
        .containsExactly("t1");
    assertThat(r.getState().getTasks().completedTasks())
        .extracting(t -> t.taskId().value())
        .containsExactly("t0");
    assertThat(r.getState().getExecutors().executors()).hasSize(1);
  }

  @Test
  void getContainersCarriesResourceStatistics() {
    ContainerReport report =
        new ContainerReport(
            FW,
            ExecutorId.of("t1"),
            "t1",
            ContainerId.of("c1"),
            new TaskStatus.ContainerStatus(ContainerId.of("c1"), null, 42),
            new ContainerUsage(2.0, 0.5, 0.1, 0.05, 64L * 1024 * 1024, 1024L, 2));
    Response r = Response.containers(AgentViews.containers(List.of(report)));
    ProtoOracle.check(AGENT_RESPONSE, MesosJson.writeString(r));
    var stats = r.getContainers().containers().get(0).resourceStatistics();
    assertThat(stats.memRssBytes()).isEqualTo(1024L);
    assertThat(stats.cpusLimit()).isEqualTo(0.5);
    JsonNode legacy = AgentStateJson.statistics(List.of(report));
    assertThat(legacy.get(0).get("executor_id").asText()).isEqualTo("t1");
    assertThat(legacy.get(0).get("statistics").get("mem_rss_bytes").asLong()).isEqualTo(1024L);
  }

  @Test
  void legacyStateHasExecutorsWithTheirSandboxDirectory() {
    AgentConfig config = AgentConfig.defaults().withEndpoint("host", "http://127.0.0.1:5051");
    JsonNode state =
        AgentStateJson.state(
            snapshot(), config, Map.of("work_dir", "/work/agent"), Instant.ofEpochSecond(100));
    assertThat(state.get("id").asText()).isEqualTo("m1-S0");
    assertThat(state.get("pid").asText()).isEqualTo("slave(1)@127.0.0.1:5051");
    assertThat(state.get("resources").get("ports").asText()).isEqualTo("[31000-31100]");
    assertThat(state.get("attributes").get("rack").asText()).isEqualTo("a");
    assertThat(state.get("flags").get("work_dir").asText()).isEqualTo("/work/agent");
    assertThat(state.get("start_time").asDouble()).isEqualTo(100.0);
    JsonNode fw = state.get("frameworks").get(0);
    JsonNode executor = fw.get("executors").get(0);
    assertThat(executor.get("directory").asText()).isEqualTo(SANDBOX.toString());
    assertThat(executor.get("tasks").get(0).get("state").asText()).isEqualTo("TASK_RUNNING");
    assertThat(executor.get("tasks").get(0).get("statuses").get(0).get("container_status"))
        .isNotNull();
    assertThat(
            fw.get("completed_executors").get(0).get("completed_tasks").get(0).get("id").asText())
        .isEqualTo("t0");
    assertThat(state.get("completed_frameworks")).isEmpty();
  }

  @Test
  void metricsUseMesosSlaveNames() {
    Map<String, Double> m =
        AgentViews.metrics(snapshot(), Instant.ofEpochSecond(0), Instant.ofEpochSecond(10));
    assertThat(m)
        .containsEntry("slave/registered", 1.0)
        .containsEntry("slave/uptime_secs", 10.0)
        .containsEntry("slave/cpus_total", 2.0)
        .containsEntry("slave/cpus_used", 0.5)
        .containsEntry("slave/tasks_running", 1.0)
        .containsEntry("slave/tasks_finished", 1.0)
        .containsKey("slave/mem_percent");
  }
}
