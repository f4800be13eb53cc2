package io.mezzo.master.maintenance;

import io.mezzo.api.v1.MachineId;
import io.mezzo.api.v1.Unavailability;
import io.mezzo.api.v1.master.MaintenanceSchedule;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What Mesos refuses in a maintenance schedule or a list of machines (its {@code
 * maintenance::validation}), with Mesos's messages. Machines need no agent: Mesos schedules
 * machines that have none (yet), and so does Mezzo. Pure.
 */
public final class ScheduleValidation {
  private ScheduleValidation() {}

  /**
   * Why {@code next} may not replace the schedule of {@code current}: a window without machines, a
   * negative or missing unavailability, a bad machine id, a machine in two windows, or a DOWN
   * machine left out (it must be brought up first). Empty when it may.
   */
  public static Optional<String> schedule(MaintenanceSchedule next, Maintenance current) {
    Set<MachineId> seen = new HashSet<>();
    for (MaintenanceSchedule.Window w : next.windows()) {
      if (w.machineIds().isEmpty()) {
        return Optional.of("List of machines in the maintenance window is empty");
      }
      Optional<String> bad = unavailability(w.unavailability());
      if (bad.isPresent()) {
        return bad;
      }
      for (MachineId m : w.machineIds()) {
        Optional<String> badId = machine(m);
        if (badId.isPresent()) {
          return badId;
        }
        if (!seen.add(m.key())) {
          return Optional.of(
              "Machine '" + m.describe() + "' appears more than once in the schedule");
        }
      }
    }
    for (MachineId down : current.downMachines()) {
      if (!seen.contains(down.key())) {
        return Optional.of(
            "Machine '"
                + down.describe()
                + "' is deactivated and cannot be removed from the schedule");
      }
    }
    return Optional.empty();
  }

  /** Why a START/STOP_MAINTENANCE list is refused: empty, a bad machine id, or a repeat. */
  public static Optional<String> machines(List<MachineId> ids) {
    if (ids == null || ids.isEmpty()) {
      return Optional.of("List of machines is empty");
    }
    Set<MachineId> seen = new HashSet<>();
    for (MachineId m : ids) {
      Optional<String> bad = machine(m);
      if (bad.isPresent()) {
        return bad;
      }
      if (!seen.add(m.key())) {
        return Optional.of("Machine '" + m.describe() + "' appears more than once in the schedule");
      }
    }
    return Optional.empty();
  }

  /** A machine names a hostname or an IPv4 address (or both). */
  public static Optional<String> machine(MachineId m) {
    if (m == null || m.nameless()) {
      return Optional.of("Both 'hostname' and 'ip' for a machine are empty");
    }
    if (m.ip() != null && !m.ip().isEmpty() && !isIpv4(m.ip())) {
      return Optional.of("Failed to parse IP '" + m.ip() + "' of machine '" + m.describe() + "'");
    }
    return Optional.empty();
  }

  /**
   * The unavailability must be given with a start; its duration may be absent (for ever) but not
   * negative.
   */
  public static Optional<String> unavailability(Unavailability u) {
    if (u == null || u.start() == null || u.start().nanoseconds() == null) {
      return Optional.of("Expecting 'unavailability.start' to be present");
    }
    if (u.duration() != null && u.duration().nanoseconds() == null) {
      return Optional.of("Expecting 'unavailability.duration.nanoseconds' to be present");
    }
    if (u.duration() != null && u.duration().nanoseconds() < 0) {
      return Optional.of("Unavailability 'duration' is negative");
    }
    return Optional.empty();
  }

  /** Dotted-quad only, checked by hand so that nothing is ever looked up. */
  private static boolean isIpv4(String ip) {
    if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return false;
    }
    for (String part : ip.split("\\.")) {
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }
}
