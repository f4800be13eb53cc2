package io.mezzo.master.change;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.agents.AgentChannel;
import io.mezzo.master.quota.QuotaConfig;
import io.mezzo.master.registry.TaskEntry.TaskKey;
import io.mezzo.master.scheduler.FrameworkStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One in-memory state change a decider asks for, as data (Kafka KRaft's records). The master's
 * applier applies an {@link Outcome}'s changes in order, after its registry change is durable:
 * first to the books (which keep every cross-index in step), then to the allocator and the
 * observers. A change names what it touches by id; one whose framework, agent, task or offer is
 * gone by the time it is applied is skipped and logged, never half-applied.
 *
 * <p>Changes that start a timer carry the {@link Decider} to run when it fires; the applier
 * schedules it on the master's context and keeps the timer with the entry, so removing the entry
 * cancels it.
 */
public sealed interface Change {

  // ---- frameworks --------------------------------------------------------------------------

  /**
   * A framework subscribed for the first time (or first since a master restart): it gets an entry,
   * connected to {@code stream}, and joins the allocator active.
   */
  record FrameworkAdded(FrameworkInfo info, FrameworkStream stream, Set<String> suppressedRoles)
      implements Change {
    public FrameworkAdded {
      Objects.requireNonNull(info.id(), "a framework is added with its id");
      suppressedRoles = Set.copyOf(suppressedRoles);
    }
  }

  /** A known framework failed over onto {@code stream} with {@code info} (already merged). */
  record FrameworkResubscribed(
      FrameworkId id, FrameworkInfo info, FrameworkStream stream, Set<String> suppressedRoles)
      implements Change {
    public FrameworkResubscribed {
      suppressedRoles = Set.copyOf(suppressedRoles);
    }
  }

  /** UPDATE_FRAMEWORK: new info and suppressed roles for a connected framework. */
  record FrameworkUpdated(FrameworkId id, FrameworkInfo info, Set<String> suppressedRoles)
      implements Change {
    public FrameworkUpdated {
      suppressedRoles = Set.copyOf(suppressedRoles);
    }
  }

  /**
   * The framework's stream closed: it leaves the allocator's active set, and {@code onExpiry} runs
   * after {@code failoverTimeout} unless it re-subscribes first.
   */
  record FrameworkDisconnected(FrameworkId id, Duration failoverTimeout, Decider onExpiry)
      implements Change {}

  /**
   * The framework is removed (its tasks and offers were dealt with by earlier changes of the same
   * outcome); it moves to the completed frameworks and leaves the allocator.
   */
  record FrameworkRemoved(FrameworkId id, String reason) implements Change {}

  /** SUPPRESS: no offers for these roles of the framework until revived. */
  record RolesSuppressed(FrameworkId id, Set<String> roles) implements Change {
    public RolesSuppressed {
      roles = Set.copyOf(roles);
    }
  }

  /** REVIVE: offers again for these roles, and their refuse filters are cleared. */
  record RolesRevived(FrameworkId id, Set<String> roles) implements Change {
    public RolesRevived {
      roles = Set.copyOf(roles);
    }
  }

  // ---- agents ------------------------------------------------------------------------------

  /** The agent sent a heartbeat: its missed pings reset. */
  record AgentHeartbeat(AgentId id) implements Change {}

  /** A ping period passed without a heartbeat from the agent. */
  record AgentMissedPing(AgentId id) implements Change {}

  /**
   * The agent's {@code channel} closed while it was its current one: no offers for the agent until
   * it re-subscribes.
   */
  record AgentDisconnected(AgentId id, AgentChannel channel) implements Change {}

  /**
   * The agent is unreachable (its tasks and offers were dealt with by earlier changes of the same
   * outcome): its channel closes and it leaves the allocator.
   */
  record AgentUnreachable(AgentId id, String reason) implements Change {}

  // ---- tasks -------------------------------------------------------------------------------

  /** A task was launched: it enters its framework's and its agent's books in TASK_STAGING. */
  record TaskAdded(
      FrameworkId frameworkId, AgentId agentId, TaskInfo info, Resources resources, String role)
      implements Change {}

  /**
   * A task's state changed to {@code status}. A terminal status returns the task's resources to the
   * allocator when {@code recoverResources}; false when an outcome returns them wholesale
   * (framework removal). Terminal transitions are counted ({@code master/tasks_*}).
   */
  record TaskUpdated(TaskKey key, TaskStatus status, boolean recoverResources) implements Change {}

  /** The framework acknowledged the task's pending update. */
  record TaskAcknowledged(TaskKey key) implements Change {}

  /** The (terminal) task leaves its agent and moves to its framework's completed tasks. */
  record TaskCompleted(TaskKey key) implements Change {}

  /**
   * A task that never existed ended at once: TASK_ERROR for an invalid task, TASK_DROPPED for one
   * sent with invalid offers. Nothing is booked, but it is counted as Mesos counts it.
   */
  record TaskRejected(FrameworkId frameworkId, TaskStatus status) implements Change {}

  // ---- executors ---------------------------------------------------------------------------

  /**
   * A custom or default executor starts on the agent with its first task (or is reported by a
   * re-registering agent): it is booked there, and {@code resources} stay allocated to the
   * framework (the accept that launched it does not recover them) until an {@link ExecutorRemoved}.
   */
  record ExecutorAdded(
      FrameworkId frameworkId, AgentId agentId, ExecutorInfo info, Resources resources)
      implements Change {}

  /**
   * The agent reported the executor exited: it leaves the agent's books and, when {@code
   * recoverResources}, its resources go back to the allocator.
   */
  record ExecutorRemoved(
      FrameworkId frameworkId, AgentId agentId, ExecutorId executorId, boolean recoverResources)
      implements Change {}

  // ---- offers ------------------------------------------------------------------------------

  /**
   * An offer is made. {@code id} must be the view's {@link MasterView#offerId(int)} in order.
   * {@code onTimeout} runs after {@code timeout} (null for none) unless the offer is gone by then.
   */
  record OfferCreated(
      OfferId id,
      FrameworkId frameworkId,
      AgentId agentId,
      String role,
      Resources resources,
      Duration timeout,
      Decider onTimeout)
      implements Change {}

  /**
   * An offer leaves the books. Its resources go back only through a {@link ResourcesRecovered} of
   * the same outcome (what an accept did not use, a decline with its filter, a rescind).
   */
  record OfferRemoved(OfferId id, Why why) implements Change {
    /** Why an offer went away, for the log and the rescind counter. */
    public enum Why {
      USED,
      DECLINED,
      RETURNED,
      RESCINDED
    }
  }

  /**
   * Resources allocated to the framework on the agent go back to the allocator, with a refuse
   * filter when {@code refuse} is not null (see {@code Allocator#recoverResources}).
   */
  record ResourcesRecovered(
      FrameworkId frameworkId, AgentId agentId, Resources resources, Duration refuse)
      implements Change {}

  // ---- quota -------------------------------------------------------------------------------

  /** The roles' quotas became {@code quotas} (by role; a role not in it has none). */
  record QuotasUpdated(Map<String, QuotaConfig> quotas) implements Change {
    public QuotasUpdated {
      quotas = Map.copyOf(quotas);
    }
  }

  /**
   * A RESERVE or UNRESERVE took effect on the agent (its registry entry already holds the new
   * reservations): the agent's total becomes {@code total}, and the allocator trades each
   * conversion's {@code from} for its {@code to}, in order, in the allocation of {@code
   * frameworkId} in {@code role} (a framework's ACCEPT) or in the agent's unallocated resources
   * ({@code frameworkId} null: an operator's call).
   */
  record ReservationsUpdated(
      AgentId agentId,
      FrameworkId frameworkId,
      String role,
      java.util.List<Conversion> conversions,
      Resources total)
      implements Change {
    public ReservationsUpdated {
      conversions = java.util.List.copyOf(conversions);
    }
  }

  /** One RESERVE or UNRESERVE: {@code from} becomes {@code to} (same amounts, other stacks). */
  record Conversion(Resources from, Resources to) {}

  // ---- operator agent controls -------------------------------------------------------------

  /**
   * DEACTIVATE_AGENT or a drain: no offers for the agent (its outstanding ones are rescinded by
   * other changes of the same outcome); its tasks keep running.
   */
  record AgentDeactivated(AgentId id, String reason) implements Change {}

  /**
   * REACTIVATE_AGENT: offers for the agent resume, if it is connected (a disconnected one rejoins
   * the allocator when it re-registers).
   */
  record AgentReactivated(AgentId id, String reason) implements Change {}

  /**
   * MARK_AGENT_GONE (or a drain with {@code mark_gone} ending): the agent never comes back with
   * this id. Its tasks and offers were dealt with by earlier changes of the same outcome; it leaves
   * the allocator. Its channel stays open for the outcome's last messages to it, and is closed by a
   * {@link Message.CloseAgent} after them.
   */
  record AgentGone(AgentId id, String reason) implements Change {}

  // ---- agent registration ------------------------------------------------------------------

  /**
   * A new agent was admitted as {@code info} (with its new id): it gets an entry connected to
   * {@code channel} and joins the allocator with nothing in use.
   */
  record AgentAdded(
      AgentInfo info,
      Resources total,
      String endpoint,
      String ip,
      String version,
      AgentChannel channel)
      implements Change {
    public AgentAdded {
      Objects.requireNonNull(info.id(), "an agent is added with its id");
    }
  }

  /**
   * An agent with an id re-subscribed on {@code channel} (after a broken stream, a restart of
   * either side, or being unreachable): its entry (a new one when the master did not know it)
   * connects, and it leaves the allocator until the {@link AgentRejoined} that ends the same
   * outcome, once its reported tasks are merged. Observers hear {@code agentAdded} when the master
   * had let it go or never knew it.
   */
  record AgentReregistered(
      AgentInfo info,
      Resources total,
      String endpoint,
      String ip,
      String version,
      AgentChannel channel,
      boolean deactivated)
      implements Change {
    public AgentReregistered {
      Objects.requireNonNull(info.id(), "an agent re-registers with its id");
    }
  }

  /**
   * A re-registering agent reported tasks of a framework the master does not know (a master
   * restart): the framework gets a RECOVERED entry and joins the allocator inactive, until it
   * subscribes again.
   */
  record FrameworkRecovered(FrameworkInfo info) implements Change {
    public FrameworkRecovered {
      Objects.requireNonNull(info.id(), "a framework is recovered with its id");
    }
  }

  /**
   * The re-registered agent's report is merged (earlier changes of the same outcome): it joins the
   * allocator with what its live tasks use, deactivated if its controls say so, and observers hear
   * {@code agentReregistered}.
   */
  record AgentRejoined(AgentId id) implements Change {}

  // ---- settings ----------------------------------------------------------------------------

  /**
   * UPDATE_WEIGHTS (or the start-up weights): the allocator orders roles by these weights from its
   * next run; roles not named keep theirs.
   */
  record WeightsUpdated(java.util.Map<String, Double> weights) implements Change {
    public WeightsUpdated {
      weights = java.util.Map.copyOf(weights);
    }
  }

  /**
   * An operation with feedback has this status (sent to its framework by the same outcome); while
   * the status has a uuid, {@code retry} runs after {@code retryAfter} unless it is acknowledged.
   */
  record OperationUpdated(
      FrameworkId frameworkId,
      AgentId agentId,
      io.mezzo.api.v1.scheduler.Call.Operation info,
      String operationUuid,
      io.mezzo.api.v1.OperationStatus status,
      Duration retryAfter,
      Decider retry)
      implements Change {}

  /** The framework acknowledged the latest status of its operation: it leaves the books. */
  record OperationAcknowledged(FrameworkId frameworkId, String operationId) implements Change {}
}
