package io.mezzo.master.maintenance;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.MachineId;
import io.mezzo.api.v1.Unavailability;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.MaintenanceSchedule;
import io.mezzo.master.CallResult;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.TaskEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * UPDATE_MAINTENANCE_SCHEDULE, START_MAINTENANCE and STOP_MAINTENANCE (operator-http-api.md,
 * maintenance.md), as deciders: bad input is a 400 with Mesos's message and changes nothing; a
 * change is durable (the registry's {@link Maintenance}) before anything is said.
 *
 * <ul>
 *   <li>A schedule puts its machines in DRAINING (modes in {@link MachineMode}): offers of their
 *       agents carry the window's unavailability (outstanding ones are rescinded so that the next
 *       ones do) and holders of resources there get inverse offers ({@link InverseOffers}).
 *   <li>START_MAINTENANCE (a DRAINING machine goes DOWN): its agents get no more offers (the
 *       outstanding ones are rescinded), their tasks are killed, their inverse offers rescinded;
 *       while DOWN they may not register again. Mesos removes such agents and shuts them down;
 *       Mezzo keeps them registered and idle, so STOP_MAINTENANCE can bring them straight back.
 *   <li>STOP_MAINTENANCE (a DOWN machine comes UP): it leaves the schedule and its agents are
 *       offered again (unless an operator deactivated them).
 * </ul>
 */
public final class MaintenanceHandler {
  private static final Logger LOG = Logger.getLogger(MaintenanceHandler.class);
  static final String DOWN_REASON = "machine is DOWN for maintenance";

  public Outcome update(MasterView view, Call.UpdateMaintenanceSchedule call) {
    if (call == null || call.schedule() == null) {
      return bad("Expecting 'update_maintenance_schedule.schedule' to be present");
    }
    Maintenance now = view.registry().maintenance();
    MaintenanceSchedule next = call.schedule();
    Optional<String> problem = ScheduleValidation.schedule(next, now);
    if (problem.isPresent()) {
      return bad(problem.get());
    }
    Maintenance after = now.withSchedule(next);
    // Machines that left, joined or got another unavailability: their offers and inverse offers
    // are made again so that they say what is now planned.
    Set<MachineId> changed = new HashSet<>();
    for (MachineId m : now.scheduledMachines()) {
      if (!Objects.equals(unavailability(now, m), unavailability(after, m))) {
        changed.add(m);
      }
    }
    for (MachineId m : after.scheduledMachines()) {
      if (!Objects.equals(unavailability(now, m), unavailability(after, m))) {
        changed.add(m);
      }
    }
    Outcome.Builder out = Outcome.builder();
    after = InverseOffers.rescind(out, after, changed);
    for (MachineId m : changed) {
      for (AgentEntry agent : MachineAgents.on(view, m)) {
        agent.offers().forEach(id -> view.offer(id).ifPresent(out::rescind));
      }
    }
    after = InverseOffers.send(view, out, after);
    LOG.infof(
        "maintenance schedule updated: %d window(s), %d machine(s) changed",
        next.windows().size(), changed.size());
    return out.persist(view.registry().withMaintenance(after)).allocate().reply(CallResult.OK);
  }

  public Outcome start(MasterView view, Call.Machines call) {
    List<MachineId> ids = call == null ? null : call.machines();
    Optional<String> problem = ScheduleValidation.machines(ids);
    if (problem.isPresent()) {
      return bad(problem.get());
    }
    Maintenance now = view.registry().maintenance();
    for (MachineId id : ids) {
      if (now.window(id).isEmpty()) {
        return bad("Machine '" + id.describe() + "' is not part of a maintenance schedule");
      }
      if (now.mode(id) != MachineMode.DRAINING) {
        return bad(
            "Machine '" + id.describe() + "' is not in DRAINING mode and cannot be brought down");
      }
    }
    List<MachineId> down = new ArrayList<>(now.downMachines());
    ids.forEach(id -> down.add(now.window(id).flatMap(w -> scheduled(w, id)).orElse(id)));
    Outcome.Builder out = Outcome.builder();
    Maintenance after = InverseOffers.rescind(out, now.withDownMachines(down), Set.copyOf(ids));
    out.persist(view.registry().withMaintenance(after));
    for (MachineId id : ids) {
      for (AgentEntry agent : MachineAgents.on(view, id)) {
        out.change(new Change.AgentDeactivated(agent.id(), DOWN_REASON));
        agent.offers().forEach(o -> view.offer(o).ifPresent(out::rescind));
        killTasks(out, agent);
      }
      LOG.infof("machine %s is DOWN for maintenance", id.describe());
    }
    return out.reply(CallResult.OK);
  }

