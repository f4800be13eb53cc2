package io.mezzo.master;

import io.mezzo.api.v1.TaskStatus;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;

/**
 * Hears about the master's changes as they happen: the operator SUBSCRIBE streams, the web UI's
 * live views and internal watchers (agent drains) are observers. Register with {@link
 * Master#addObserver}.
 *
 * <p>Contract, for every method:
 *
 * <ul>
 *   <li>Called on the master's context, after the change is durable (where it has a durable part)
 *       and the whole outcome it belongs to is applied to the entries (the applier feeds observers
 *       from the outcome's change list, in order, before it sends the outcome's messages), and
 *       before the master does anything else. So an observer that took a snapshot with {@link
 *       Master#inspect} and was added in the same step misses nothing and sees nothing twice.
 *   <li>The entries are live, mutable and owned by the master: read (copy) what you need before
 *       returning, never keep them.
 *   <li>Must not block and must not call back into the {@link Master} synchronously: hand results
 *       to another thread (e.g. publish onto the Vert.x event bus) or queue work with {@link
 *       MasterState#execute}.
 *   <li>An exception is logged and otherwise ignored; it never undoes the change.
 * </ul>
 *
 * All methods default to doing nothing, so an observer overrides only what it needs.
 */
public interface MasterObserver {
  /** A framework subscribed for the first time, or was recovered from an agent's report. */
  default void frameworkAdded(FrameworkEntry framework) {}

  /** A framework re-subscribed, disconnected or was updated (UPDATE_FRAMEWORK). */
  default void frameworkUpdated(FrameworkEntry framework) {}

  /** A framework was torn down or its failover timeout expired; its tasks were already updated. */
  default void frameworkRemoved(FrameworkEntry framework) {}

  /** An agent registered, or re-registered after being unreachable or unknown (master restart). */
  default void agentAdded(AgentEntry agent) {}

  /**
   * An agent re-registered: after a broken stream, a restart of either side, or being unreachable
   * (then after {@link #agentAdded}). Its reported tasks have been merged. REGISTERED goes out with
   * the outcome's messages, after observers are fed, and agents ignore commands that come before
   * it: commands for a re-registering agent belong in the registrar's outcome (it sends a draining
   * agent's kills), not in an observer.
   */
  default void agentReregistered(AgentEntry agent) {}

  /** An agent became unreachable or was marked gone; its tasks were already updated. */
  default void agentRemoved(AgentEntry agent) {}

  /** A task was launched (TASK_STAGING) or first reported by a re-registering agent. */
  default void taskAdded(TaskEntry task) {}

  /** A task's state changed; {@code status} is the update that changed it. */
  default void taskUpdated(TaskEntry task, TaskStatus status) {}
}
