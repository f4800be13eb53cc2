package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.InverseOffer;
import io.mezzo.api.v1.MachineId;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TimeInfo;
import io.mezzo.api.v1.Unavailability;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.MaintenanceSchedule;
import io.mezzo.api.v1.master.MaintenanceStatus;
import io.mezzo.api.v1.master.MaintenanceStatus.InverseOfferStatus;
import io.mezzo.api.v1.master.Response;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.state.InMemoryStateStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Maintenance on an in-process master: a schedule makes offers carry the unavailability and sends
 * inverse offers, answers are recorded, a DOWN machine's agents leave the pool (offers rescinded,
 * tasks killed, registrations refused) and come back when it is UP, bad input changes nothing, and
 * the schedule survives a restart.
 */
class MaintenancePrimitivesTest {
  static final Unavailability WINDOW =
      new Unavailability(
          new TimeInfo(2_000_000_000_000_000_000L), new DurationInfo(3_600_000_000_000L));

  static CallResult op(MasterHarness h, Call call) {
    CallResult r = get(h.master.operatorCall(call));
    h.settle();
    return r;
  }

  static MaintenanceSchedule scheduleOf(MachineId... machines) {
    return new MaintenanceSchedule(
        List.of(new MaintenanceSchedule.Window(List.of(machines), WINDOW)));
  }

  static MaintenanceStatus status(MasterHarness h) {
    return ((Response) op(h, Call.of(Call.Type.GET_MAINTENANCE_STATUS)).body())
        .getMaintenanceStatus()
        .status();
  }

  static MaintenanceSchedule schedule(MasterHarness h) {
    return ((Response) op(h, Call.of(Call.Type.GET_MAINTENANCE_SCHEDULE)).body())
        .getMaintenanceSchedule()
        .schedule();
  }

  static List<InverseOffer> inverseOffers(MasterHarness.Fw fw) {
    return fw.stream.ofType(Event.Type.INVERSE_OFFERS).stream()
        .flatMap(e -> e.inverseOffers().inverseOffers().stream())
        .toList();
  }

  @Test
  void aScheduledMachineGetsInverseOffersAndOffersThatCarryItsUnavailability() {
    try (MasterHarness h = new MasterHarness()) {
      MasterHarness.Ag ag = h.registerAgent("cpus:4;mem:1024");
      MasterHarness.Fw fw = h.subscribe("fw");
      h.allocate();
      Offer before = fw.lastOffer();
      assertThat(before.unavailability()).isNull();

      MachineId machine = new MachineId(ag.info.hostname(), null);
      assertThat(op(h, Call.updateMaintenanceSchedule(scheduleOf(machine))).status())
          .isEqualTo(200);

      // The outstanding offer is rescinded so the next one says what is planned.
      assertThat(fw.stream.ofType(Event.Type.RESCIND))
          .anySatisfy(e -> assertThat(e.rescind().offerId()).isEqualTo(before.id()));
      List<InverseOffer> inverse = inverseOffers(fw);
      assertThat(inverse).hasSize(1);
      assertThat(inverse.get(0).agentId()).isEqualTo(ag.id);
      assertThat(inverse.get(0).frameworkId()).isEqualTo(fw.id);
      assertThat(inverse.get(0).unavailability()).isEqualTo(WINDOW);
      h.allocate();
      assertThat(fw.lastOffer().unavailability()).isEqualTo(WINDOW);
      assertThat(inverseOffers(fw)).hasSize(1); // one per machine and schedule change

      MaintenanceStatus.DrainingMachine draining = status(h).drainingMachines().get(0);
      assertThat(draining.id()).isEqualTo(machine);
      assertThat(draining.statuses())
          .singleElement()
          .satisfies(s -> assertThat(s.status()).isEqualTo(InverseOfferStatus.Status.UNKNOWN));

      CallResult accepted =
          fw.call(
              io.mezzo.api.v1.scheduler.Call.answerInverseOffers(
                  fw.id, true, List.of(inverse.get(0).id()), null));
      assertThat(accepted.status()).isEqualTo(202);
      CallResult noBody =
          fw.call(
              io.mezzo.api.v1.scheduler.Call.of(
                  io.mezzo.api.v1.scheduler.Call.Type.DECLINE_INVERSE_OFFERS, fw.id));
      assertThat(noBody.status()).isEqualTo(400);
      InverseOfferStatus answer = status(h).drainingMachines().get(0).statuses().get(0);
      assertThat(answer.status()).isEqualTo(InverseOfferStatus.Status.ACCEPT);
      assertThat(answer.frameworkId()).isEqualTo(fw.id);
      assertThat(answer.timestamp().nanoseconds()).isPositive();
    }
  }