  public Outcome stop(MasterView view, Call.Machines call) {
    List<MachineId> ids = call == null ? null : call.machines();
    Optional<String> problem = ScheduleValidation.machines(ids);
    if (problem.isPresent()) {
      return bad(problem.get());
    }
    Maintenance now = view.registry().maintenance();
    Set<MachineId> keys = new HashSet<>();
    for (MachineId id : ids) {
      if (now.window(id).isEmpty()) {
        return bad("Machine '" + id.describe() + "' is not part of a maintenance schedule");
      }
      if (now.mode(id) != MachineMode.DOWN) {
        return bad("Machine '" + id.describe() + "' is not in DOWN mode and cannot be brought up");
      }
      keys.add(id.key());
    }
    List<MachineId> down = new ArrayList<>(now.downMachines());
    down.removeIf(m -> keys.contains(m.key()));
    List<MaintenanceSchedule.Window> windows = new ArrayList<>();
    for (MaintenanceSchedule.Window w : now.schedule().windows()) {
      List<MachineId> left = new ArrayList<>(w.machineIds());
      left.removeIf(m -> keys.contains(m.key()));
      if (!left.isEmpty()) {
        windows.add(new MaintenanceSchedule.Window(left, w.unavailability()));
      }
    }
    Maintenance after = now.withDownMachines(down).withSchedule(new MaintenanceSchedule(windows));
    Outcome.Builder out = Outcome.builder().persist(view.registry().withMaintenance(after));
    for (MachineId id : ids) {
      for (AgentEntry agent : MachineAgents.on(view, id)) {
        if (!view.registry().agentControl(agent.id()).stopsOffers()) {
          out.change(new Change.AgentReactivated(agent.id(), "machine is UP after maintenance"));
        }
      }
      LOG.infof("machine %s is UP after maintenance", id.describe());
    }
    return out.allocate().reply(CallResult.OK);
  }

  /**
   * Why an agent at {@code hostname} and {@code ip} may not register (or be reactivated) now: its
   * machine is DOWN (Mesos refuses its registration). Empty when it may.
   */
  public static Optional<String> registrationRefusal(Maintenance m, String hostname, String ip) {
    for (MachineId down : m.downMachines()) {
      if (Maintenance.matches(down, hostname, ip)) {
        return Optional.of(
            "Agent on machine '"
                + down.describe()
                + "' may not register while the machine is DOWN for maintenance;"
                + " bring it up with STOP_MAINTENANCE (POST /machine/up)");
      }
    }
    return Optional.empty();
  }

  private static void killTasks(Outcome.Builder out, AgentEntry agent) {
    if (agent.state() != AgentEntry.State.CONNECTED) {
      return;
    }
    for (TaskEntry t : agent.tasks().values()) {
      if (!t.state().isTerminal()) {
        out.toAgent(
            agent.id(), AgentEvent.killTask(t.frameworkId(), t.taskId(), t.info().killPolicy()));
      }
    }
  }

  /** The machine id as the schedule spells it (the key matches, the case may differ). */
  private static Optional<MachineId> scheduled(MaintenanceSchedule.Window w, MachineId id) {
    return w.machineIds().stream().filter(m -> m.key().equals(id.key())).findFirst();
  }

  private static Unavailability unavailability(Maintenance m, MachineId id) {
    return m.window(id).map(MaintenanceSchedule.Window::unavailability).orElse(null);
  }

  private static Outcome bad(String message) {
    return Outcome.reply(CallResult.badRequest(message));
  }
}
