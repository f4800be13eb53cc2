package io.mezzo.master;

import io.mezzo.master.change.Change;
import io.mezzo.master.registry.AgentEntry;
import org.jboss.logging.Logger;

/**
 * How the applier applies the operator's agent controls (deactivate, reactivate, gone): the entry
 * first, then the allocator and the observers, as for every change. Kept apart from {@link Applier}
 * so that class stays about the loop, not each change.
 */
final class AgentControlChanges {
  private static final Logger LOG = Logger.getLogger(AgentControlChanges.class);
  private final MasterState state;

  AgentControlChanges(MasterState state) {
    this.state = state;
  }

  Runnable deactivated(Change.AgentDeactivated c) {
    AgentEntry agent = state.agent(c.id()).orElse(null);
    if (agent == null) {
      return skipped(c);
    }
    agent.deactivated(true);
    LOG.infof("agent %s deactivated: %s", agent.id(), c.reason());
    // Idempotent in the allocator: a drain of an already deactivated agent lands here too.
    return () -> state.allocator().deactivateAgent(agent.id().value());
  }

  Runnable reactivated(Change.AgentReactivated c) {
    AgentEntry agent = state.agent(c.id()).orElse(null);
    if (agent == null) {
      return skipped(c);
    }
    boolean wasDeactivated = agent.deactivated();
    agent.deactivated(false);
    LOG.infof("agent %s reactivated: %s", agent.id(), c.reason());
    if (!wasDeactivated || agent.state() != AgentEntry.State.CONNECTED) {
      // A disconnected agent stays out of the allocator until it re-registers.
      return () -> {};
    }
    return () -> state.allocator().activateAgent(agent.id().value());
  }

  Runnable gone(Change.AgentGone c) {
    AgentEntry agent = state.agent(c.id()).orElse(null);
    if (agent == null || agent.state() == AgentEntry.State.GONE) {
      return skipped(c);
    }
    boolean inAllocator =
        agent.state() == AgentEntry.State.CONNECTED
            || agent.state() == AgentEntry.State.DISCONNECTED;
    agent.markGone();
    LOG.warnf("agent %s %s", agent.id(), c.reason());
    return () -> {
      if (inAllocator) {
        state.allocator().removeAgent(agent.id().value());
      }
      state.observers().agentRemoved(agent);
    };
  }

  private static Runnable skipped(Change c) {
    LOG.warnf("change skipped, its agent is gone: %s", c);
    return () -> {};
  }
}
