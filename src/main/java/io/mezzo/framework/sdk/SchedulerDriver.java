package io.mezzo.framework.sdk;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The calls a framework sends through the SDK, over the same v1 scheduler HTTP API any framework
 * uses.
 *
 * <p>Contract: each call completes when the master answered 202 (or the call's own answer); a
 * refused call (4xx) completes exceptionally with {@link SchedulerCallException} carrying the
 * master's message; a call made while not subscribed completes exceptionally at once rather than
 * being queued (offers and stream ids do not survive a resubscription). Safe from any thread.
 */
public interface SchedulerDriver {
  /** The id the master gave this framework, once subscribed; kept across resubscriptions. */
  Optional<FrameworkId> frameworkId();

  CompletionStage<Void> accept(
      List<OfferId> offers, List<Call.Operation> operations, Filters filters);

  CompletionStage<Void> decline(List<OfferId> offers, Filters filters);

  CompletionStage<Void> kill(TaskId task, AgentId agent, KillPolicy killPolicy);

  /** Acknowledges an update that carries a uuid; updates without one need none. */
  CompletionStage<Void> acknowledge(TaskStatus status);

  /** Explicit reconciliation of these tasks, or implicit (all tasks) for an empty list. */
  CompletionStage<Void> reconcile(List<Call.Reconcile.Task> tasks);

  /** Asks for offers again (clears decline filters) for all the framework's roles. */
  CompletionStage<Void> revive();

  /** Stops offers for all the framework's roles until {@link #revive}. */
  CompletionStage<Void> suppress();

  /** Ends the framework at the master: all its tasks are killed. */
  CompletionStage<Void> teardown();
}
