package io.mezzo.master.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.MachineId;
import io.mezzo.api.v1.TimeInfo;
import io.mezzo.api.v1.Unavailability;
import io.mezzo.api.v1.master.MaintenanceSchedule;
import io.mezzo.api.v1.master.MaintenanceSchedule.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mesos's maintenance validation, machine modes and machine-to-agent matching, as pure logic. */
class ScheduleValidationTest {
  static final Unavailability SOON = new Unavailability(new TimeInfo(1_000L), new DurationInfo(5L));
  static final MachineId A = new MachineId("host-a", "10.0.0.1");
  static final MachineId B = new MachineId("host-b", null);

  static MaintenanceSchedule schedule(Window... windows) {
    return new MaintenanceSchedule(List.of(windows));
  }

  @Test
  void aScheduleOfDistinctWellNamedMachinesIsValid() {
    assertThat(
            ScheduleValidation.schedule(
                schedule(new Window(List.of(A), SOON), new Window(List.of(B), SOON)),
                Maintenance.NONE))
        .isEmpty();
    assertThat(ScheduleValidation.schedule(MaintenanceSchedule.empty(), Maintenance.NONE))
        .isEmpty();
  }

  @Test
  void aMachineInTwoWindowsIsRefusedWhateverTheCaseOfItsHostname() {
    MachineId upper = new MachineId("HOST-A", "10.0.0.1");
    assertThat(
            ScheduleValidation.schedule(
                schedule(new Window(List.of(A), SOON), new Window(List.of(upper), SOON)),
                Maintenance.NONE))
        .hasValueSatisfying(m -> assertThat(m).contains("appears more than once"));
  }

  @Test
  void badMachinesWindowsAndUnavailabilitiesAreRefusedWithMesosReasons() {
    assertThat(
            ScheduleValidation.schedule(
                schedule(new Window(List.of(new MachineId("", null)), SOON)), Maintenance.NONE))
        .contains("Both 'hostname' and 'ip' for a machine are empty");
    assertThat(
            ScheduleValidation.schedule(
                schedule(new Window(List.of(new MachineId("h", "300.1.1.1")), SOON)),
                Maintenance.NONE))
        .hasValueSatisfying(m -> assertThat(m).contains("Failed to parse IP '300.1.1.1'"));
    assertThat(ScheduleValidation.schedule(schedule(new Window(List.of(), SOON)), Maintenance.NONE))
        .contains("List of machines in the maintenance window is empty");
    Unavailability negative = new Unavailability(new TimeInfo(1L), new DurationInfo(-1L));
    assertThat(
            ScheduleValidation.schedule(
                schedule(new Window(List.of(A), negative)), Maintenance.NONE))
        .contains("Unavailability 'duration' is negative");
    Unavailability noNanos = new Unavailability(new TimeInfo(1L), new DurationInfo(null));
    assertThat(
            ScheduleValidation.schedule(
                schedule(new Window(List.of(A), noNanos)), Maintenance.NONE))
        .hasValueSatisfying(m -> assertThat(m).contains("duration.nanoseconds"));
    assertThat(
            ScheduleValidation.schedule(schedule(new Window(List.of(A), null)), Maintenance.NONE))
        .hasValueSatisfying(m -> assertThat(m).contains("unavailability.start"));
  }

  @Test
  void aDownMachineCannotLeaveTheSchedule() {
    Maintenance down =
        Maintenance.NONE
            .withSchedule(schedule(new Window(List.of(A, B), SOON)))
            .withDownMachines(List.of(A));
    assertThat(ScheduleValidation.schedule(schedule(new Window(List.of(B), SOON)), down))
        .hasValueSatisfying(
            m -> assertThat(m).contains("is deactivated and cannot be removed from the schedule"));
    assertThat(ScheduleValidation.schedule(schedule(new Window(List.of(A), SOON)), down)).isEmpty();
  }

  @Test
  void machineListsMustBeNonEmptyAndDistinct() {
    assertThat(ScheduleValidation.machines(List.of())).contains("List of machines is empty");
    assertThat(ScheduleValidation.machines(List.of(A, A)))
        .hasValueSatisfying(m -> assertThat(m).contains("appears more than once"));
    assertThat(ScheduleValidation.machines(List.of(A, B))).isEmpty();
  }

  @Test
  void modesFollowTheScheduleAndTheDownList() {
    Maintenance m = Maintenance.NONE.withSchedule(schedule(new Window(List.of(A), SOON)));
    assertThat(m.mode(A)).isEqualTo(MachineMode.DRAINING);
    assertThat(m.mode(B)).isEqualTo(MachineMode.UP);
    assertThat(m.withDownMachines(List.of(A)).mode(A)).isEqualTo(MachineMode.DOWN);
    assertThat(MachineMode.DRAINING.down()).isEqualTo(MachineMode.DOWN);
    assertThat(MachineMode.DOWN.up()).isEqualTo(MachineMode.UP);
    assertThatThrownBy(MachineMode.UP::down).hasMessageContaining("cannot go from UP to DOWN");
    assertThatThrownBy(MachineMode.DRAINING::up)
        .hasMessageContaining("cannot go from DRAINING to UP");
  }

  @Test
  void machinesMatchAgentsByTheFieldsTheyGive() {
    assertThat(Maintenance.matches(A, "HOST-A", "10.0.0.1")).isTrue();
    assertThat(Maintenance.matches(A, "host-a", "10.0.0.2")).isFalse();
    assertThat(Maintenance.matches(B, "host-b", "192.168.1.1")).isTrue();
    assertThat(Maintenance.matches(new MachineId(null, "10.0.0.9"), "any", "10.0.0.9")).isTrue();
    assertThat(Maintenance.matches(new MachineId(null, null), "any", "10.0.0.9")).isFalse();
    Maintenance m = Maintenance.NONE.withSchedule(schedule(new Window(List.of(B), SOON)));
    assertThat(m.unavailabilityOf("host-b", "1.2.3.4")).contains(SOON);
    assertThat(m.unavailabilityOf("host-c", "1.2.3.4")).isEmpty();
  }
}
