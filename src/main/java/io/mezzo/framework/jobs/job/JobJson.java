package io.mezzo.framework.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.jobs.JobsSnapshot;
import java.util.Optional;

/**
 * Chronos's job JSON. Parsing refuses (JobsException 400) an unknown field or one Mezzo does not
 * honour, naming it; rendering gives Chronos's field names and value forms plus Mezzo's extras
 * ({@code nextRun}, {@code state}, {@code skippedCount}) that Chronos clients ignore.
 *
 * <p>Parsing applies Chronos's defaults ({@code shell} true, {@code retries} 2, {@code cpus} 0.1,
 * {@code mem} 128, {@code disk} 256, {@code epsilon} PT60S, a fetch URI's {@code extract} true);
 * numbers may be JSON numbers or numeric strings ({@code "cpus": "0.5"}), as Chronos's lenient
 * reading allows, but a non-numeric value is refused naming the field instead of being read as 0.
 * The empty string, Chronos's "none" for {@code schedule}, {@code scheduleTimeZone}, {@code
 * runAsUser}, {@code taskInfoData}, {@code networkName}, {@code hostPath} and {@code output_file},
 * reads as absent, and {@code maxCompletionTime: 0} as no limit. The first problem is thrown, its
 * message starting with the field's path ({@code container.volumes[0].containerPath: required}).
 *
 * <p>What a client may post back from {@code GET /jobs}: the counters ({@code successCount}, {@code
 * errorCount}, {@code errorsSinceLastSuccess}, {@code lastSuccess}, {@code lastError}) are read
 * into {@link Parsed#counters} (present when any of them is in the body), and Mezzo's own {@code
 * nextRun}, {@code state} and {@code skippedCount} are accepted and not used. Every other unknown
 * field is refused ({@code unknown field 'foo'}).
 *
 * <p>Chronos fields and what they mean in Mezzo:
 *
 * <ul>
 *   <li>{@code softError} is kept with Chronos's meaning: when a run fails past its retries, the
 *       job's dependents are still triggered, as after a success (the framework honours it).
 *   <li>{@code highPriority} is kept with Chronos's meaning: a queued run of the job is launched
 *       before queued runs of normal jobs when offers are scarce (the framework honours it).
 *   <li>{@code dataProcessingJobType: true} and {@code dataJob: true} are refused: they only enable
 *       Chronos's task-progress statistics, kept in Cassandra, which Mezzo has not.
 *   <li>{@code async: true} is refused (Chronos's async executor protocol), as is a non-empty
 *       {@code executor} or {@code executorFlags} (custom executors: jobs run as command tasks), an
 *       {@code external} volume and a non-empty {@code container.networkInfos}. Their "off" forms
 *       ({@code false}, {@code ""}, {@code []}) are accepted, so Chronos's exports post back.
 * </ul>
 *
 * <p>Pure and thread-safe.
 */
public final class JobJson {
  private JobJson() {}

  /** A parsed body: the definition, and the counters when the body carried them (an export). */
  public record Parsed(JobDefinition job, Optional<JobsSnapshot.Counters> counters) {}

  /**
   * Reads a Chronos job body. Only the shape is checked here; {@link JobValidator} checks values.
   *
   * @throws io.mezzo.framework.jobs.JobsException 400 naming the first wrong field
   */
  public static Parsed parse(JsonNode body) {
    return JobReader.parse(body);
  }

  /**
   * A job as {@code GET /jobs} lists it: every field in Chronos's form ({@code lastSuccess}/{@code
   * lastError} as {@code 2026-01-31T12:00:00.000Z} or {@code ""}), {@code schedule} and {@code
   * scheduleTimeZone} for a scheduled job or {@code parents} for a dependent one, never both; then
   * {@code nextRun} (ISO or null), {@code state} and {@code skippedCount}.
   */
  public static ObjectNode render(JobsSnapshot.Job job) {
    return JobWriter.render(job);
  }

  /**
   * The definition alone, for storage: {@code parse(definition(j)).job().equals(j)} for every job
   * {@link JobValidator} accepts (it refuses the empty strings and zero limit that read back as
   * absent).
   */
  public static ObjectNode definition(JobDefinition job) {
    return JobWriter.definition(job);
  }
}
