package io.mezzo.master;

import io.mezzo.master.change.Change;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import io.mezzo.master.scheduler.OfferFilterRules;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The applier's part for agent registration: each method changes the books at once and returns the
 * allocator and observer feed, which the {@link Applier} runs after every change of the outcome is
 * booked. Owned by the master's context.
 */
final class AgentChanges {
  private static final Logger LOG = Logger.getLogger(AgentChanges.class);
  private final MasterState state;

  AgentChanges(MasterState state) {
    this.state = state;
  }

  Runnable added(Change.AgentAdded c) {
    if (state.agents().containsKey(c.info().id())) {
      throw new IllegalStateException("cannot add agent " + c.info().id() + ": already known");
    }
    AgentEntry agent =
        new AgentEntry(c.info().id(), c.info(), c.total(), c.endpoint(), state.now());
    agent.connect(c.channel(), c.info(), c.total(), c.endpoint(), state.now(), false);
    agent.version(c.version());
    agent.ip(c.ip());
    state.agents().put(agent.id(), agent);
    return () -> {
      state.allocator().addAgent(agent.id().value(), agent.total(), Map.of());
      state.observers().agentAdded(agent);
    };
  }

  Runnable reregistered(Change.AgentReregistered c) {
    AgentEntry agent = state.agents().get(c.info().id());
    boolean wasInAllocator =
        agent != null
            && agent.state() != AgentEntry.State.UNREACHABLE
            && agent.state() != AgentEntry.State.GONE;
    if (agent == null) {
      agent = new AgentEntry(c.info().id(), c.info(), c.total(), c.endpoint(), state.now());
      state.agents().put(agent.id(), agent);
    }
    agent.version(c.version());
    agent.ip(c.ip());
    agent.deactivated(c.deactivated());
    agent.connect(c.channel(), c.info(), c.total(), c.endpoint(), state.now(), true);
    AgentEntry booked = agent;
    return () -> {
      // It re-joins with its merged tasks' resources in use (AgentRejoined), not with the old ones.
      if (wasInAllocator) {
        state.allocator().removeAgent(booked.id().value());
      } else {
        // Operators see an agent come back only when the master had let it go (or never knew it).
        state.observers().agentAdded(booked);
      }
    };
  }

  Runnable frameworkRecovered(Change.FrameworkRecovered c) {
    FrameworkEntry fw =
        new FrameworkEntry(c.info().id(), c.info(), FrameworkEntry.State.RECOVERED, state.now());
    state.frameworkBook().add(fw);
    return () -> {
      Set<String> roles = new LinkedHashSet<>(fw.info().effectiveRoles());
      state.allocator().addFramework(fw.id().value(), roles, Set.of(), false);
      state.allocator().setOfferFilters(fw.id().value(), OfferFilterRules.minimums(fw.info()));
      state
          .allocator()
          .reservationRefinement(
              fw.id().value(),
              fw.info()
                  .hasCapability(
                      io.mezzo.api.v1.FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT));
      state.observers().frameworkAdded(fw);
    };
  }

  Runnable rejoined(Change.AgentRejoined c) {
    AgentEntry agent = state.agents().get(c.id());
    if (agent == null) {
      LOG.warnf("change skipped, its agent is gone: %s", c);
      return () -> {};
    }
    return () -> {
      // Read at feed time: every task and executor change of the outcome is booked and fed by now.
      Map<String, io.mezzo.core.resources.Resources> used = new HashMap<>();
      for (TaskEntry t : agent.tasks().values()) {
        if (!t.state().isTerminal()) {
          used.merge(t.frameworkId().value(), t.resources(), (a, b) -> a.plus(b));
        }
      }
      agent
          .executors()
          .values()
          .forEach(e -> used.merge(e.frameworkId().value(), e.resources(), (a, b) -> a.plus(b)));
      state.allocator().addAgent(agent.id().value(), agent.total(), used);
      if (agent.deactivated()) {
        state.allocator().deactivateAgent(agent.id().value());
      }
      state.observers().agentReregistered(agent);
    };
  }
}
