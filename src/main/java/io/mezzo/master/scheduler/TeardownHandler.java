package io.mezzo.master.scheduler;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.master.CallResult;
import io.mezzo.master.MasterMetrics.Counter;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.Change.OfferRemoved.Why;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Removes a framework (TEARDOWN, or its failover timeout expired): the removal is made durable,
 * then its offers go back, its agents are told to shut it down, and its tasks end TASK_KILLED with
 * REASON_FRAMEWORK_REMOVED. A decider: returns an {@link Outcome}.
 */
public final class TeardownHandler {
  private static final Logger LOG = Logger.getLogger(TeardownHandler.class);

  /**
   * Removed frameworks remembered durably, so their ids cannot come back (Mesos keeps them in
   * memory only).
   */
  static final int MAX_REMOVED_IN_REGISTRY = 1000;

  public Outcome teardown(MasterView view, FrameworkEntry fw) {
    return remove(view, fw, "torn down by the framework")
        .count(Counter.MESSAGES_UNREGISTER_FRAMEWORK)
        .reply(CallResult.ACCEPTED);
  }

  /** The framework's failover timeout expired: removed unless it re-subscribed meanwhile. */
  public Outcome failoverExpired(MasterView view, FrameworkId id) {
    FrameworkEntry fw = view.framework(id).orElse(null);
    if (fw == null || fw.state() != FrameworkEntry.State.DISCONNECTED) {
      return Outcome.none();
    }
    LOG.infof("framework %s did not re-subscribe within its failover timeout", id);
    return remove(view, fw, "failover timeout expired").reply(CallResult.ACCEPTED);
  }

  /**
   * The removal of {@code fw} for {@code why}, for the caller to finish with its reply (also used
   * by the operator's TEARDOWN).
   */
  public Outcome.Builder remove(MasterView view, FrameworkEntry fw, String why) {
    Outcome.Builder out =
        Outcome.builder()
            .persist(
                view.registry()
                    .withFramework(new Registry.KnownFramework(fw.info(), true))
                    .pruneRemoved(MAX_REMOVED_IN_REGISTRY));
    for (OfferId id : fw.offers()) {
      view.offer(id).ifPresent(o -> out.returnOffer(o, Why.RETURNED, null));
    }
    Set<AgentId> agents = new LinkedHashSet<>();
    for (TaskEntry task : fw.tasks().values()) {
      agents.add(task.agentId());
      if (!task.state().isTerminal()) {
        TaskStatus killed =
            view.masterStatus(
                task,
                TaskState.TASK_KILLED,
                TaskStatus.Reason.REASON_FRAMEWORK_REMOVED,
                "Framework " + fw.id() + " removed: " + why);
        // The allocator gets the framework's resources back wholesale when it is removed.
        out.change(new Change.TaskUpdated(task.key(), killed, false));
      }
      out.change(new Change.TaskCompleted(task.key()));
    }
    agents.forEach(a -> out.toAgent(a, AgentEvent.shutdownFramework(fw.id())));
    return out.change(new Change.FrameworkRemoved(fw.id(), why)).allocate();
  }
}
