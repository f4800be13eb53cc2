package io.mezzo.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OperationStatus;
import io.mezzo.api.v1.OperationStatus.OperationState;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.master.Response;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.security.Caller;
import io.mezzo.testing.ProtoOracle;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Operation feedback: operations with an {@code id} are answered with UPDATE_OPERATION_STATUS,
 * resent until acknowledged, reconciled, and listed in GET_OPERATIONS; every event and response
 * parses strictly with the official protos.
 */
class OperationFeedbackTest {
  private final MasterHarness h = new MasterHarness(new InMemoryStateStore());

  @AfterEach
  void close() {
    h.close();
  }

  private MasterHarness.Fw eng() {
    return h.subscribe(
        FrameworkInfo.builder()
            .user("root")
            .name("eng-fw")
            .role("eng")
            .principal("alice")
            .failoverTimeout(0.0)
            .checkpoint(false)
            .build());
  }

  private static Call.Operation withId(Call.Operation op, String id) {
    return new Call.Operation(
        op.type(),
        JsonNodeFactory.instance.objectNode().put("value", id),
        op.launch(),
        op.launchGroup(),
        op.reserve(),
        op.unreserve(),
        op.create(),
        op.destroy(),
        op.growVolume(),
        op.shrinkVolume());
  }

  private static Call.Operation reserve(double cpus, String id) {
    return withId(
        Call.Operation.reserve(
            List.of(ReservationOfferTest.reserved("cpus", cpus, "eng", "alice"))),
        id);
  }

  private static CallResult accept(MasterHarness.Fw fw, Offer offer, Call.Operation... ops) {
    return fw.call(
        Call.accept(fw.id, new Call.Accept(List.of(offer.id()), List.of(ops), new Filters(0.0))));
  }

  private static List<OperationStatus> statuses(MasterHarness.Fw fw) {
    List<OperationStatus> out =
        fw.stream.ofType(Event.Type.UPDATE_OPERATION_STATUS).stream()
            .map(e -> e.updateOperationStatus().status())
            .toList();
    for (Event e : fw.stream.ofType(Event.Type.UPDATE_OPERATION_STATUS)) {
      ProtoOracle.check(ProtoOracle.Schema.SCHEDULER_EVENT, MesosJson.writeString(e));
    }
    return out;
  }

  private static Call call(MasterHarness.Fw fw, Call.Type type, Object body) {
    Call base = Call.of(type, fw.id);
    return new Call(
        base.frameworkId(),
        type,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        body instanceof Call.AcknowledgeOperationStatus a ? a : null,
        body instanceof Call.ReconcileOperations r ? r : null);
  }

  private Response operations() {
    CallResult r =
        MasterHarness.get(
            h.master.operatorCall(
                io.mezzo.api.v1.master.Call.of(io.mezzo.api.v1.master.Call.Type.GET_OPERATIONS),
                Caller.NODE));
    String json = MesosJson.writeString(r.body());
    ProtoOracle.check(ProtoOracle.Schema.MASTER_RESPONSE, json);
    return (Response) r.body();
  }

  @Test
  void anAppliedOperationIsFinishedResentUntilAcknowledgedAndThenForgotten() {
    MasterHarness.Fw eng = eng();
    MasterHarness.Ag agent = h.registerAgent("cpus:4;mem:1024");
    accept(eng, eng.lastOffer(), reserve(1, "op-1"));

    OperationStatus finished = statuses(eng).get(0);
    assertThat(finished.state()).isEqualTo(OperationState.OPERATION_FINISHED);
    assertThat(finished.operationId().value()).isEqualTo("op-1");
    assertThat(finished.agentId()).isEqualTo(agent.id);
    assertThat(finished.uuid()).isNotNull();
    assertThat(finished.convertedResources()).hasSize(1);
    Response.GetOperations listed = operations().getOperations();
    assertThat(listed.operations()).hasSize(1);
    assertThat(listed.operations().get(0).latestStatus()).isEqualTo(finished);

    // Not acknowledged: resent after 10 s, then after 20 s more.
    h.advance(Duration.ofSeconds(10));
    assertThat(statuses(eng)).hasSize(2).allSatisfy(s -> assertThat(s).isEqualTo(finished));
    h.advance(Duration.ofSeconds(19));
    assertThat(statuses(eng)).hasSize(2);
    h.advance(Duration.ofSeconds(1));
    assertThat(statuses(eng)).hasSize(3);

    // A wrong uuid changes nothing; the right one ends the retries and the operation.
    String otherUuid = "AAAAAAAAAAAAAAAAAAAAAA==";
    assertThat(
            eng.call(
                    call(
                        eng,
                        Call.Type.ACKNOWLEDGE_OPERATION_STATUS,
                        new Call.AcknowledgeOperationStatus(
                            agent.id, null, otherUuid, finished.operationId())))
                .status())
        .isEqualTo(202);
    assertThat(operations().getOperations().operations()).hasSize(1);
    assertThat(
            eng.call(
                    call(
                        eng,
                        Call.Type.ACKNOWLEDGE_OPERATION_STATUS,
                        new Call.AcknowledgeOperationStatus(
                            agent.id, null, finished.uuid().value(), finished.operationId())))
                .status())
        .isEqualTo(202);
    assertThat(operations().getOperations().operations()).isNull();
    h.advance(Duration.ofMinutes(20));
    assertThat(statuses(eng)).hasSize(3);
  }

