package io.mezzo.master;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.master.change.Change;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.ExecutorEntry;
import io.mezzo.master.registry.FrameworkEntry;
import org.jboss.logging.Logger;

/**
 * The applier's part for executors: each method changes the agent's executor book at once and
 * returns the allocator feed, which the {@link Applier} runs after every change of the outcome is
 * booked. Executors live only in their agent's entry (one index, nothing to keep in step). Owned by
 * the master's context.
 */
final class ExecutorChanges {
  private static final Logger LOG = Logger.getLogger(ExecutorChanges.class);
  private final MasterState state;

  ExecutorChanges(MasterState state) {
    this.state = state;
  }

  Runnable added(Change.ExecutorAdded c) {
    AgentEntry agent = state.agents().get(c.agentId());
    FrameworkEntry fw = state.frameworks().get(c.frameworkId());
    if (agent == null || fw == null) {
      LOG.warnf("change skipped, its agent or framework is gone: %s", c);
      return () -> {};
    }
    ExecutorEntry entry =
        new ExecutorEntry(
            c.frameworkId(), c.agentId(), c.info().withFrameworkId(c.frameworkId()), c.resources());
    agent.executors().put(entry.key(), entry);
    LOG.infof(
        "executor %s of framework %s on agent %s uses %s",
        entry.executorId(), c.frameworkId(), c.agentId(), c.resources());
    return () -> {};
  }

  Runnable removed(Change.ExecutorRemoved c) {
    AgentEntry agent = state.agents().get(c.agentId());
    ExecutorEntry entry =
        agent == null
            ? null
            : agent.executors().remove(new ExecutorEntry.Key(c.frameworkId(), c.executorId()));
    if (entry == null) {
      LOG.debugf("executor %s on agent %s already gone", c.executorId(), c.agentId());
      return () -> {};
    }
    FrameworkEntry fw = state.frameworks().get(c.frameworkId());
    boolean inAllocator =
        fw != null
            && fw.state() != FrameworkEntry.State.REMOVED
            && (agent.state() == AgentEntry.State.CONNECTED
                || agent.state() == AgentEntry.State.DISCONNECTED);
    return () -> {
      if (c.recoverResources() && inAllocator && !entry.resources().isEmpty()) {
        state
            .allocator()
            .recoverResources(
                c.frameworkId().value(), c.agentId().value(), entry.resources(), null, state.now());
        state.requestAllocation();
      }
    };
  }

  /**
   * A removed framework's executors leave every agent; the allocator dropped its allocations
   * wholesale when it removed the framework.
   */
  void frameworkRemoved(FrameworkId id) {
    for (AgentEntry agent : state.agents().values()) {
      agent.executors().keySet().removeIf(k -> k.frameworkId().equals(id));
    }
  }

  /**
   * The agent left the allocator (unreachable, gone) or re-registers: what the master knew of its
   * executors is dropped (the allocator dropped their allocations with the agent). A re-registering
   * agent is the authority on what runs on it: the outcome's {@link Change.ExecutorAdded}s rebuild
   * its book.
   */
  void agentLeft(AgentEntry agent) {
    agent.executors().clear();
  }
}
