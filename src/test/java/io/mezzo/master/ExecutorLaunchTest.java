package io.mezzo.master;

import static io.mezzo.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Custom executors through the master: LAUNCH with TaskInfo.executor, and executor resources. */
class ExecutorLaunchTest {
  private final MasterHarness h = new MasterHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  static ExecutorInfo custom(String id, String command, double cpus, double mem) {
    return new ExecutorInfo(
        ExecutorInfo.Type.CUSTOM,
        new ExecutorId(id),
        null,
        CommandInfo.shell(command),
        null,
        List.of(Resource.scalar("cpus", cpus), Resource.scalar("mem", mem)),
        "exec " + id,
        null);
  }

  static TaskInfo underExecutor(String id, Offer offer, ExecutorInfo executor) {
    return new TaskInfo(
        id,
        new io.mezzo.api.v1.TaskId(id),
        offer.agentId(),
        List.of(Resource.scalar("cpus", 1), Resource.scalar("mem", 128)),
        executor,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static double cpus(Offer offer) {
    return ResourceMapping.toCore(offer.resources()).scalar("cpus");
  }

  @Test
  void customExecutorRunsTwoTasksAndItsResourcesAreCountedOnce() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    ExecutorInfo ex = custom("e1", "./my-executor", 0.5, 64);
    assertThat(fw.launch(offer, underExecutor("t1", offer, ex)).status()).isEqualTo(202);

    List<TaskInfo> sent = agent.launched();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).executor().executorId().value()).isEqualTo("e1");
    assertThat(sent.get(0).executor().frameworkId()).isEqualTo(fw.id);
    assertThat(fw.updates()).isEmpty();

    h.advance(Duration.ofSeconds(6)); // the remainder's refuse filter (5 s) expires
    Offer second = fw.lastOffer();
    assertThat(cpus(second)).isEqualTo(2.5); // 4 - 1 (task) - 0.5 (executor)
    assertThat(fw.launch(second, underExecutor("t2", second, ex)).status()).isEqualTo(202);
    assertThat(agent.launched()).hasSize(2);
    assertThat(fw.updates()).isEmpty();

