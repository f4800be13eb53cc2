package io.mezzo.master;

import static io.mezzo.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.master.state.StateStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A master restarted on the same store: agents keep their ids and report their tasks, frameworks
 * keep theirs and reconcile, and a gone agent stays gone.
 */
class MasterRecoveryTest {

  @Test
  void agentAndFrameworkKeepTheirIdsAndTasksAcrossAMasterRestart() {
    StateStore store = new InMemoryStateStore();
    TaskInfo launched;
    MasterHarness.Ag agent;
    FrameworkInfo info;
    try (MasterHarness first = new MasterHarness(store)) {
      agent = first.registerAgent("cpus:4;mem:1024");
      info =
          FrameworkInfo.builder()
              .user("root")
              .name("survivor")
              .failoverTimeout(3600.0)
              .checkpoint(true)
              .capabilities(
                  List.of(
                      new FrameworkInfo.Capability(FrameworkInfo.Capability.Type.PARTITION_AWARE)))
              .build();
      var fw = first.subscribe(info);
      info = info.withId(fw.id);
      first.allocate();
      Offer offer = fw.lastOffer();
      fw.launch(offer, task("t1", offer, 1, 64));
      agent.update(fw, "t1", TaskState.TASK_RUNNING);
      launched = agent.launched().get(0);
    }

    try (MasterHarness second = new MasterHarness(store)) {
      // The agent re-registers with its id and the task it runs.
      RecordingAgentChannel channel = new RecordingAgentChannel();
      TaskStatus running =
          TaskStatus.builder(launched.taskId(), TaskState.TASK_RUNNING).agentId(agent.id).build();
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
                                  info.id(), launched, TaskState.TASK_RUNNING, running)))),
                  channel));
      assertThat(r.status()).isEqualTo(200);
      second.settle();
      assertThat(channel.ofType(AgentEvent.Type.REGISTERED).get(0).registered().agentId())
          .isEqualTo(agent.id);

      // The framework comes back with its id and learns its task is still running.
      var fw = second.subscribe(info);
      assertThat(fw.id).isEqualTo(info.id());
      fw.call(Call.reconcile(fw.id, new Call.Reconcile(List.of())));
      TaskStatus reconciled = fw.lastUpdate();
      assertThat(reconciled.taskId()).isEqualTo(launched.taskId());
      assertThat(reconciled.state()).isEqualTo(TaskState.TASK_RUNNING);

      // The task's resources are still in use: the offer holds only the rest.
      second.allocate();
      double cpus =
          fw.lastOffer().resources().stream()
              .filter(x -> x.name().equals("cpus"))
              .findFirst()
              .orElseThrow()
              .scalar()
              .value();
      assertThat(cpus).isEqualTo(3.0);
    }
  }

  @Test
  void tasksTheAgentNoLongerHasAreReportedGone() {
    StateStore store = new InMemoryStateStore();
    try (MasterHarness h = new MasterHarness(store)) {
      var agent = h.registerAgent("cpus:4;mem:1024");
      var fw = h.subscribe("f", FrameworkInfo.Capability.Type.PARTITION_AWARE);
      h.allocate();
      Offer offer = fw.lastOffer();
      fw.launch(offer, task("t1", offer, 1, 64));
      agent.update(fw, "t1", TaskState.TASK_RUNNING);
      // The agent restarts having lost its work dir's knowledge of t1, and re-registers without it.
      RecordingAgentChannel channel = new RecordingAgentChannel();
      MasterHarness.get(
          h.master.agentSubscribe(
              AgentCall.subscribe(
                  new AgentCall.Register(agent.info, "http://127.0.0.1:5051", "test", null, null)),
              channel));
      h.settle();
      TaskStatus gone = fw.lastUpdate();
      assertThat(gone.state()).isEqualTo(TaskState.TASK_GONE);
      assertThat(gone.reason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REREGISTERED);
      assertThat(fw.stream.ofType(Event.Type.UPDATE)).isNotEmpty();
    }
  }

  @Test
  void registryWritesAreFencedByVersion() {
    StateStore store = new InMemoryStateStore();
    try (MasterHarness a = new MasterHarness(store);
        MasterHarness b = new MasterHarness(store)) {
      b.registerAgent("cpus:1;mem:128"); // b wrote after a recovered: a's next write is stale
      var channel = new RecordingAgentChannel();
      var info =
          new io.mezzo.api.v1.AgentInfo(
              "h",
              5051,
              io.mezzo.api.v1.ResourceMapping.toWire(
                  io.mezzo.core.resources.Resources.parse("cpus:1;mem:128"), null, false),
              null,
              null);
      CallResult r =
          MasterHarness.get(
              a.master.agentSubscribe(
                  AgentCall.subscribe(new AgentCall.Register(info, null, "t", null, null)),
                  channel));
      assertThat(r.status()).isEqualTo(503);
      assertThat(channel.ofType(AgentEvent.Type.REGISTERED)).isEmpty();
    }
  }
}
