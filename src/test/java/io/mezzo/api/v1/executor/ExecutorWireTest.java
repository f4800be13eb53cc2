package io.mezzo.api.v1.executor;

import static io.mezzo.testing.ProtoOracle.Schema.EXECUTOR_CALL;
import static io.mezzo.testing.ProtoOracle.Schema.EXECUTOR_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.testing.ProtoOracle;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Executor calls and events as Mezzo writes and reads them, parsed strictly by Mesos's protos. */
class ExecutorWireTest {
  private static final ExecutorId EID = ExecutorId.of("exec-1");
  private static final FrameworkId FID = FrameworkId.of("fw-1");

  @Test
  void everyEventParsesAsTheOfficialProto() {
    ExecutorInfo executor =
        new ExecutorInfo(
            ExecutorInfo.Type.CUSTOM,
            EID,
            FID,
            CommandInfo.shell("./my-executor"),
            null,
            List.of(Resource.scalar("cpus", 0.1)),
            "my executor",
            null);
    FrameworkInfo framework = FrameworkInfo.builder().id(FID).user("root").name("fw").build();
    AgentInfo agent = new AgentInfo("host", 5051, List.of(), List.of(), AgentId.of("a-S0"));
    List<Event> events =
        List.of(
            Event.subscribed(executor, framework, agent, ContainerId.of("c-1")),
            Event.kill(TaskId.of("t1"), null),
            Event.acknowledged(TaskId.of("t1"), "AAAAAAAAAAAAAAAAAAAAAA=="),
            Event.message("aGVsbG8="),
            Event.error("bad"),
            Event.shutdown(),
            Event.heartbeat());
    for (Event e : events) {
      String json = MesosJson.writeString(e);
      ProtoOracle.check(EXECUTOR_EVENT, json);
      assertThat(MesosJson.read(json, Event.class)).isEqualTo(e);
    }
  }

  @Test
  void callsAnExecutorLibraryWritesAreRead() {
    String subscribe =
        """
        {"executor_id":{"value":"exec-1"},"framework_id":{"value":"fw-1"},"type":"SUBSCRIBE",
         "subscribe":{"unacknowledged_tasks":[],"unacknowledged_updates":[{"status":{
           "task_id":{"value":"t1"},"state":"TASK_RUNNING","source":"SOURCE_EXECUTOR",
           "uuid":"AAAAAAAAAAAAAAAAAAAAAA=="}}]}}""";
    ProtoOracle.check(EXECUTOR_CALL, subscribe);
    Call call = MesosJson.read(subscribe, Call.class);
    assertThat(call.type()).isEqualTo(Call.Type.SUBSCRIBE);
    assertThat(call.subscribe().unacknowledgedUpdates().get(0).status().state())
        .isEqualTo(TaskState.TASK_RUNNING);

    TaskStatus running =
        TaskStatus.builder(TaskId.of("t1"), TaskState.TASK_RUNNING)
            .source(TaskStatus.Source.SOURCE_EXECUTOR)
            .uuid("AAAAAAAAAAAAAAAAAAAAAA==")
            .build();
    for (Call c :
        List.of(
            Call.update(EID, FID, running),
            Call.message(EID, FID, "aGVsbG8="),
            Call.subscribe(EID, FID, new Call.Subscribe(List.of(), List.of())),
            new Call(EID, FID, Call.Type.HEARTBEAT, null, null, null))) {
      String json = MesosJson.writeString(c);
      ProtoOracle.check(EXECUTOR_CALL, json);
      assertThat(MesosJson.read(json, Call.class)).isEqualTo(c);
    }
  }
}
