package io.mezzo.framework.jobs;

import io.mezzo.framework.jobs.job.JobDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A consistent, immutable view of the jobs framework taken on its owner thread: what the REST API,
 * UI and CLI read.
 *
 * @param frameworkId the framework's id at the master, empty before it first subscribed
 * @param jobs every job, sorted by name
 */
public record JobsSnapshot(Optional<String> frameworkId, List<Job> jobs) {
  public JobsSnapshot {
    jobs = List.copyOf(jobs);
  }

  public Optional<Job> job(String name) {
    return jobs.stream().filter(j -> j.definition().name().equals(name)).findFirst();
  }

  /**
   * One job with what Chronos reports of it.
   *
   * @param nextRun the next slot it will run at, empty for dependent, disabled or finished jobs
   * @param state Chronos's {@code idle}, {@code queued} (claimed, waiting for an offer) or {@code
   *     running}
   * @param skipped slots missed outside {@code epsilon}, counted and never run
   * @param runs the most recent runs, newest first (bounded)
   */
  public record Job(
      JobDefinition definition,
      Counters counters,
      Optional<Instant> nextRun,
      String state,
      long skipped,
      List<Run> runs) {
    public Job {
      runs = List.copyOf(runs);
    }
  }

  /** Chronos's counters; {@code lastSuccess}/{@code lastError} empty when never. */
  public record Counters(
      long successCount,
      long errorCount,
      long errorsSinceLastSuccess,
      Optional<Instant> lastSuccess,
      Optional<Instant> lastError) {
    public static final Counters ZERO = new Counters(0, 0, 0, Optional.empty(), Optional.empty());
  }

  /**
   * One run of a job: a slot (or manual/dependency trigger) and its attempts.
   *
   * @param runId stable id of the run
   * @param trigger {@code schedule}, {@code manual} or {@code dependency}
   * @param slot the scheduled slot it runs for, empty for manual and dependency runs
   * @param attempt 0 for the first attempt, n for the n-th retry
   * @param taskId the Mesos task id of the current attempt, empty while not launched
   * @param state Mesos task state of the current attempt ({@code TASK_RUNNING}, {@code
   *     TASK_FINISHED}, …) or {@code CLAIMED} before launch
   * @param agentId where the current attempt runs or ran
   * @param executorId its executor id (the task id for command tasks), for the sandbox link
   * @param exitStatus the command's exit status when the agent reported one
   * @param message the last status message (why it failed)
   */
  public record Run(
      String runId,
      String trigger,
      Optional<Instant> slot,
      int attempt,
      Optional<String> taskId,
      String state,
      Optional<String> agentId,
      Optional<String> executorId,
      Optional<Instant> startTime,
      Optional<Instant> endTime,
      Optional<Integer> exitStatus,
      Optional<String> message) {}
}