    h.advance(Duration.ofSeconds(6));
    assertThat(cpus(fw.lastOffer())).isEqualTo(1.5); // the executor's 0.5 is counted once
    int executors =
        MasterHarness.get(
            h.master.inspect(s -> s.agent(agent.id).orElseThrow().executors().size()));
    assertThat(executors).isEqualTo(1);
  }

  @Test
  void twoTasksOfOneAcceptShareTheirNewExecutor() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    ExecutorInfo ex = custom("e1", "./my-executor", 0.5, 64);
    fw.launch(offer, underExecutor("t1", offer, ex), underExecutor("t2", offer, ex));
    assertThat(agent.launched()).hasSize(2);
    h.advance(Duration.ofSeconds(6));
    assertThat(cpus(fw.lastOffer())).isEqualTo(1.5);
  }

  @Test
  void aDifferentExecutorInfoUnderARunningIdIsRefused() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.launch(
        offer,
        underExecutor("t1", offer, custom("e1", "./my-executor", 0.5, 64)),
        underExecutor("t2", offer, custom("e1", "./other-executor", 0.5, 64)));
    assertThat(agent.launched()).extracting(t -> t.taskId().value()).containsExactly("t1");
    TaskStatus error = fw.lastUpdate();
    assertThat(error.taskId().value()).isEqualTo("t2");
    assertThat(error.state()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(error.reason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
    assertThat(error.message()).contains("e1").contains("different ExecutorInfo");
  }

  @Test
  void badExecutorsGetTaskErrorNamingTheProblem() {
    h.registerAgent("cpus:8;mem:4096");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    ExecutorInfo noCommand =
        new ExecutorInfo(
            ExecutorInfo.Type.CUSTOM,
            new ExecutorId("e2"),
            null,
            null,
            null,
            List.of(),
            null,
            null);
    ExecutorInfo defaultType =
        new ExecutorInfo(
            ExecutorInfo.Type.DEFAULT,
            new ExecutorId("e3"),
            null,
            null,
            null,
            List.of(Resource.scalar("cpus", 0.1)),
            null,
            null);
    ExecutorInfo foreign =
        custom("e4", "./x", 0.1, 32).withFrameworkId(new io.mezzo.api.v1.FrameworkId("other"));
    ExecutorInfo huge = custom("e5", "./x", 100, 32);
    fw.launch(
        offer,
        underExecutor("a", offer, noCommand),
        underExecutor("b", offer, defaultType),
        underExecutor("c", offer, foreign),
        underExecutor("d", offer, huge),
        task("e", offer, 0.1, 32).withExecutor(custom("e6", "./x", 0.1, 32)));
    List<TaskStatus> updates = fw.updates();
    assertThat(updates).hasSize(5);
    assertThat(updates).allMatch(u -> u.state() == TaskState.TASK_ERROR);
    assertThat(updates.get(0).message()).contains("CUSTOM executor needs 'command'");
    assertThat(updates.get(1).message()).contains("LAUNCH_GROUP");
    assertThat(updates.get(2).message()).contains("names framework 'other'");
    assertThat(updates.get(3).message()).contains("new executor 'e5'").contains("more resources");
    assertThat(updates.get(4).message()).contains("at most one of CommandInfo or ExecutorInfo");
  }

  @Test
  void exitedExecutorSendsFailureAndItsResourcesAreOfferedAgain() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.launch(offer, underExecutor("t1", offer, custom("e1", "./my-executor", 0.5, 64)));
    agent.update(fw, "t1", TaskState.TASK_FINISHED);
    h.advance(Duration.ofSeconds(6));
    assertThat(cpus(fw.lastOffer())).isEqualTo(3.5); // the executor still holds its share

    CallResult r =
        MasterHarness.get(
            h.master.agentCall(
                AgentCall.exitedExecutor(agent.id, fw.id, new ExecutorId("e1"), 256)));
    assertThat(r.status()).isEqualTo(202);
    h.settle();
    Event.Failure failure = fw.stream.ofType(Event.Type.FAILURE).get(0).failure();
    assertThat(failure.agentId()).isEqualTo(agent.id);
    assertThat(failure.executorId().value()).isEqualTo("e1");
    assertThat(failure.status()).isEqualTo(256);

    // The executor's share is offered again: what is out now is the whole agent.
    h.allocate();
    double offered =
        MasterHarness.get(
            h.master.inspect(
                s ->
                    s.offers().values().stream()
                        .mapToDouble(o -> o.resources().scalar("cpus"))
                        .sum()));
    assertThat(offered).isEqualTo(4.0);
    assertThat(h.master.metrics().get(MasterMetrics.Counter.MESSAGES_EXITED_EXECUTOR)).isEqualTo(1);
  }

  @Test
  void reregisteredAgentRebuildsItsExecutorsFromItsReport() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    ExecutorInfo ex = custom("e1", "./my-executor", 0.5, 64).withFrameworkId(fw.id);
    RecordingAgentChannel again = new RecordingAgentChannel();
    CallResult r =
        MasterHarness.get(
            h.master.agentSubscribe(
                AgentCall.subscribe(
                    new AgentCall.Register(
                        agent.info,
                        "http://127.0.0.1:5051",
                        "test",
                        List.of(fw.info.withId(fw.id)),
                        List.of(),
                        List.of(ex))),
                again));
    assertThat(r.status()).isEqualTo(200);
    h.allocate();
    assertThat(cpus(fw.lastOffer())).isEqualTo(3.5);
    CallResult message =
        fw.call(Call.message(fw.id, new Call.Message(agent.id, new ExecutorId("e1"), "aGVsbG8=")));
    assertThat(message.status()).isEqualTo(202);
    assertThat(again.ofType(AgentEvent.Type.FRAMEWORK_TO_EXECUTOR)).hasSize(1);
  }
}
