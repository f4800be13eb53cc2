package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
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
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Agent re-registration as one decided outcome: what the report does to the books, what the agent
 * is told after REGISTERED, and in which order observers hear it.
 */
class AgentRegistrationTest {
  private final MasterHarness h = new MasterHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private CallResult reregister(
      MasterHarness.Ag agent,
      RecordingAgentChannel channel,
      List<FrameworkInfo> frameworks,
      List<AgentCall.RunningTask> tasks) {
    CallResult r =
        get(
            h.master.agentSubscribe(
                AgentCall.subscribe(
                    new AgentCall.Register(
                        agent.info, "http://127.0.0.1:5051", "test", frameworks, tasks)),
                channel));
    h.settle();
    return r;
  }

  @Test
  void tasksOfARemovedFrameworkAreNotBookedAndTheAgentShutsItDownAfterRegistered() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("doomed");
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("t1", offer, 1, 64));
    agent.update(fw, "t1", TaskState.TASK_RUNNING);
    TaskInfo launched = agent.launched().get(0);
    assertThat(fw.call(Call.of(Call.Type.TEARDOWN, fw.id)).status()).isEqualTo(202);
    h.master.agentStreamClosed(agent.channel);
    h.settle();

    // The agent's stream broke before it heard the shutdown: it still reports the task.
    RecordingAgentChannel back = new RecordingAgentChannel();
    CallResult r =
        reregister(
            agent,
            back,
            List.of(fw.info.withId(fw.id)),
            List.of(new AgentCall.RunningTask(fw.id, launched, TaskState.TASK_RUNNING, null)));

    assertThat(r.status()).isEqualTo(200);
    assertThat(back.events())
        .extracting(AgentEvent::type)
        .containsExactly(AgentEvent.Type.REGISTERED, AgentEvent.Type.SHUTDOWN_FRAMEWORK);
    assertThat(back.ofType(AgentEvent.Type.SHUTDOWN_FRAMEWORK).get(0).shutdownFramework())
        .isEqualTo(new AgentEvent.ShutdownFramework(fw.id));
    boolean recovered = get(h.master.inspect(s -> s.frameworks().containsKey(fw.id)));
    assertThat(recovered).as("a removed framework is not recovered from the report").isFalse();
    int booked = get(h.master.inspect(s -> s.agents().get(agent.id).tasks().size()));
    assertThat(booked).isZero();
  }

  @Test
  void aReportedTaskLiveOnAnotherAgentIsKilledAndTheMastersOneKept() {
    var a = h.registerAgent("cpus:4;mem:1024");
    var b = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("f");
    h.allocate();
    Offer onB =
        fw.offers().stream().filter(o -> o.agentId().equals(b.id)).findFirst().orElseThrow();
    fw.launch(onB, task("t1", onB, 1, 64));
    b.update(fw, "t1", TaskState.TASK_RUNNING);
    TaskInfo t1 = b.launched().get(0);

    RecordingAgentChannel back = new RecordingAgentChannel();
    CallResult r =
        reregister(
            a,
            back,
            List.of(fw.info.withId(fw.id)),
            List.of(new AgentCall.RunningTask(fw.id, t1, TaskState.TASK_RUNNING, null)));

    assertThat(r.status()).isEqualTo(200);
    assertThat(back.events())
        .extracting(AgentEvent::type)
        .containsExactly(AgentEvent.Type.REGISTERED, AgentEvent.Type.KILL_TASK);
    TaskEntry.TaskKey key = new TaskEntry.TaskKey(fw.id, t1.taskId());
    io.mezzo.api.v1.AgentId holder =
        get(h.master.inspect(s -> s.frameworks().get(fw.id).tasks().get(key).agentId()));
    assertThat(holder).isEqualTo(b.id);
    boolean noneOnA = get(h.master.inspect(s -> s.agents().get(a.id).tasks().isEmpty()));
    assertThat(noneOnA).isTrue();
  }

  @Test
  void aMasterThatForgotEverythingRecoversTheAgentItsFrameworkAndTasksInOrder() {
    MasterHarness.Ag agent;
    FrameworkInfo info;
    TaskInfo launched;
    var store = new io.mezzo.master.state.InMemoryStateStore();
    try (MasterHarness first = new MasterHarness(store)) {
      agent = first.registerAgent("cpus:4;mem:1024");
      var fw = first.subscribe("survivor");
      info = fw.info.withId(fw.id);
      first.allocate();
      Offer offer = fw.lastOffer();
      fw.launch(offer, task("t1", offer, 1, 64));
      agent.update(fw, "t1", TaskState.TASK_RUNNING);
      launched = agent.launched().get(0);
    }
    try (MasterHarness second = new MasterHarness(store)) {
      List<String> heard = new ArrayList<>();
      get(
          second.master.addObserver(
              new MasterObserver() {
                @Override
                public void agentAdded(AgentEntry a) {
                  heard.add("agentAdded");
                }

                @Override
                public void frameworkAdded(FrameworkEntry f) {
                  heard.add("frameworkAdded " + f.state());
                }

                @Override
                public void taskAdded(TaskEntry t) {
                  heard.add("taskAdded");
                }

                @Override
                public void taskUpdated(TaskEntry t, TaskStatus s) {
                  heard.add("taskUpdated " + s.state());
                }

                @Override
                public void agentReregistered(AgentEntry a) {
                  heard.add("agentReregistered " + a.tasks().size());
                }
              }));
      RecordingAgentChannel channel = new RecordingAgentChannel();
      CallResult r =
          get(
              second.master.agentSubscribe(
                  AgentCall.subscribe(
                      new AgentCall.Register(
                          agent.info,
                          "http://127.0.0.1:5051",
                          "test",
                          List.of(info),
                          List.of(
                              new AgentCall.RunningTask(
                                  info.id(), launched, TaskState.TASK_RUNNING, null)))),
                  channel));
      second.settle();

      assertThat(r.status()).isEqualTo(200);
      assertThat(heard)
          .containsExactly(
              "agentAdded",
              "frameworkAdded RECOVERED",
              "taskAdded",
              "taskUpdated TASK_RUNNING",
              "agentReregistered 1");
      assertThat(channel.ofType(AgentEvent.Type.REGISTERED)).hasSize(1);
      assertThat(second.master.metrics().get(MasterMetrics.Counter.SLAVE_REREGISTRATIONS))
          .isEqualTo(1);
    }
  }
}
