package io.mezzo.framework.jobs;

import io.mezzo.framework.jobs.job.JobDefinition;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What Chronos's REST API, the web UI and the CLI ask of the jobs framework. Every call runs on the
 * framework's owner thread; a call that changes state completes only once the change is durable in
 * the state store (decide → persist → announce).
 *
 * <p>Refusals complete the stage exceptionally with {@link JobsException}.
 */
public interface JobsApi {
  CompletionStage<JobsSnapshot> snapshot();

  /**
   * Creates or replaces a job (scheduled when {@code schedule} is set, dependent when {@code
   * parents} is). {@code counters}, when the body carried them (a job exported from Chronos and
   * posted back), become the job's counters, as Chronos does; otherwise an update keeps the job's
   * counters and a new job starts at zero. Refused with 400 for an invalid definition, an unknown
   * parent or a dependency cycle (naming it).
   */
  CompletionStage<Void> put(JobDefinition job, Optional<JobsSnapshot.Counters> counters);

  /**
   * Deletes a job and kills its running tasks; 404 if unknown, 400 while other jobs depend on it.
   */
  CompletionStage<Void> delete(String name);

  /**
   * Runs the job now, once, outside its schedule (Chronos's {@code PUT /job/{name}}); {@code
   * arguments} are appended to the command's arguments (for {@code shell: false} jobs). 404 if
   * unknown.
   */
  CompletionStage<Void> run(String name, Optional<String> arguments);

  /** Kills every running task of the job; its runs end as failed and are not retried. */
  CompletionStage<Void> killTasks(String name);

  /**
   * Records a success of the job without running it (Chronos's {@code PUT /job/success/{name}}):
   * counters move and its children are triggered as after a real run. False if unknown.
   */
  CompletionStage<Boolean> markSuccess(String name);
}
