package io.mezzo.framework.jobs;

import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.framework.jobs.run.ExitStatus;
import io.mezzo.framework.jobs.run.JobTaskIds;
import io.mezzo.framework.jobs.schedule.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What task updates do to runs. Each update is stored before it is acknowledged (a crash in between
 * gets it again).
 *
 * <ul>
 *   <li>STAGING / STARTING / RUNNING record the agent, executor and start; a CLAIMED run the master
 *       reports so (it was launched before a failover) is adopted.
 *   <li>FINISHED is a success: counters move and the children it completes get a dependency run.
 *   <li>Any other end is a failure: retried after the {@link RetryPolicy}'s delay with a new
 *       attempt, unless the run was killed by request or overran; with no retry left the error
 *       counters move. A {@code softError} job's final failure still counts as an error but
 *       triggers its children as a success would, as Chronos does.
 *   <li>A CLAIMED run whose reconciliation answer is TASK_LOST, UNKNOWN, GONE or DROPPED is not at
 *       the master: the {@link Reconciler} launches it under its recorded task id.
 * </ul>
 */
final class RunOutcomes {
  private static final Logger LOG = Logger.getLogger(RunOutcomes.class);
  private static final Set<TaskState> NOT_THERE =
      EnumSet.of(
          TaskState.TASK_LOST,
          TaskState.TASK_UNKNOWN,
          TaskState.TASK_GONE,
          TaskState.TASK_DROPPED,
          TaskState.TASK_GONE_BY_OPERATOR);

  private final JobsCore core;
  private final SlotClaims claims;
  private final Reconciler reconciler;

  RunOutcomes(JobsCore core, SlotClaims claims, Reconciler reconciler) {
    this.core = core;
    this.claims = claims;
    this.reconciler = reconciler;
  }

  void update(TaskStatus status) {
    reconciler.heard(status.taskId().value());
    TaskState st = status.state();
    JobRecord j = JobTaskIds.parse(status.taskId()).map(p -> core.jobs.get(p.job())).orElse(null);
    JobRun run = j == null ? null : j.run(status.taskId().value()).orElse(null);
    boolean ends = st.isTerminal() || st == TaskState.TASK_UNKNOWN;
    if (run == null || run.ended()) {
      if (!ends && core.driver != null) {
        // A task nothing wants: of a deleted job, an attempt already given up, or killed before.
        LOG.infof("killing orphan task %s (%s)", status.taskId().value(), st);
        core.driver.kill(status.taskId(), status.agentId(), null);
      }
      core.acknowledge(status);
      return;
    }
    Instant now = core.now();
    if (run.claimed()
        && NOT_THERE.contains(st)
        && status.reason() == TaskStatus.Reason.REASON_RECONCILIATION) {
      reconciler.notAtTheMaster(j, run, now);
      core.acknowledge(status);
      return;
    }
    if (status.agentId() != null) {
      run.agentId = Optional.of(status.agentId().value());
    }
    if (status.executorId() != null) {
      run.executorId = Optional.of(status.executorId().value());
    } else if (run.executorId.isEmpty()) {
      run.executorId = Optional.of(run.taskId().value()); // the command executor's id
    }
    if (status.message() != null) {
      run.message = Optional.of(status.message());
    }
    ExitStatus.of(status.message()).ifPresent(x -> run.exitStatus = Optional.of(x));
    if (!ends) {
      boolean moved = !run.state.equals(st.name());
      run.state = st.name();
      if (st == TaskState.TASK_RUNNING && run.startTime.isEmpty()) {
        run.startTime = Optional.of(now);
        moved = true;
      }
      if (moved) {
        core.saveJob(j);
      }
      core.acknowledge(status);
      claims.plan(j); // a maxCompletionTime deadline starts now
      return;
    }
    List<JobRecord> touched;
    if (st == TaskState.TASK_FINISHED) {
      run.state = st.name();
      run.endTime = Optional.of(now);
      touched = succeeded(j, now);
    } else {
      touched = failed(j, run, st, now);
    }
    save(j, touched);
    core.acknowledge(status);
    touched.forEach(claims::plan);
    claims.plan(j);
  }

  private List<JobRecord> failed(JobRecord j, JobRun run, TaskState st, Instant now) {
    Optional<Duration> retry =
        run.endReason.isPresent()
            ? Optional.empty()
            : RetryPolicy.retryAfter(run.attempt, j.definition.retries());
    if (retry.isPresent()) {
      LOG.infof(
          "job %s: %s ended %s; retrying in %s", j.name(), run.taskId().value(), st, retry.get());
      run.attempt++;
      run.state = JobRun.CLAIMED;
      run.phase = JobRun.Phase.HELD;
      run.retryAt = Optional.of(now.plus(retry.get()));
      run.agentId = Optional.empty();
      run.executorId = Optional.empty();
      run.startTime = Optional.empty();
      return List.of();
    }
    run.state = st.name();
    run.endTime = Optional.of(now);
    if (run.endReason.isPresent()) {
      run.message = Optional.of(run.endReason.get() + run.message.map(m -> ": " + m).orElse(""));
    }
    j.counters = JobCounters.failed(j.counters, now);
    LOG.infof("job %s: run %s failed (%s), no retry left", j.name(), run.runId, st);
    return j.definition.softError() ? triggerChildren(j, now) : List.of();
  }

  /** Records a success of {@code j} (a run finished, or marked so); returns the children due. */
  List<JobRecord> succeeded(JobRecord j, Instant now) {
    j.counters = JobCounters.succeeded(j.counters, now);
    return triggerChildren(j, now);
  }

  /** Gives each child this success completes a dependency run; a disabled one skips it. */
  private List<JobRecord> triggerChildren(JobRecord parent, Instant now) {
    List<JobRecord> touched = new ArrayList<>();
    for (String name : core.tracker.parentSucceeded(parent.name(), core.graph)) {
      JobRecord child = core.jobs.get(name);
      if (child == null) {
        continue;
      }
      if (child.definition.disabled()) {
        child.skipped++;
      } else {
        long base = child.freeBase(now.toEpochMilli());
        JobRun r =
            new JobRun(
                Long.toString(base), "dependency", Optional.empty(), base, name, Optional.empty());
        r.phase = JobRun.Phase.HELD;
        child.add(r, core.config.historyLimit());
        LOG.infof("job %s: triggered by %s", name, parent.name());
      }
      touched.add(child);
    }
    return touched;
  }

  /**
   * Stores the children's new runs, then the tracker, then the job itself: a crash in between gets
   * the update again, so a child may run twice but is never lost.
   */
  void save(JobRecord j, List<JobRecord> children) {
    children.forEach(core::saveJob);
    if (!children.isEmpty() || !core.graph.children(j.name()).isEmpty()) {
      core.saveGraph();
    }
    core.saveJob(j);
  }
}