  @Test
  void aDroppedOperationIsAnErrorWithItsReasonAndNothingToAcknowledge() {
    MasterHarness.Fw eng = eng();
    h.registerAgent("cpus:2;mem:512");
    Offer offer = eng.lastOffer();
    // More than offered, then an id already waiting for its acknowledgement.
    accept(eng, offer, reserve(3, "too-much"));
    h.allocate();
    accept(eng, eng.lastOffer(), reserve(1, "op"), reserve(1, "op"));
    List<OperationStatus> s = statuses(eng);
    assertThat(s)
        .extracting(OperationStatus::state)
        .containsExactly(
            OperationState.OPERATION_ERROR,
            OperationState.OPERATION_FINISHED,
            OperationState.OPERATION_ERROR);
    assertThat(s.get(0).message()).contains("is not in");
    assertThat(s.get(0).uuid()).isNull();
    assertThat(s.get(2).message()).contains("already used");
    assertThat(operations().getOperations().operations()).hasSize(1);
  }

  @Test
  void aLaunchWithAnIdEndsItsTasksAndIsAnError() {
    MasterHarness.Fw eng = eng();
    h.registerAgent("cpus:2;mem:512");
    Offer offer = eng.lastOffer();
    TaskInfo task =
        new TaskInfo(
            "t",
            new TaskId("t"),
            offer.agentId(),
            List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 16)),
            null,
            CommandInfo.shell("true"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    accept(eng, offer, withId(Call.Operation.launch(List.of(task)), "launch-op"));
    assertThat(statuses(eng).get(0).state()).isEqualTo(OperationState.OPERATION_ERROR);
    assertThat(statuses(eng).get(0).message()).contains("not supported on LAUNCH");
    assertThat(eng.lastUpdate().state()).isEqualTo(TaskState.TASK_ERROR);
  }

  @Test
  void reconciliationAnswersTheLatestStatusOrWhatTheAgentTells() {
    MasterHarness.Fw eng = eng();
    MasterHarness.Ag agent = h.registerAgent("cpus:4;mem:1024");
    accept(eng, eng.lastOffer(), reserve(1, "kept"));
    int before = statuses(eng).size();
    eng.call(call(eng, Call.Type.RECONCILE_OPERATIONS, new Call.ReconcileOperations(List.of())));
    List<OperationStatus> implicit = statuses(eng).subList(before, statuses(eng).size());
    assertThat(implicit).hasSize(1);
    assertThat(implicit.get(0).state()).isEqualTo(OperationState.OPERATION_FINISHED);
    assertThat(implicit.get(0).uuid()).as("a reconciliation needs no ack").isNull();

    before = statuses(eng).size();
    eng.call(
        call(
            eng,
            Call.Type.RECONCILE_OPERATIONS,
            new Call.ReconcileOperations(
                List.of(
                    new Call.ReconcileOperations.Operation(
                        new OperationStatus.OperationId("kept"), agent.id, null),
                    new Call.ReconcileOperations.Operation(
                        new OperationStatus.OperationId("never"), agent.id, null),
                    new Call.ReconcileOperations.Operation(
                        new OperationStatus.OperationId("elsewhere"),
                        new AgentId("no-such-agent"),
                        null)))));
    assertThat(statuses(eng).subList(before, statuses(eng).size()))
        .extracting(OperationStatus::state)
        .containsExactly(
            OperationState.OPERATION_FINISHED,
            OperationState.OPERATION_UNKNOWN,
            OperationState.OPERATION_UNKNOWN);
  }

  @Test
  void malformedFeedbackCallsAre400() {
    MasterHarness.Fw eng = eng();
    h.registerAgent("cpus:2;mem:512");
    CallResult noUuid =
        eng.call(
            call(
                eng,
                Call.Type.ACKNOWLEDGE_OPERATION_STATUS,
                new Call.AcknowledgeOperationStatus(
                    null, null, null, new OperationStatus.OperationId("x"))));
    assertThat(noUuid.status()).isEqualTo(400);
    CallResult shortUuid =
        eng.call(
            call(
                eng,
                Call.Type.ACKNOWLEDGE_OPERATION_STATUS,
                new Call.AcknowledgeOperationStatus(
                    null, null, "AAAA", new OperationStatus.OperationId("x"))));
    assertThat(shortUuid.status()).isEqualTo(400);
    assertThat(shortUuid.message()).contains("16 bytes");
    Call.Operation emptyId =
        new Call.Operation(
            Call.Operation.Type.RESERVE,
            JsonNodeFactory.instance.objectNode().put("value", ""),
            null,
            null,
            new Call.Operation.Reserve(null, List.of()),
            null,
            null,
            null,
            null,
            null);
    CallResult r = accept(eng, eng.lastOffer(), emptyId);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains(".id");
  }
}
