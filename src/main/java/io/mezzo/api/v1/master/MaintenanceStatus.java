package io.mezzo.api.v1.master;

/**
 * Which machines are being drained or are down for maintenance ({@code
 * mesos.v1.maintenance.ClusterStatus}). Without a maintenance schedule (see {@link
 * MaintenanceSchedule}) no machine is in either state, so the record has no {@code
 * draining_machines} or {@code down_machines} to hold; Mesos prints that status as {@code {}}.
 * Agents drained with DRAIN_AGENT show in GET_AGENTS' {@code drain_info}, as in Mesos.
 */
public record MaintenanceStatus() {
  public static MaintenanceStatus empty() {
    return new MaintenanceStatus();
  }
}
