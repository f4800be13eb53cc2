package io.mezzo.framework.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.jobs.JobsSnapshot;
import java.util.Optional;

/**
 * Chronos's job JSON. Parsing refuses (JobsException 400) an unknown field or one Mezzo does not
 * honour, naming it; rendering gives Chronos's field names and value forms plus Mezzo's extras
 * ({@code nextRun}, {@code state}, {@code skippedCount}) that Chronos clients ignore.
 */
public final class JobJson {
  private JobJson() {}

  /** A parsed body: the definition, and the counters when the body carried them (an export). */
  public record Parsed(JobDefinition job, Optional<JobsSnapshot.Counters> counters) {}

  public static Parsed parse(JsonNode body) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** A job as {@code GET /jobs} lists it. */
  public static ObjectNode render(JobsSnapshot.Job job) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The definition alone, for storage; {@link #parse} reads it back unchanged. */
  public static ObjectNode definition(JobDefinition job) {
    throw new UnsupportedOperationException("not built yet");
  }
}
