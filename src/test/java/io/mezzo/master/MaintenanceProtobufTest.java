package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.Response;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.api.wire.WireCodec;
import io.mezzo.testing.ProtoOracle;
import io.mezzo.testing.ProtoOracle.Schema;
import java.util.List;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.MachineID;
import org.apache.mesos.v1.Protos.TimeInfo;
import org.apache.mesos.v1.Protos.Unavailability;
import org.apache.mesos.v1.maintenance.Protos.ClusterStatus;
import org.apache.mesos.v1.maintenance.Protos.Schedule;
import org.apache.mesos.v1.maintenance.Protos.Window;
import org.apache.mesos.v1.master.Protos;
import org.junit.jupiter.api.Test;

/**
 * The maintenance calls, answers and events in the official protos: calls built with the Mesos
 * classes decode and run, and what Mezzo answers and sends parses strictly as Mesos's messages.
 */
class MaintenanceProtobufTest {

  @Test
  void officialMaintenanceCallsRunAndTheAnswersAreMesosMessages() {
    try (MasterHarness h = new MasterHarness()) {
      MasterHarness.Ag ag = h.registerAgent("cpus:2;mem:256");
      MasterHarness.Fw fw = h.subscribe("fw");
      h.allocate();
      MachineID machine = MachineID.newBuilder().setHostname(ag.info.hostname()).build();
      Unavailability when =
          Unavailability.newBuilder()
              .setStart(TimeInfo.newBuilder().setNanoseconds(1_900_000_000_000_000_000L))
              .setDuration(DurationInfo.newBuilder().setNanoseconds(60_000_000_000L))
              .build();
      Schedule schedule =
          Schedule.newBuilder()
              .addWindows(Window.newBuilder().addMachineIds(machine).setUnavailability(when))
              .build();
      Protos.Call update =
          Protos.Call.newBuilder()
              .setType(Protos.Call.Type.UPDATE_MAINTENANCE_SCHEDULE)
              .setUpdateMaintenanceSchedule(
                  Protos.Call.UpdateMaintenanceSchedule.newBuilder().setSchedule(schedule))
              .build();
      assertThat(run(h, update).status()).isEqualTo(200);

      Response read = (Response) run(h, typeOnly(Protos.Call.Type.GET_MAINTENANCE_SCHEDULE)).body();
      ProtoOracle.check(Schema.MASTER_RESPONSE, MesosJson.writeString(read));
      Protos.Response asMesos = (Protos.Response) WireCodec.toMessage(read);
      assertThat(asMesos.getGetMaintenanceSchedule().getSchedule()).isEqualTo(schedule);

      Response status = (Response) run(h, typeOnly(Protos.Call.Type.GET_MAINTENANCE_STATUS)).body();
      ProtoOracle.check(Schema.MASTER_RESPONSE, MesosJson.writeString(status));
      ClusterStatus cluster =
          ((Protos.Response) WireCodec.toMessage(status)).getGetMaintenanceStatus().getStatus();
      assertThat(cluster.getDrainingMachinesList()).hasSize(1);
      assertThat(cluster.getDrainingMachines(0).getId()).isEqualTo(machine);
      assertThat(cluster.getDrainingMachines(0).getStatuses(0).getFrameworkId().getValue())
          .isEqualTo(fw.id.value());

      Event inverse = fw.stream.ofType(Event.Type.INVERSE_OFFERS).get(0);
      ProtoOracle.check(Schema.SCHEDULER_EVENT, MesosJson.writeString(inverse));
      org.apache.mesos.v1.scheduler.Protos.Event event =
          (org.apache.mesos.v1.scheduler.Protos.Event) WireCodec.toMessage(inverse);
      assertThat(event.getInverseOffers().getInverseOffers(0).getUnavailability()).isEqualTo(when);
      h.allocate();
      Event offers = fw.stream.ofType(Event.Type.OFFERS).get(1);
      org.apache.mesos.v1.scheduler.Protos.Event offered =
          (org.apache.mesos.v1.scheduler.Protos.Event) WireCodec.toMessage(offers);
      assertThat(offered.getOffers().getOffers(0).getUnavailability()).isEqualTo(when);

      Protos.Call down =
          Protos.Call.newBuilder()
              .setType(Protos.Call.Type.START_MAINTENANCE)
              .setStartMaintenance(Protos.Call.StartMaintenance.newBuilder().addMachines(machine))
              .build();
      assertThat(run(h, down).status()).isEqualTo(200);
      Event rescind = fw.stream.ofType(Event.Type.RESCIND_INVERSE_OFFER).get(0);
      ProtoOracle.check(Schema.SCHEDULER_EVENT, MesosJson.writeString(rescind));
      Protos.Call up =
          Protos.Call.newBuilder()
              .setType(Protos.Call.Type.STOP_MAINTENANCE)
              .setStopMaintenance(Protos.Call.StopMaintenance.newBuilder().addMachines(machine))
              .build();
      assertThat(run(h, up).status()).isEqualTo(200);
      Response after = (Response) run(h, typeOnly(Protos.Call.Type.GET_MAINTENANCE_STATUS)).body();
      assertThat(((Protos.Response) WireCodec.toMessage(after)).getGetMaintenanceStatus())
          .isEqualTo(
              Protos.Response.GetMaintenanceStatus.newBuilder()
                  .setStatus(ClusterStatus.getDefaultInstance())
                  .build());
      assertThat(List.of(after.type())).containsExactly(Response.Type.GET_MAINTENANCE_STATUS);
    }
  }

  private static Protos.Call typeOnly(Protos.Call.Type type) {
    return Protos.Call.newBuilder().setType(type).build();
  }

  /** Decodes the official call's bytes as the operator route does, and runs it. */
  private static CallResult run(MasterHarness h, Protos.Call call) {
    Call decoded = WireCodec.decode(call.toByteArray(), Call.class);
    CallResult r = get(h.master.operatorCall(decoded));
    h.settle();
    return r;
  }
}
