package io.mezzo.master.maintenance;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MachineId;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.offer.OfferMaker;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.TaskEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which agents run on a machine, and who holds what on them: the machine an agent is on is its
 * hostname and the IP it is reached at (the one its offers show), as in Mesos. Pure reads of a
 * {@link MasterView}.
 */
public final class MachineAgents {
  private MachineAgents() {}

  /** The IP the agent's offers show (its reported IP, else its endpoint's). */
  public static String ipOf(AgentEntry agent) {
    return OfferMaker.agentUrl(agent).address().ip();
  }

  /** The scheduled machine the agent is on, if any. */
  public static Optional<MachineId> machineOf(Maintenance m, AgentEntry agent) {
    return m.machineOf(agent.info().hostname(), ipOf(agent));
  }

  /** The registered (not gone) agents on {@code machine}, in registration order. */
  public static List<AgentEntry> on(MasterView view, MachineId machine) {
    List<AgentEntry> out = new ArrayList<>();
    for (AgentEntry a : view.agents()) {
      if (a.state() != AgentEntry.State.GONE
          && Maintenance.matches(machine, a.info().hostname(), ipOf(a))) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * The connected frameworks with something allocated on the agent: a live task or an outstanding
   * offer (Mesos asks the frameworks holding resources there, offered or used).
   */
  public static Set<FrameworkId> holders(MasterView view, AgentEntry agent) {
    Set<FrameworkId> ids = new LinkedHashSet<>();
    for (TaskEntry t : agent.tasks().values()) {
      if (!t.state().isTerminal()) {
        ids.add(t.frameworkId());
      }
    }
    for (var offerId : agent.offers()) {
      view.offer(offerId).map(OfferEntry::frameworkId).ifPresent(ids::add);
    }
    ids.removeIf(id -> view.framework(id).map(f -> !f.connected()).orElse(true));
    return ids;
  }
}