  @Test
  void aDownMachineLeavesThePoolAndComesBackWhenUp() {
    try (MasterHarness h = new MasterHarness()) {
      MasterHarness.Ag ag = h.registerAgent("cpus:4;mem:1024");
      MasterHarness.Fw fw = h.subscribe("fw");
      h.allocate();
      Offer offer = fw.lastOffer();
      fw.launch(offer, MasterHarness.task("t1", offer, 1, 128));
      h.allocate();
      MachineId machine = new MachineId(ag.info.hostname(), "127.0.0.1");
      op(h, Call.updateMaintenanceSchedule(scheduleOf(machine)));
      h.allocate();
      InverseOffer inverse = inverseOffers(fw).get(0);

      assertThat(op(h, Call.maintenance(true, List.of(machine))).status()).isEqualTo(200);
      assertThat(fw.stream.ofType(Event.Type.RESCIND_INVERSE_OFFER))
          .anySatisfy(
              e -> assertThat(e.rescindInverseOffer().inverseOfferId()).isEqualTo(inverse.id()));
      assertThat(h.offerCount()).isZero();
      assertThat(ag.channel.ofType(AgentEvent.Type.KILL_TASK))
          .anySatisfy(e -> assertThat(e.killTask().taskId().value()).isEqualTo("t1"));
      int offersSoFar = fw.offers().size();
      h.advance(Duration.ofSeconds(6));
      assertThat(fw.offers()).hasSize(offersSoFar);
      assertThat(status(h).downMachines()).containsExactly(machine);
      assertThat(status(h).drainingMachines()).isEmpty();

      // An agent of the DOWN machine may not register, as in Mesos.
      AgentInfo again =
          new AgentInfo(
              ag.info.hostname(),
              5051,
              ResourceMapping.toWire(Resources.parse("cpus:1"), null, false),
              null,
              null);
      CallResult refused =
          get(
              h.master.agentSubscribe(
                  AgentCall.subscribe(
                      new AgentCall.Register(again, "http://127.0.0.1:5051", "test", null, null)),
                  new RecordingAgentChannel()));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.message()).contains("DOWN for maintenance");
      CallResult reactivate =
          op(
              h,
              new Call(
                  Call.Type.REACTIVATE_AGENT,
                  null,
                  null,
                  null,
                  null,
                  null,
                  new Call.AgentRef(ag.id),
                  null,
                  null));
      assertThat(reactivate.status()).isEqualTo(400);
      assertThat(reactivate.message()).contains("DOWN for maintenance");

      assertThat(op(h, Call.maintenance(false, List.of(machine))).status()).isEqualTo(200);
      h.advance(Duration.ofSeconds(6)); // past the accept's default 5 s filter
      assertThat(fw.offers()).hasSizeGreaterThan(offersSoFar);
      assertThat(fw.lastOffer().unavailability()).isNull();
      assertThat(schedule(h).windows()).isEmpty();
      assertThat(status(h)).isEqualTo(MaintenanceStatus.empty());
    }
  }

  @Test
  void badMaintenanceCallsAre400AndChangeNothing() {
    try (MasterHarness h = new MasterHarness()) {
      MachineId a = new MachineId("a", null);
      MachineId b = new MachineId("b", null);
      assertThat(op(h, Call.updateMaintenanceSchedule(scheduleOf(a, b))).status()).isEqualTo(200);
      MaintenanceSchedule twice =
          new MaintenanceSchedule(
              List.of(
                  new MaintenanceSchedule.Window(List.of(a), WINDOW),
                  new MaintenanceSchedule.Window(List.of(a), WINDOW)));
      CallResult r = op(h, Call.updateMaintenanceSchedule(twice));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.message()).contains("appears more than once");
      assertThat(op(h, Call.maintenance(false, List.of(a))).message())
          .contains("is not in DOWN mode and cannot be brought up");
      assertThat(op(h, Call.maintenance(true, List.of(new MachineId("c", null)))).message())
          .contains("is not part of a maintenance schedule");
      assertThat(op(h, Call.maintenance(true, List.of())).message())
          .contains("List of machines is empty");
      assertThat(op(h, Call.of(Call.Type.START_MAINTENANCE)).status()).isEqualTo(400);
      assertThat(op(h, Call.maintenance(true, List.of(a))).status()).isEqualTo(200);
      CallResult dropDown = op(h, Call.updateMaintenanceSchedule(scheduleOf(b)));
      assertThat(dropDown.status()).isEqualTo(400);
      assertThat(dropDown.message()).contains("cannot be removed from the schedule");
      assertThat(schedule(h)).isEqualTo(scheduleOf(a, b));
      assertThat(status(h).downMachines()).containsExactly(a);
    }
  }

  @Test
  void theScheduleAndDownMachinesSurviveARestart() {
    InMemoryStateStore store = new InMemoryStateStore();
    MachineId a = new MachineId("a", "10.1.2.3");
    MachineId b = new MachineId("b", null);
    try (MasterHarness h = new MasterHarness(store)) {
      op(h, Call.updateMaintenanceSchedule(scheduleOf(a, b)));
      op(h, Call.maintenance(true, List.of(b)));
    }
    try (MasterHarness h = new MasterHarness(store)) {
      assertThat(schedule(h)).isEqualTo(scheduleOf(a, b));
      assertThat(status(h).downMachines()).containsExactly(b);
      assertThat(status(h).drainingMachines()).extracting(d -> d.id()).containsExactly(a);
    }
  }
}
