package io.mezzo.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.master.state.StateStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A master that fails over learns the executors from the agents that re-register with it. */
class ExecutorRecoveryTest {

  @Test
  void aNewMasterRecoversExecutorsAndTheirResourcesFromTheAgentsReport() {
    StateStore store = new InMemoryStateStore();
    MasterHarness.Ag agent;
    FrameworkInfo info;
    TaskInfo launched;
    try (MasterHarness first = new MasterHarness(store)) {
      agent = first.registerAgent("cpus:4;mem:1024");
      info =
          FrameworkInfo.builder()
              .user("root")
              .name("survivor")
              .failoverTimeout(3600.0)
              .checkpoint(true)
              .build();
      var fw = first.subscribe(info);
      info = info.withId(fw.id);
      first.allocate();
      Offer offer = fw.lastOffer();
      fw.launch(
          offer,
          ExecutorLaunchTest.underExecutor(
              "t1", offer, ExecutorLaunchTest.custom("e1", "./exec", 0.5, 64)));
      launched = agent.launched().get(0);
    }

    try (MasterHarness second = new MasterHarness(store)) {
      RecordingAgentChannel channel = new RecordingAgentChannel();
      TaskStatus running =
          TaskStatus.builder(launched.taskId(), TaskState.TASK_RUNNING).agentId(agent.id).build();
      ExecutorInfo executor = launched.executor();
      CallResult r =
          MasterHarness.get(
              second.master.agentSubscribe(
                  AgentCall.subscribe(
                      new AgentCall.Register(
                          agent.info,
                          "http://127.0.0.1:5051",
                          "test",
                          List.of(info),
                          List.of(
                              new AgentCall.RunningTask(
                                  info.id(), launched, TaskState.TASK_RUNNING, running)),
                          List.of(executor))),
                  channel));
      assertThat(r.status()).isEqualTo(200);
      second.settle();

      var fw = second.subscribe(info);
      second.allocate();
      // 4 cpus less the task's 1 and the executor's 0.5.
      assertThat(ExecutorLaunchTest.cpus(fw.lastOffer())).isEqualTo(2.5);
      CallResult message =
          fw.call(Call.message(fw.id, new Call.Message(agent.id, new ExecutorId("e1"), "aGk=")));
      assertThat(message.status()).isEqualTo(202);
      assertThat(channel.ofType(AgentEvent.Type.FRAMEWORK_TO_EXECUTOR)).hasSize(1);
    }
  }
}
