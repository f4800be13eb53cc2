package io.mezzo.master;

import static io.mezzo.master.ReservationOfferTest.reserved;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.core.resources.Resources;
import io.mezzo.security.Caller;
import io.mezzo.testing.ProtoOracle;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RESERVE_RESOURCES and UNRESERVE_RESOURCES from an operator, against an in-process master. */
class ReservationOperatorTest {
  private final MasterHarness h = new MasterHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private CallResult operator(Call call) {
    CallResult r = MasterHarness.get(h.master.operatorCall(call, Caller.NODE));
    h.settle();
    return r;
  }

  private MasterHarness.Fw framework(String role) {
    return h.subscribe(
        FrameworkInfo.builder()
            .user("root")
            .name(role + "-fw")
            .role(role)
            .failoverTimeout(0.0)
            .checkpoint(false)
            .build());
  }

  @Test
  void reserveRescindsOutstandingOffersAndTheRoleIsOfferedTheReservation() {
    MasterHarness.Ag agent = h.registerAgent("cpus:4;mem:1024");
    MasterHarness.Fw ops = framework("ops");
    assertThat(h.offerCount()).isEqualTo(1);
    List<Resource> toReserve = List.of(reserved("cpus", 2, "eng", null));
    CallResult r = operator(Call.reserveResources(agent.id, toReserve));
    assertThat(r.status()).as(String.valueOf(r)).isEqualTo(202);
    assertThat(ops.stream.ofType(Event.Type.RESCIND)).hasSize(1);
    assertThat(
            ResourceMapping.toCore(
                agent
                    .channel
                    .ofType(AgentEvent.Type.CHECKPOINT_RESOURCES)
                    .get(0)
                    .checkpointResources()
                    .resources()))
        .isEqualTo(ResourceMapping.toCore(toReserve));
    // The rest is offered again to ops, the reservation only to eng.
    assertThat(ResourceMapping.toCore(ops.lastOffer().resources()))
        .isEqualTo(Resources.parse("cpus:2;mem:1024"));
    ops.call(
        io.mezzo.api.v1.scheduler.Call.of(io.mezzo.api.v1.scheduler.Call.Type.SUPPRESS, ops.id));
    MasterHarness.Fw eng = framework("eng");
    h.allocate();
    assertThat(ResourceMapping.toCore(eng.lastOffer().resources()).reservedTo("eng"))
        .isEqualTo(ResourceMapping.toCore(toReserve));

    CallResult u = operator(Call.unreserveResources(agent.id, toReserve));
    assertThat(u.status()).as(String.valueOf(u)).isEqualTo(202);
    Resources total = MasterHarness.get(h.master.inspect(s -> s.agents().get(agent.id).total()));
    assertThat(total).isEqualTo(Resources.parse("cpus:4;mem:1024"));
  }

  @Test
  void invalidOperatorReservationsAreRefusedWithTheirReason() {
    MasterHarness.Ag agent = h.registerAgent("cpus:1;mem:128");
    CallResult tooMuch =
        operator(Call.reserveResources(agent.id, List.of(reserved("cpus", 2, "eng", null))));
    assertThat(tooMuch.status()).isEqualTo(400);
    assertThat(tooMuch.message()).contains("does not have");
    CallResult notReserved =
        operator(Call.unreserveResources(agent.id, List.of(reserved("cpus", 1, "eng", null))));
    assertThat(notReserved.status()).isEqualTo(400);
    CallResult unknown =
        operator(
            Call.reserveResources(
                new io.mezzo.api.v1.AgentId("nope"), List.of(reserved("cpus", 1, "eng", null))));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).contains("not registered");
    CallResult empty = operator(Call.reserveResources(agent.id, List.of()));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.message()).contains("names no resources");
  }

  @Test
  void reservationsParseStrictlyAsMesosProtos() {
    MasterHarness.Ag agent = h.registerAgent("cpus:4;mem:1024");
    List<Resource> toReserve = List.of(reserved("cpus", 2, "eng", "ops"));
    Call call = Call.reserveResources(agent.id, toReserve);
    ProtoOracle.check(ProtoOracle.Schema.MASTER_CALL, MesosJson.writeString(call));
    assertThat(operator(call).status()).isEqualTo(202);
    for (Call.Type type : List.of(Call.Type.GET_AGENTS, Call.Type.GET_STATE)) {
      CallResult r = operator(Call.of(type));
      String json = MesosJson.writeString(r.body());
      ProtoOracle.check(ProtoOracle.Schema.MASTER_RESPONSE, json);
      assertThat(json).contains("\"DYNAMIC\"").contains("\"principal\":\"ops\"");
    }
    MasterHarness.Fw eng = framework("eng");
    h.allocate();
    ProtoOracle.check(ProtoOracle.Schema.OFFER, MesosJson.writeString(eng.lastOffer()));
    MasterHarness.Fw refined =
        h.subscribe(
            FrameworkInfo.builder()
                .user("root")
                .name("refined")
                .role("eng")
                .failoverTimeout(0.0)
                .checkpoint(false)
                .capabilities(
                    List.of(
                        new FrameworkInfo.Capability(
                            FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT)))
                .build());
    eng.call(
        io.mezzo.api.v1.scheduler.Call.accept(
            eng.id,
            new io.mezzo.api.v1.scheduler.Call.Accept(
                List.of(eng.lastOffer().id()), List.of(), new io.mezzo.api.v1.Filters(60.0))));
    h.allocate();
    Offer offer = refined.lastOffer();
    ProtoOracle.check(ProtoOracle.Schema.OFFER, MesosJson.writeString(offer));
    assertThat(offer.resources())
        .anySatisfy(x -> assertThat(x.reservations()).isNotNull().hasSize(1));
  }
}
