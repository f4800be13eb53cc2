package io.mezzo.master;

import static io.mezzo.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.MasterMetrics.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scheduler MESSAGE and SHUTDOWN to executors, and executors' messages to their schedulers. */
class ExecutorMessagesTest {
  private static final String HELLO = "aGVsbG8="; // "hello"
  private final MasterHarness h = new MasterHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private MasterHarness.Ag agent;
  private MasterHarness.Fw fw;

  /** A custom executor e1 runs task t1; command task c1 runs beside it. */
  private void launchBoth() {
    agent = h.registerAgent("cpus:4;mem:1024");
    fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.launch(
        offer,
        ExecutorLaunchTest.underExecutor(
            "t1", offer, ExecutorLaunchTest.custom("e1", "./my-executor", 0.5, 64)),
        task("c1", offer, 1, 128));
    assertThat(agent.launched()).hasSize(2);
  }

  private CallResult message(AgentId agentId, String executor) {
    return fw.call(Call.message(fw.id, new Call.Message(agentId, new ExecutorId(executor), HELLO)));
  }

  @Test
  void messagesGoBothWays() {
    launchBoth();
    assertThat(message(agent.id, "e1").status()).isEqualTo(202);
    AgentEvent.ExecutorMessage toExecutor =
        agent.channel.ofType(AgentEvent.Type.FRAMEWORK_TO_EXECUTOR).get(0).message();
    assertThat(toExecutor.frameworkId()).isEqualTo(fw.id);
    assertThat(toExecutor.executorId().value()).isEqualTo("e1");
    assertThat(toExecutor.data()).isEqualTo(HELLO);
    // A command task's executor has the task's id.
    assertThat(message(agent.id, "c1").status()).isEqualTo(202);
    assertThat(agent.channel.ofType(AgentEvent.Type.FRAMEWORK_TO_EXECUTOR)).hasSize(2);

    CallResult back =
        MasterHarness.get(
            h.master.agentCall(
                AgentCall.executorToFramework(agent.id, fw.id, new ExecutorId("e1"), "YmFjaw==")));
    assertThat(back.status()).isEqualTo(202);
    h.settle();
    Event.Message toScheduler = fw.stream.ofType(Event.Type.MESSAGE).get(0).message();
    assertThat(toScheduler.agentId()).isEqualTo(agent.id);
    assertThat(toScheduler.executorId().value()).isEqualTo("e1");
    assertThat(toScheduler.data()).isEqualTo("YmFjaw==");

    MasterMetrics m = h.master.metrics();
    assertThat(m.get(Counter.VALID_FRAMEWORK_TO_EXECUTOR_MESSAGES)).isEqualTo(2);
    assertThat(m.get(Counter.VALID_EXECUTOR_TO_FRAMEWORK_MESSAGES)).isEqualTo(1);
    assertThat(m.get(Counter.INVALID_FRAMEWORK_TO_EXECUTOR_MESSAGES)).isZero();
  }

  @Test
  void aMessageToAnUnknownExecutorOrAgentIs400AndNothingIsSent() {
    launchBoth();
    CallResult unknownExecutor = message(agent.id, "nope");
    assertThat(unknownExecutor.status()).isEqualTo(400);
    assertThat(unknownExecutor.message()).contains("Executor nope").contains(agent.id.value());
    CallResult unknownAgent = message(new AgentId("m1-S77"), "e1");
    assertThat(unknownAgent.status()).isEqualTo(400);
    assertThat(unknownAgent.message()).contains("Agent m1-S77");
    assertThat(agent.channel.ofType(AgentEvent.Type.FRAMEWORK_TO_EXECUTOR)).isEmpty();
    assertThat(h.master.metrics().get(Counter.INVALID_FRAMEWORK_TO_EXECUTOR_MESSAGES)).isEqualTo(2);
  }

  @Test
  void anAgentMayRelayOnlyItsOwnExecutorsMessages() {
    launchBoth();
    var other = h.registerAgent("cpus:1;mem:128");
    CallResult forged =
        MasterHarness.get(
            h.master.agentCall(
                AgentCall.executorToFramework(other.id, fw.id, new ExecutorId("e1"), "YmFjaw==")));
    h.settle();
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.message())
        .contains("Agent " + other.id.value())
        .contains("runs no executor 'e1'");
    assertThat(fw.stream.ofType(Event.Type.MESSAGE)).isEmpty();
    assertThat(h.master.metrics().get(Counter.INVALID_EXECUTOR_TO_FRAMEWORK_MESSAGES)).isEqualTo(1);
  }

  @Test
  void badMessageDataIs400() {
    launchBoth();
    CallResult r =
        fw.call(
            Call.message(fw.id, new Call.Message(agent.id, new ExecutorId("e1"), "not base64!")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("message.data");
  }

  @Test
  void shutdownReachesTheAgent() {
    launchBoth();
    CallResult r = fw.call(Call.shutdown(fw.id, new Call.Shutdown(new ExecutorId("e1"), agent.id)));
    assertThat(r.status()).isEqualTo(202);
    AgentEvent.ShutdownExecutor s =
        agent.channel.ofType(AgentEvent.Type.SHUTDOWN_EXECUTOR).get(0).shutdownExecutor();
    assertThat(s.frameworkId()).isEqualTo(fw.id);
    assertThat(s.executorId().value()).isEqualTo("e1");

    CallResult unknown =
        fw.call(Call.shutdown(fw.id, new Call.Shutdown(new ExecutorId("e1"), new AgentId("x"))));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).contains("Agent x");
  }

  @Test
  void agentExecutorCallsAreValidated() {
    launchBoth();
    CallResult badData =
        MasterHarness.get(
            h.master.agentCall(
                AgentCall.executorToFramework(agent.id, fw.id, new ExecutorId("e1"), "%%")));
    assertThat(badData.status()).isEqualTo(400);
    assertThat(badData.message()).contains("message.data");
    CallResult noExecutor =
        MasterHarness.get(
            h.master.agentCall(
                new AgentCall(AgentCall.Type.EXITED_EXECUTOR, agent.id, null, null, null, null)));
    assertThat(noExecutor.status()).isEqualTo(400);
    assertThat(noExecutor.message()).contains("exited_executor");
    CallResult stranger =
        MasterHarness.get(
            h.master.agentCall(
                AgentCall.exitedExecutor(new AgentId("m1-S50"), fw.id, new ExecutorId("e1"), 0)));
    assertThat(stranger.status()).isEqualTo(400);
    assertThat(stranger.message()).contains("not registered");
  }
}
