package io.mezzo.master.reservation;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.core.resources.Reservations;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.Registry;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Records the RESERVEs and UNRESERVEs of one decision on one agent into its outcome, in the order
 * they are decided: each persists the agent's dynamically reserved resources with its registry
 * entry (so a master failover keeps them), changes the agent's total and the allocator's books
 * ({@link Change.ReservationsUpdated}), and sends the agent its new checkpoint ({@link
 * AgentEvent#checkpointResources}). A scratch pad of one decision: it changes nothing itself.
 */
public final class AgentReservations {
  private static final Logger LOG = Logger.getLogger(AgentReservations.class);
  private final MasterView view;
  private final Outcome.Builder out;
  private final AgentId agentId;
  private Resources total;

  public AgentReservations(MasterView view, Outcome.Builder out, AgentEntry agent) {
    this.view = view;
    this.out = out;
    this.agentId = agent.id();
    this.total = agent.total();
  }

  /** The agent's total with the conversions recorded so far. */
  public Resources total() {
    return total;
  }

  /**
   * Records one conversion.
   *
   * @param frameworkId the framework whose allocation (in {@code role}) it converts, or null for an
   *     operator's conversion of unallocated resources
   */
  public void record(FrameworkId frameworkId, String role, Resources from, Resources to) {
    total = total.minus(from).plus(to);
    List<Resource> checkpoint = checkpoint(total);
    Registry registry = out.registryOr(view.registry());
    Registry.AdmittedAgent admitted =
        registry
            .agent(agentId)
            .orElseThrow(() -> new IllegalStateException("agent " + agentId + " is not admitted"));
    out.persist(registry.withAgent(admitted.withCheckpointedResources(checkpoint)));
    out.change(
        new Change.ReservationsUpdated(
            agentId, frameworkId, role, List.of(new Change.Conversion(from, to)), total));
    out.toAgent(agentId, AgentEvent.checkpointResources(checkpoint));
    LOG.infof(
        "agent %s: %s becomes %s%s",
        agentId, from, to, frameworkId == null ? " (operator)" : " for framework " + frameworkId);
  }

  /**
   * What an agent checkpoints of its total: its dynamic reservations and volumes, refined format.
   */
  public static List<Resource> checkpoint(Resources total) {
    return ResourceMapping.toWire(Reservations.checkpointed(total), null, true);
  }
}
