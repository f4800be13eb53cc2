package io.mezzo.api.v1.master;

import io.mezzo.api.v1.MachineId;
import io.mezzo.api.v1.Unavailability;
import java.util.List;

/**
 * The cluster's maintenance schedule ({@code mesos.v1.maintenance.Schedule}): windows of machines
 * and when they are unavailable. Mesos prints an empty schedule as {@code {}}.
 */
public record MaintenanceSchedule(List<Window> windows) {
  public MaintenanceSchedule {
    windows = windows == null ? List.of() : List.copyOf(windows);
  }

  /** {@code mesos.v1.maintenance.Window}: machines that share one unavailability. */
  public record Window(List<MachineId> machineIds, Unavailability unavailability) {
    public Window {
      machineIds = machineIds == null ? List.of() : List.copyOf(machineIds);
    }
  }

  public static MaintenanceSchedule empty() {
    return new MaintenanceSchedule(List.of());
  }
}
