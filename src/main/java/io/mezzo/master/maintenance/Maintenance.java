package io.mezzo.master.maintenance;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MachineId;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TimeInfo;
import io.mezzo.api.v1.Unavailability;
import io.mezzo.api.v1.master.MaintenanceSchedule;
import io.mezzo.api.v1.master.MaintenanceStatus;
import io.mezzo.api.v1.master.MaintenanceStatus.InverseOfferStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The master's maintenance state, kept in the registry (Mesos keeps the schedule and each machine's
 * mode in its registry too): the schedule, which of its machines are DOWN, the inverse offers
 * outstanding and each framework's last answer per draining machine. Immutable; every {@code with…}
 * returns a new value. A machine id is compared by its {@link MachineId#key()}.
 *
 * <p>Machines match agents as in Mesos by hostname (case-insensitive) and IP; a scheduled machine
 * that gives only one of the two matches every agent with that one (Mesos requires both to be
 * equal, which an operator who does not know an agent's IP cannot meet).
 *
 * @param nextInverseOfferSeq the sequence number of the next inverse offer id
 */
public record Maintenance(
    MaintenanceSchedule schedule,
    List<MachineId> downMachines,
    List<InverseOfferEntry> inverseOffers,
    List<Answer> answers,
    Long nextInverseOfferSeq) {
  public static final Maintenance NONE =
      new Maintenance(MaintenanceSchedule.empty(), List.of(), List.of(), List.of(), 0L);

  public Maintenance {
    schedule = schedule == null ? MaintenanceSchedule.empty() : schedule;
    downMachines = downMachines == null ? List.of() : List.copyOf(downMachines);
    inverseOffers = inverseOffers == null ? List.of() : List.copyOf(inverseOffers);
    answers = answers == null ? List.of() : List.copyOf(answers);
    nextInverseOfferSeq = nextInverseOfferSeq == null ? 0L : nextInverseOfferSeq;
  }

  /** An inverse offer sent and not yet answered or rescinded. */
  public record InverseOfferEntry(
      OfferId id, FrameworkId frameworkId, AgentId agentId, MachineId machineId) {}

  /** A framework's last answer to the inverse offers of a draining machine. */
  public record Answer(
      MachineId machineId,
      FrameworkId frameworkId,
      InverseOfferStatus.Status status,
      Long timestampNanos) {}

  /** The mode of {@code machine}: DOWN, DRAINING while in the schedule, else UP. */
  public MachineMode mode(MachineId machine) {
    MachineId key = machine.key();
    if (downMachines.stream().anyMatch(m -> m.key().equals(key))) {
      return MachineMode.DOWN;
    }
    return window(machine).isPresent() ? MachineMode.DRAINING : MachineMode.UP;
  }

  /** The window that schedules {@code machine} (by key). */
  public Optional<MaintenanceSchedule.Window> window(MachineId machine) {
    MachineId key = machine.key();
    return schedule.windows().stream()
        .filter(w -> w.machineIds().stream().anyMatch(m -> m.key().equals(key)))
        .findFirst();
  }

  /** Every machine of the schedule, in schedule order. */
  public List<MachineId> scheduledMachines() {
    List<MachineId> all = new ArrayList<>();
    schedule.windows().forEach(w -> all.addAll(w.machineIds()));
    return all;
  }

  /**
   * The scheduled machine an agent at {@code hostname} and {@code ip} is on, if any (see the class
   * comment for how they match).
   */
  public Optional<MachineId> machineOf(String hostname, String ip) {
    for (MachineId m : scheduledMachines()) {
      if (matches(m, hostname, ip)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the machine {@code m} is the one an agent at {@code hostname} and {@code ip} runs on.
   */
  public static boolean matches(MachineId m, String hostname, String ip) {
    if (m.nameless()) {
      return false;
    }
    boolean host =
        m.hostname() == null || m.hostname().isEmpty() || m.hostname().equalsIgnoreCase(hostname);
    boolean addr = m.ip() == null || m.ip().isEmpty() || m.ip().equals(ip);
    return host && addr;
  }

  /** The unavailability of an agent's machine, if it is scheduled (offers carry it). */
  public Optional<Unavailability> unavailabilityOf(String hostname, String ip) {
    return machineOf(hostname, ip)
        .flatMap(this::window)
        .map(MaintenanceSchedule.Window::unavailability);
  }

  /** GET_MAINTENANCE_STATUS: draining machines with their frameworks' answers, down machines. */
  public MaintenanceStatus status() {
    List<MaintenanceStatus.DrainingMachine> draining = new ArrayList<>();
    for (MachineId m : scheduledMachines()) {
      if (mode(m) != MachineMode.DRAINING) {
        continue;
      }
      List<InverseOfferStatus> statuses = new ArrayList<>();
      for (Answer a : answers) {
        if (a.machineId().key().equals(m.key())) {
          statuses.add(
              new InverseOfferStatus(
                  a.status(), a.frameworkId(), new TimeInfo(a.timestampNanos())));
        }
      }
      draining.add(new MaintenanceStatus.DrainingMachine(m, statuses));
    }
    return new MaintenanceStatus(draining, downMachines);
  }

  public Maintenance withSchedule(MaintenanceSchedule next) {
    return new Maintenance(next, downMachines, inverseOffers, answers, nextInverseOfferSeq);
  }

  public Maintenance withDownMachines(List<MachineId> next) {
    return new Maintenance(schedule, next, inverseOffers, answers, nextInverseOfferSeq);
  }

  public Maintenance withInverseOffers(List<InverseOfferEntry> next, long nextSeq) {
    return new Maintenance(schedule, downMachines, next, answers, nextSeq);
  }

  public Maintenance withAnswers(List<Answer> next) {
    return new Maintenance(schedule, downMachines, inverseOffers, next, nextInverseOfferSeq);
  }
}
