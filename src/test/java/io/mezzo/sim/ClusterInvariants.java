package io.mezzo.sim;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.MasterState;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.AgentEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The invariants checked after every step ({@link #afterStep}) and once the cluster is healed and
 * quiet ({@link #atEnd}); each problem is reported to {@link SimCluster#fail} with what was seen.
 * The leader and update-ledger invariants are checked as events happen, in {@link SimCluster} and
 * {@link UpdateLedger}.
 */
final class ClusterInvariants {
  private final SimCluster cluster;

  ClusterInvariants(SimCluster cluster) {
    this.cluster = cluster;
  }

  /** One agent as a master accounts for it. */
  private record AgentView(
      AgentId id, AgentEntry.State state, Resources total, Resources offered, Resources used) {}

  private record OfferView(String offer, AgentId agent, boolean agentKnown) {}

  private record MasterView(List<AgentView> agents, List<OfferView> offers) {}

  private static MasterView view(MasterState s) {
    List<AgentView> agents = new ArrayList<>();
    for (AgentEntry a : s.agents().values()) {
      Resources offered = Resources.empty();
      for (OfferEntry o : s.offers().values()) {
        if (o.agentId().equals(a.id())) {
          offered = offered.plus(o.resources());
        }
      }
      agents.add(new AgentView(a.id(), a.state(), a.total(), offered, a.used()));
    }
    List<OfferView> offers = new ArrayList<>();
    for (OfferEntry o : s.offers().values()) {
      offers.add(new OfferView(o.id().value(), o.agentId(), s.agents().containsKey(o.agentId())));
    }
    return new MasterView(agents, offers);
  }

  /** No resource offered twice or while allocated, by each live master's books and by the truth. */
  void afterStep() {
    for (SimCluster.SimMaster m : cluster.masters) {
      Optional<MasterView> seen = cluster.inspect(m, ClusterInvariants::view);
      if (seen.isEmpty()) {
        continue;
      }
      for (OfferView o : seen.get().offers()) {
        if (!o.agentKnown()) {
          cluster.fail(m.node + " holds offer " + o.offer() + " on unknown agent " + o.agent());
        }
      }
      for (AgentView a : seen.get().agents()) {
        Resources booked = a.offered().plus(a.used());
        if (!a.total().contains(booked)) {
          cluster.fail(
              "offered + allocated <= total: "
                  + m.node
                  + " books agent "
                  + a.id().value()
                  + " with offered "
                  + a.offered()
                  + " + used "
                  + a.used()
                  + " > total "
                  + a.total());
        }
        if (a.offered().isEmpty()) {
          continue;
        }
        Resources running = Resources.empty();
        SimHost host = cluster.hostOf(a.id()).orElse(null);
        if (host != null) {
          for (ScriptedContainerizer.Container c : host.containerizer.running()) {
            running = running.plus(c.resources);
          }
        }
        if (!a.total().contains(a.offered().plus(running))) {
          cluster.fail(
              "no resource offered while allocated: "
                  + m.node
                  + " offers "
                  + a.offered()
                  + " of agent "
                  + a.id().value()
                  + " ("
                  + a.state()
                  + ") while its containers really use "
                  + running
                  + " of "
                  + a.total());
        }
      }
    }
  }

  /**
   * After healing and a quiet spell, then an explicit reconciliation by every framework: each
   * framework is subscribed, each agent registered, each task the framework launched is known in
   * its true state (running if a container runs it, terminal otherwise), and every update an agent
   * sent has been acknowledged to it.
   */
  void atEnd() {
    for (SimHost h : cluster.hosts) {
      if (!h.up() || !h.registered()) {
        cluster.fail("liveness: agent " + h.node + " is not registered after healing");
      }
    }
    for (SimFramework f : cluster.frameworks) {
      if (!f.subscribed()) {
        cluster.fail("liveness: framework " + f.node + " is not subscribed after healing");
        continue;
      }
      for (Map.Entry<TaskId, SimFramework.Known> e : f.tasks.entrySet()) {
        checkTask(f, e.getKey(), e.getValue());
      }
    }
    for (String lost : cluster.ledger().unacknowledged()) {
      cluster.fail("no unacknowledged update lost: " + lost + " was never acknowledged");
    }
  }

  private void checkTask(SimFramework f, TaskId task, SimFramework.Known known) {
    boolean running = false;
    String where = "no agent ran it";
    for (SimHost h : cluster.hosts) {
      Optional<ScriptedContainerizer.Container> c = h.containerizer.lastOf(task);
      if (c.isPresent()) {
        running |= c.get().running();
        where = h.node + (c.get().running() ? " runs it" : " ran it");
      }
    }
    TaskState state = known.state;
    boolean over = state != null && (state.isTerminal() || state == TaskState.TASK_UNKNOWN);
    if (running && state != TaskState.TASK_RUNNING) {
      cluster.fail(
          "every task reconciled to its true state: "
              + f.node
              + " believes "
              + task.value()
              + " is "
              + state
              + " but "
              + where);
    } else if (!running && !over) {
      cluster.fail(
          "every launched task ends terminal or reconciled: "
              + f.node
              + " believes "
              + task.value()
              + " is "
              + state
              + " but "
              + where
              + " and it is not running");
    }
  }
}
