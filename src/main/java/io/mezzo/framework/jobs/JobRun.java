package io.mezzo.framework.jobs;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.framework.jobs.run.JobTaskIds;
import java.time.Instant;
import java.util.Optional;

/**
 * One run of a job (a claimed slot, a manual run or a dependency trigger) and its current attempt.
 * Mutable, owner thread only. The durable part is {@link #state}; {@link #phase} is what this copy
 * of the framework knows about the launch and is not stored.
 *
 * <pre>
 *   CLAIMED ──offer──▶ (accept sent) ──STAGING/RUNNING──▶ running ──FINISHED──▶ TASK_FINISHED
 *     ▲   ▲                                                  │
 *     │   └── retry after the RetryPolicy's delay ◀──failed──┤
 *     │                                                      └─failed, no retry left──▶ failed
 *   (a failover: reconciled; unknown to the master → launched with the recorded task id)
 * </pre>
 */
final class JobRun {
  static final String CLAIMED = "CLAIMED";

  /** What this copy knows about the launch of a CLAIMED run's current attempt. */
  enum Phase {
    /** Loaded from the store or back after a disconnection: it may have been launched. */
    UNKNOWN,
    /** Asked the master about it; waits for the answer or the reconcile timeout. */
    RECONCILING,
    /** Not launched; waits for its retry time or for another run of the job to end. */
    HELD,
    /** Wants an offer. */
    QUEUED,
    /** The ACCEPT that launches it was sent. */
    LAUNCHING
  }

  final String runId;
  final String trigger;
  final Optional<Instant> slot;
  final long base;
  final String job;
  final Optional<String> arguments;
  int attempt;
  String state = CLAIMED;
  Optional<String> agentId = Optional.empty();
  Optional<String> executorId = Optional.empty();
  Optional<Instant> startTime = Optional.empty();
  Optional<Instant> endTime = Optional.empty();
  Optional<Integer> exitStatus = Optional.empty();
  Optional<String> message = Optional.empty();

  /** When the current attempt may launch; empty for at once. */
  Optional<Instant> retryAt = Optional.empty();

  /** Why the run ends without a retry when its task ends (killed by request, overran). */
  Optional<String> endReason = Optional.empty();

  Phase phase = Phase.UNKNOWN;

  JobRun(
      String runId,
      String trigger,
      Optional<Instant> slot,
      long base,
      String job,
      Optional<String> arguments) {
    this.runId = runId;
    this.trigger = trigger;
    this.slot = slot;
    this.base = base;
    this.job = job;
    this.arguments = arguments;
  }

  TaskId taskId() {
    return JobTaskIds.of(base, attempt, job);
  }

  boolean claimed() {
    return state.equals(CLAIMED);
  }

  /** Ended for good: finished, or failed with no retry left. */
  boolean ended() {
    return !claimed() && TaskState.valueOf(state).isTerminal();
  }

  /** Its task was launched and has not ended. */
  boolean launched() {
    return !claimed() && !ended();
  }

  /** The run's task may be at the master: launched, or claimed and maybe launched. */
  boolean mayRun() {
    return launched() || (claimed() && phase != Phase.HELD && phase != Phase.QUEUED);
  }

  Optional<AgentId> agent() {
    return agentId.map(AgentId::of);
  }

  JobsSnapshot.Run view() {
    return new JobsSnapshot.Run(
        runId,
        trigger,
        slot,
        attempt,
        claimed() ? Optional.empty() : Optional.of(taskId().value()),
        state,
        agentId,
        executorId,
        startTime,
        endTime,
        exitStatus,
        message);
  }
}
