package io.mezzo.master;

import static io.mezzo.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The offer loop through the master's entry points: subscribe, offer, launch, update, acknowledge.
 */
class OfferLoopTest {
  private final MasterHarness h = new MasterHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void newFrameworkGetsIdFromMasterIdAndCounter() {
    var fw = h.subscribe("one");
    var fw2 = h.subscribe("two");
    assertThat(fw.id.value()).isEqualTo("m1-0000");
    assertThat(fw2.id.value()).isEqualTo("m1-0001");
    Event.Subscribed s = fw.stream.ofType(Event.Type.SUBSCRIBED).get(0).subscribed();
    assertThat(s.heartbeatIntervalSeconds()).isEqualTo(15.0);
    assertThat(s.masterInfo().id()).isEqualTo("m1");
  }

  @Test
  void agentResourcesAreOfferedAndTaskRunsToCompletion() {
    var agent = h.registerAgent("cpus:4;mem:1024;disk:1000;ports:[31000-32000]");
    assertThat(agent.id.value()).isEqualTo("m1-S0");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    assertThat(offer.agentId()).isEqualTo(agent.id);
    assertThat(offer.allocationInfo().role()).isEqualTo("*");
    assertThat(offer.resources())
        .extracting(r -> r.name())
        .contains("cpus", "mem", "disk", "ports");

    assertThat(fw.launch(offer, task("t1", offer, 1, 128)).status()).isEqualTo(202);
    assertThat(agent.launched()).extracting(t -> t.taskId().value()).containsExactly("t1");

    agent.update(fw, "t1", TaskState.TASK_RUNNING);
    TaskStatus running = fw.lastUpdate();
    assertThat(running.state()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(running.uuid()).isNotNull();
    assertThat(fw.acknowledge(running).status()).isEqualTo(202);
    assertThat(agent.channel.ofType(AgentEvent.Type.ACKNOWLEDGE)).hasSize(1);

    agent.update(fw, "t1", TaskState.TASK_FINISHED);
    TaskStatus finished = fw.lastUpdate();
    assertThat(finished.state()).isEqualTo(TaskState.TASK_FINISHED);
    fw.acknowledge(finished);
    int completed =
        MasterHarness.get(h.master.inspect(s -> s.frameworks().get(fw.id).completedTasks().size()));
    assertThat(completed).isEqualTo(1);
  }

  @Test
  void unusedResourcesOfAnAcceptedOfferComeBack() {
    h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("t1", offer, 1, 128));
    // The remainder is filtered for 5 s (the default refuse_seconds), then offered again.
    h.advance(Duration.ofSeconds(6));
    Offer again = fw.lastOffer();
    assertThat(again.id()).isNotEqualTo(offer.id());
    double cpus =
        again.resources().stream()
            .filter(r -> r.name().equals("cpus"))
            .findFirst()
            .orElseThrow()
            .scalar()
            .value();
    assertThat(cpus).isEqualTo(3.0); // 4 - 1 used by t1
  }

  @Test
  void declinedOfferIsNotReofferedUntilFilterExpires() {
    h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.decline(offer, 3);
    int before = fw.offers().size();
    h.advance(Duration.ofSeconds(2));
    assertThat(fw.offers()).hasSize(before); // still filtered
    h.advance(Duration.ofSeconds(2));
    assertThat(fw.offers()).hasSizeGreaterThan(before);
  }

  @Test
  void suppressStopsOffersAndReviveRestartsThem() {
    h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.call(Call.suppress(fw.id, new Call.Suppress(List.of())));
    fw.decline(offer, 0);
    h.advance(Duration.ofSeconds(3));
    int before = fw.offers().size();
    assertThat(before).isEqualTo(1);
    fw.call(Call.revive(fw.id, new Call.Revive(List.of())));
    h.allocate();
    assertThat(fw.offers()).hasSize(2);
  }

  @Test
  void partitionAwareFrameworkSeesUnreachableAndOthersSeeLost() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var aware = h.subscribe("aware", FrameworkInfo.Capability.Type.PARTITION_AWARE);
    h.allocate();
    Offer offer = aware.lastOffer();
    aware.launch(offer, task("a1", offer, 1, 64));
    agent.update(aware, "a1", TaskState.TASK_RUNNING);
    var plain = h.subscribe("plain");
    h.allocate();
    Offer offer2 = plain.lastOffer();
    plain.launch(offer2, task("p1", offer2, 1, 64));
    agent.update(plain, "p1", TaskState.TASK_RUNNING);
    // Wait out the refuse filters so the agent's remaining resources are on offer again.
    h.advance(Duration.ofSeconds(6));
    assertThat(h.offerCount()).isPositive();

