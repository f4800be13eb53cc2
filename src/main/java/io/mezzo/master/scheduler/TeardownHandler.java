package io.mezzo.master.scheduler;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.MasterState;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Removes a framework (TEARDOWN, or its failover timeout expired): the removal is made durable,
 * then its offers go back, its agents are told to shut it down, and its tasks end TASK_KILLED with
 * REASON_FRAMEWORK_REMOVED.
 */
public final class TeardownHandler {
  private static final Logger LOG = Logger.getLogger(TeardownHandler.class);

  /**
   * Removed frameworks remembered durably, so their ids cannot come back (Mesos keeps them in
   * memory only).
   */
  static final int MAX_REMOVED_IN_REGISTRY = 1000;

  private final MasterState state;

  public TeardownHandler(MasterState state) {
    this.state = state;
  }

  public CallResult teardown(FrameworkEntry fw) {
    state.metrics().increment(Counter.MESSAGES_UNREGISTER_FRAMEWORK);
    remove(fw, "torn down by the framework");
    return CallResult.ACCEPTED;
  }

  public void remove(FrameworkEntry fw, String why) {
    state.saveRegistry(
        state
            .registry()
            .current()
            .withFramework(new Registry.KnownFramework(fw.info(), true))
            .pruneRemoved(MAX_REMOVED_IN_REGISTRY));
    for (var offerId : new ArrayList<>(fw.offers())) {
      OfferEntry offer = state.takeOffer(offerId);
      if (offer != null) {
        state.returnOffer(offer, null);
      }
    }
    Set<AgentId> agents = new LinkedHashSet<>();
    for (TaskEntry task : new ArrayList<>(fw.tasks().values())) {
      agents.add(task.agentId());
      task.markResourcesRecovered(); // removeFramework below returns them all at once
      if (!task.state().isTerminal()) {
        TaskStatus killed =
            state.masterStatus(
                task,
                TaskState.TASK_KILLED,
                TaskStatus.Reason.REASON_FRAMEWORK_REMOVED,
                "Framework " + fw.id() + " removed: " + why);
        task.record(killed);
        state.observers().taskUpdated(task, killed);
      }
      state.completeTask(task);
    }
    agents.forEach(a -> state.sendToAgent(a, AgentEvent.shutdownFramework(fw.id())));
    state.allocator().removeFramework(fw.id().value());
    fw.markRemoved(state.now());
    state.frameworks().remove(fw.id());
    state.completedFrameworks().addLast(fw);
    while (state.completedFrameworks().size() > state.config().maxCompletedFrameworks()) {
      state.completedFrameworks().removeFirst();
    }
    state.observers().frameworkRemoved(fw);
    state.requestAllocation();
    LOG.infof("framework %s removed: %s", fw.id(), why);
  }
}
