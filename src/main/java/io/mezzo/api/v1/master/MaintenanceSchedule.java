package io.mezzo.api.v1.master;

/**
 * The cluster's maintenance schedule ({@code mesos.v1.maintenance.Schedule}): windows of machines
 * and when they are unavailable. Mezzo has no maintenance schedule (operators take an agent out of
 * service with DRAIN_AGENT or DEACTIVATE_AGENT instead), so the schedule is always empty and the
 * record has no {@code windows} to hold; Mesos prints an empty schedule as {@code {}}.
 */
public record MaintenanceSchedule() {
  public static MaintenanceSchedule empty() {
    return new MaintenanceSchedule();
  }
}
