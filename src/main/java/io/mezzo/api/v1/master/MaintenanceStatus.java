package io.mezzo.api.v1.master;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MachineId;
import io.mezzo.api.v1.TimeInfo;
import java.util.List;

/**
 * Which machines are being drained or are down for maintenance ({@code
 * mesos.v1.maintenance.ClusterStatus}), with the frameworks' answers to the inverse offers of each
 * draining machine. Mesos prints a status with neither as {@code {}}. Agents drained with
 * DRAIN_AGENT show in GET_AGENTS' {@code drain_info} instead, as in Mesos.
 */
public record MaintenanceStatus(
    List<DrainingMachine> drainingMachines, List<MachineId> downMachines) {
  public MaintenanceStatus {
    drainingMachines = drainingMachines == null ? List.of() : List.copyOf(drainingMachines);
    downMachines = downMachines == null ? List.of() : List.copyOf(downMachines);
  }

  /** {@code ClusterStatus.DrainingMachine}: a machine and the answers of its frameworks. */
  public record DrainingMachine(MachineId id, List<InverseOfferStatus> statuses) {
    public DrainingMachine {
      statuses = statuses == null ? List.of() : List.copyOf(statuses);
    }
  }

  /** {@code mesos.v1.InverseOfferStatus}: a framework's last answer, and when it gave it. */
  public record InverseOfferStatus(Status status, FrameworkId frameworkId, TimeInfo timestamp) {
    public enum Status {
      UNKNOWN,
      ACCEPT,
      DECLINE
    }
  }

  public static MaintenanceStatus empty() {
    return new MaintenanceStatus(List.of(), List.of());
  }
}
