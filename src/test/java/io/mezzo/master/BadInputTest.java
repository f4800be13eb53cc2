package io.mezzo.master;

import static io.mezzo.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.Value;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every malformed or hostile call gets a clear error or the Mesos-defined task state, and changes nothing. */
class BadInputTest {
  private final MasterHarness h = new MasterHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private MasterHarness.Fw withOffer() {
    h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw");
    h.allocate();
    return fw;
  }

  private int outstandingOffers() {
    return MasterHarness.get(h.master.inspect(s -> s.offers().size()));
  }

  @Test
  void unknownOfferEndsTasksLostWithInvalidOffers() {
    var fw = withOffer();
    Offer real = fw.lastOffer();
    Offer fake = new Offer(new OfferId("nope"), fw.id, real.agentId(), null, null, null, List.of(), null, null);
    assertThat(fw.launch(fake, task("t1", real, 0.1, 32)).status()).isEqualTo(202);
    TaskStatus s = fw.lastUpdate();
    assertThat(s.state()).isEqualTo(TaskState.TASK_LOST);
    assertThat(s.reason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
    assertThat(s.message()).contains("nope");
    assertThat(outstandingOffers()).isEqualTo(1); // the real offer is untouched
  }

  @Test
  void partitionAwareFrameworkSeesDroppedForInvalidOffers() {
    h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw", FrameworkInfo.Capability.Type.PARTITION_AWARE);
    h.allocate();
    Offer real = fw.lastOffer();
    Offer fake = new Offer(new OfferId("gone"), fw.id, real.agentId(), null, null, null, List.of(), null, null);
    fw.launch(fake, task("t1", real, 0.1, 32));
    assertThat(fw.lastUpdate().state()).isEqualTo(TaskState.TASK_DROPPED);
  }

  @Test
  void offerOfAnotherFrameworkCannotBeUsed() {
    var owner = withOffer();
    Offer offer = owner.lastOffer();
    var thief = h.subscribe("thief");
    thief.launch(offer, task("stolen", offer, 0.1, 32));
    TaskStatus s = thief.lastUpdate();
    assertThat(s.state()).isEqualTo(TaskState.TASK_LOST);
    assertThat(s.message()).contains("belongs to another framework");
    assertThat(h.registerAgentCount()).isEqualTo(1);
    boolean stillThere = MasterHarness.get(h.master.inspect(st -> st.offers().containsKey(offer.id())));
    assertThat(stillThere).isTrue();
  }

  @Test
  void taskUsingMoreThanOfferedEndsTaskError() {
    var fw = withOffer();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("big", offer, 3, 32));
    TaskStatus s = fw.lastUpdate();
    assertThat(s.state()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(s.reason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
    assertThat(s.message()).contains("more resources");
  }

  @Test
  void duplicateTaskIdInOneAcceptEndsTheSecondTaskError() {
    var fw = withOffer();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("dup", offer, 0.5, 32), task("dup", offer, 0.5, 32));
    List<TaskStatus> updates = fw.updates();
    assertThat(updates).hasSize(1);
    assertThat(updates.get(0).state()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(updates.get(0).message()).contains("duplicate ID");
  }

  @Test
  void negativeAndNanResourcesEndTaskError() {
    var fw = withOffer();
    Offer offer = fw.lastOffer();
    TaskInfo negative = new TaskInfo("n", new TaskId("neg"), offer.agentId(),
        List.of(Resource.scalar("cpus", -1)), null, CommandInfo.shell("true"), null, null, null, null, null,
        null, null, null, null);
    TaskInfo nan = new TaskInfo("n", new TaskId("nan"), offer.agentId(),
        List.of(new Resource("mem", Value.Type.SCALAR, new Value.Scalar(Double.NaN), null, null, null, null, null)),
        null, CommandInfo.shell("true"), null, null, null, null, null, null, null, null, null);
    fw.launch(offer, negative, nan);
    assertThat(fw.updates()).extracting(TaskStatus::state).containsExactly(TaskState.TASK_ERROR, TaskState.TASK_ERROR);
    assertThat(fw.updates()).allSatisfy(s -> assertThat(s.message()).contains("finite non-negative"));
  }

  @Test
  void customExecutorIsRejectedWithReason() {
    var fw = withOffer();
    Offer offer = fw.lastOffer();
    TaskInfo t = new TaskInfo("x", new TaskId("x"), offer.agentId(), List.of(Resource.scalar("cpus", 0.1)),
        JsonNodeFactory.instance.objectNode(), null, null, null, null, null, null, null, null, null, null);
    fw.launch(offer, t);
    assertThat(fw.lastUpdate().message()).contains("Custom executors");
  }

  @Test
  void unsupportedOperationIsRefusedWith400AndOffersStay() {
    var fw = withOffer();
    Offer offer = fw.lastOffer();
    Call.Operation reserve = new Call.Operation(Call.Operation.Type.RESERVE, null, null, null,
        JsonNodeFactory.instance.objectNode(), null, null, null);
    CallResult r = fw.call(new Call(fw.id, Call.Type.ACCEPT, null,
        new Call.Accept(List.of(offer.id()), List.of(reserve), null), null, null, null, null, null, null, null,
        null, null, null));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("RESERVE");
    assertThat(outstandingOffers()).isEqualTo(1);
  }

  @Test
  void callsWithWrongOrMissingStreamIdAreRefused() {
    var fw = h.subscribe("fw");
    Call teardown = Call.of(Call.Type.TEARDOWN, fw.id);
    assertThat(MasterHarness.get(h.master.call(teardown, null)).status()).isEqualTo(400);
    CallResult wrong = MasterHarness.get(h.master.call(teardown, "not-the-stream"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.message()).contains("didn't match");
    boolean known = MasterHarness.get(h.master.inspect(s -> s.frameworks().containsKey(fw.id)));
    assertThat(known).isTrue();
  }

  @Test
  void unknownFrameworkIs400AndDisconnectedFrameworkIs403() {
    CallResult unknown = MasterHarness.get(h.master.call(Call.of(Call.Type.TEARDOWN, new FrameworkId("x")), "s"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).isEqualTo("Framework cannot be found");
    FrameworkInfo info = new FrameworkInfo("root", "fo", null, 60.0, false, null, null, null, null, null, null, null);
    var fw = h.subscribe(info);
    h.master.streamClosed(fw.id, fw.stream);
    h.settle();
    CallResult r = MasterHarness.get(h.master.call(Call.of(Call.Type.TEARDOWN, fw.id), fw.stream.id()));
    assertThat(r.status()).isEqualTo(403);
  }

  @Test
  void unknownCallTypeIs501AndMissingTypeIs400() {
    assertThat(MasterHarness.get(h.master.call(Call.of(Call.Type.UNKNOWN, new FrameworkId("f")), "s")).status())
        .isEqualTo(501);
    assertThat(MasterHarness.get(h.master.call(Call.of(null, new FrameworkId("f")), "s")).status()).isEqualTo(400);
  }

  @Test
  void acknowledgeWithBadUuidIs400() {
    var fw = withOffer();
    Offer offer = fw.lastOffer();
    CallResult r = fw.call(new Call(fw.id, Call.Type.ACKNOWLEDGE, null, null, null, null, null, null, null,
        new Call.Acknowledge(offer.agentId(), new TaskId("t"), "not base64!"), null, null, null, null));
    assertThat(r.status()).isEqualTo(400);
    CallResult shortUuid = fw.call(new Call(fw.id, Call.Type.ACKNOWLEDGE, null, null, null, null, null, null, null,
        new Call.Acknowledge(offer.agentId(), new TaskId("t"), "AAAA"), null, null, null, null));
    assertThat(shortUuid.message()).contains("16 bytes");
  }

  @Test
  void invalidRoleIsReportedOnTheStream() {
    FrameworkInfo info = new FrameworkInfo("root", "r", null, null, null, "bad role", null, null, null, null, null, null);
    var fw = h.new Fw(info);
    Call call = new Call(null, Call.Type.SUBSCRIBE, new Call.Subscribe(info, null), null, null, null, null,
        null, null, null, null, null, null, null);
    assertThat(MasterHarness.get(h.master.subscribe(call, fw.stream)).status()).isEqualTo(200);
    assertThat(fw.stream.ofType(Event.Type.ERROR).get(0).error().message()).contains("whitespace");
    assertThat(fw.stream.closed()).isTrue();
    int frameworks = MasterHarness.get(h.master.inspect(s -> s.frameworks().size()));
    assertThat(frameworks).isZero();
  }

  @Test
  void subscribeWithoutUserIs400() {
    FrameworkInfo info = new FrameworkInfo(null, "r", null, null, null, null, null, null, null, null, null, null);
    Call call = new Call(null, Call.Type.SUBSCRIBE, new Call.Subscribe(info, null), null, null, null, null,
        null, null, null, null, null, null, null);
    CallResult r = MasterHarness.get(h.master.subscribe(call, new RecordingFrameworkStream()));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("user");
  }

  @Test
  void agentWithNegativeResourcesIsRefused() {
    AgentInfo info = new AgentInfo("h", 5051, List.of(Resource.scalar("cpus", -4)), null, null);
    var channel = new RecordingAgentChannel();
    CallResult r = MasterHarness.get(h.master.agentSubscribe(
        AgentCall.subscribe(new AgentCall.Register(info, null, "t", null, null)), channel));
    assertThat(r.status()).isEqualTo(400);
    assertThat(channel.ofType(AgentEvent.Type.REGISTERED)).isEmpty();
    int agents = MasterHarness.get(h.master.inspect(s -> s.agents().size()));
    assertThat(agents).isZero();
  }

  @Test
  void statusUpdateFromUnknownAgentIs400() {
    var fw = h.subscribe("fw");
    CallResult r = MasterHarness.get(h.master.agentCall(AgentCall.statusUpdate(
        new io.mezzo.api.v1.AgentId("ghost"), fw.id,
        TaskStatus.builder(new TaskId("t"), TaskState.TASK_RUNNING).build())));
    assertThat(r.status()).isEqualTo(400);
    assertThat(fw.updates()).isEmpty();
  }
}