    // No heartbeats: 3 ping periods of 1 s later the agent is unreachable.
    agent.silent = true;
    h.advance(Duration.ofSeconds(4));
    TaskStatus a = aware.lastUpdate();
    assertThat(a.state()).isEqualTo(TaskState.TASK_UNREACHABLE);
    assertThat(a.reason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED);
    assertThat(a.uuid()).isNull();
    assertThat(plain.lastUpdate().state()).isEqualTo(TaskState.TASK_LOST);
    assertThat(plain.stream.ofType(Event.Type.FAILURE)).hasSize(1);
    int rescinds =
        plain.stream.ofType(Event.Type.RESCIND).size()
            + aware.stream.ofType(Event.Type.RESCIND).size();
    assertThat(rescinds).isPositive(); // outstanding offers for the lost agent rescinded
    assertThat(h.offerCount()).isZero();
    assertThat(agent.channel.closed()).isTrue();
  }

  @Test
  void heartbeatsKeepAnAgentAlive() {
    var agent = h.registerAgent("cpus:1;mem:256");
    h.advance(Duration.ofSeconds(10)); // the harness heartbeats every 100 ms
    assertThat(agent.heartbeat().status()).isEqualTo(202);
    var state = MasterHarness.get(h.master.inspect(s -> s.agents().get(agent.id).state()));
    assertThat(state.name()).isEqualTo("CONNECTED");
  }

  @Test
  void implicitReconciliationReportsLatestStateWithoutUuid() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("t1", offer, 1, 64));
    agent.update(fw, "t1", TaskState.TASK_RUNNING);
    fw.call(Call.reconcile(fw.id, new Call.Reconcile(List.of())));
    TaskStatus r = fw.lastUpdate();
    assertThat(r.state()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(r.reason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
    assertThat(r.uuid()).isNull();
  }

  @Test
  void frameworkIsRemovedAfterFailoverTimeoutAndItsTasksShutDown() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    FrameworkInfo info =
        FrameworkInfo.builder()
            .user("root")
            .name("fo")
            .failoverTimeout(2.0)
            .checkpoint(false)
            .build();
    var fw = h.subscribe(info);
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("t1", offer, 1, 64));
    h.master.streamClosed(fw.stream);
    h.settle();
    h.advance(Duration.ofSeconds(1));
    assertThat(agent.channel.ofType(AgentEvent.Type.SHUTDOWN_FRAMEWORK)).isEmpty();
    h.advance(Duration.ofMillis(1500));
    assertThat(agent.channel.ofType(AgentEvent.Type.SHUTDOWN_FRAMEWORK)).hasSize(1);
    // A re-subscription with the removed id is refused on the stream.
    var again = h.new Fw(info.withId(fw.id));
    Call call = Call.subscribe(fw.id, new Call.Subscribe(info.withId(fw.id), null));
    MasterHarness.get(h.master.subscribe(call, again.stream));
    assertThat(again.stream.ofType(Event.Type.ERROR).get(0).error().message())
        .isEqualTo("Framework has been removed");
    assertThat(again.stream.closed()).isTrue();
  }

  @Test
  void resubscribeFailsOverTheOldStream() {
    FrameworkInfo info =
        FrameworkInfo.builder()
            .user("root")
            .name("fo")
            .failoverTimeout(60.0)
            .checkpoint(false)
            .build();
    var first = h.subscribe(info);
    var second = h.subscribe(info.withId(first.id));
    assertThat(second.id).isEqualTo(first.id);
    assertThat(first.stream.ofType(Event.Type.ERROR).get(0).error().message())
        .isEqualTo("Framework failed over");
    assertThat(first.stream.closed()).isTrue();
    // Calls with the old stream id are refused.
    var r =
        MasterHarness.get(h.master.call(Call.of(Call.Type.TEARDOWN, first.id), first.stream.id()));
    assertThat(r.status()).isEqualTo(400);
  }
}
