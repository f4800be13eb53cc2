package io.mezzo.http.jobs;

import io.mezzo.framework.jobs.JobsApi;
import io.mezzo.framework.jobs.job.JobDefinition;
import io.mezzo.framework.jobs.job.JobJson;
import io.mezzo.framework.jobs.job.JobValidator;
import io.mezzo.framework.jobs.schedule.Schedules;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The Chronos endpoints that change jobs: create or replace ({@code /iso8601}, {@code
 * /dependency}), run now, delete, kill tasks, mark success. Each answers Chronos's status: 204 for
 * a change, and for {@code /job/success} Chronos's 200 sentence with the boolean.
 */
final class JobWrites {
  private final JobsApi api;
  private final Clock clock;

  JobWrites(JobsApi api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  /**
   * {@code POST|PUT /iso8601} and {@code /dependency}: the body is parsed (unknown or unhonoured
   * fields refused naming them), validated as the endpoint's kind with the schedule's syntax
   * checked, then stored.
   */
  CompletionStage<ChronosReply> put(ChronosRequest r, JobValidator.Kind kind) {
    r.allow();
    JobJson.Parsed parsed = JobJson.parse(ChronosJson.readObject(r.body()));
    JobValidator.validate(parsed.job(), kind, this::scheduleProblem);
    return api.put(parsed.job(), parsed.counters()).thenApply(v -> ChronosReply.noContent());
  }

  /**
   * {@code PUT /job/{name}?arguments=…}: one run now; blank arguments count as none, as Chronos.
   */
  CompletionStage<ChronosReply> run(ChronosRequest r, String name) {
    r.allow("arguments");
    Optional<String> arguments = r.one("arguments").filter(a -> !a.isBlank());
    return api.run(name, arguments).thenApply(v -> ChronosReply.noContent());
  }

  /** {@code DELETE /job/{name}}. */
  CompletionStage<ChronosReply> delete(ChronosRequest r, String name) {
    r.allow();
    return api.delete(name).thenApply(v -> ChronosReply.noContent());
  }

  /** {@code DELETE /task/kill/{name}}. */
  CompletionStage<ChronosReply> kill(ChronosRequest r, String name) {
    r.allow();
    return api.killTasks(name).thenApply(v -> ChronosReply.noContent());
  }

  /**
   * {@code PUT /job/success/{name}}: Chronos answers 200 with a sentence ending in whether the job
   * was found, never 404, and clients read that boolean.
   */
  CompletionStage<ChronosReply> markSuccess(ChronosRequest r, String name) {
    r.allow();
    return api.markSuccess(name)
        .thenApply(
            found -> ChronosReply.text(200, "marked job " + name + " as successful: " + found));
  }

  /** {@code POST /job/{name}/task/{taskId}/progress}: Chronos's data jobs, which need Cassandra. */
  static ChronosReply progress(String name) {
    return ChronosReply.error(
        400,
        "Task progress of job '"
            + name
            + "' cannot be recorded: it belongs to Chronos's data-tracking jobs (dataJob), which"
            + " need Cassandra and which Mezzo refuses (see docs/chronos-api.md)");
  }

  private Optional<String> scheduleProblem(JobDefinition job) {
    if (job.schedule().isEmpty()) {
      return Optional.empty();
    }
    try {
      Schedules.parse(job.schedule().get(), job.scheduleTimeZone(), clock.instant());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }
}
