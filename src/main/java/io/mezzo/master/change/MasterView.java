package io.mezzo.master.change;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MasterInfo;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * What a {@link Decider} may read: the master's books and its durable registry as of now. Read
 * only: the entries it returns are the master's live ones, so a decider reads them and never calls
 * their mutators (ArchitectureTest holds deciders to that); collections are unmodifiable. Valid on
 * the master's context only, for the duration of one decision.
 */
public interface MasterView {
  MasterConfig config();

  MasterInfo masterInfo();

  Instant now();

  /** {@link #now()} in seconds, as status timestamps carry it. */
  double nowSeconds();

  /** The durable registry as last written (what a registry change starts from). */
  Registry registry();

  Optional<FrameworkEntry> framework(FrameworkId id);

  /** Frameworks not removed, in subscription order. */
  Collection<FrameworkEntry> frameworks();

  /** Removed frameworks still remembered, oldest first. */
  Collection<FrameworkEntry> completedFrameworks();

  Optional<AgentEntry> agent(AgentId id);

  /** Every agent the master has an entry for, in registration order. */
  Collection<AgentEntry> agents();

  Optional<OfferEntry> offer(OfferId id);

  /** A live (not completed) task of the framework. */
  default Optional<TaskEntry> task(TaskEntry.TaskKey key) {
    return framework(key.frameworkId()).map(f -> f.tasks().get(key));
  }

  /**
   * The id the {@code ahead}-th offer created from now will have (0 = the next one): offers of one
   * outcome take consecutive ids, starting at {@code offerId(0)}.
   */
  OfferId offerId(int ahead);

  /** A master-generated status for a task (no uuid: never acknowledged, never retried). */
  default TaskStatus masterStatus(
      TaskEntry task, TaskState state, TaskStatus.Reason reason, String message) {
    return TaskStatus.builder(task.taskId(), state)
        .source(TaskStatus.Source.SOURCE_MASTER)
        .reason(reason)
        .message(message)
        .agentId(task.agentId())
        .timestamp(nowSeconds())
        .build();
  }
}
