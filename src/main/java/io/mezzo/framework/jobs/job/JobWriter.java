package io.mezzo.framework.jobs.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.jobs.JobsSnapshot;
import io.mezzo.framework.jobs.JobsSnapshot.Counters;
import io.mezzo.framework.jobs.job.JobDefinition.Constraint;
import io.mezzo.framework.jobs.job.JobDefinition.EnvVar;
import io.mezzo.framework.jobs.job.JobDefinition.Fetch;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The rendering half of {@link JobJson}: Chronos's field names and value forms. */
final class JobWriter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Chronos's clients parse its Joda times, always with millis and Z. */
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private JobWriter() {}

  static String iso(Instant t) {
    return ISO_MILLIS.format(t);
  }

  static ObjectNode render(JobsSnapshot.Job job) {
    ObjectNode o = definition(job.definition());
    // Chronos shows a job as scheduled or dependent, never both.
    if (job.definition().scheduled()) {
      o.remove("parents");
    }
    Counters c = job.counters();
    o.put("successCount", c.successCount());
    o.put("errorCount", c.errorCount());
    o.put("errorsSinceLastSuccess", c.errorsSinceLastSuccess());
    o.put("lastSuccess", c.lastSuccess().map(JobWriter::iso).orElse(""));
    o.put("lastError", c.lastError().map(JobWriter::iso).orElse(""));
    if (job.nextRun().isPresent()) {
      o.put("nextRun", iso(job.nextRun().get()));
    } else {
      o.putNull("nextRun");
    }
    o.put("state", job.state());
    o.put("skippedCount", job.skipped());
    return o;
  }

  /**
   * Every definition field in Chronos's form; optional ones in the "none" form Chronos writes
   * ({@code ""}, {@code 0}) which {@link JobReader} reads back as absent.
   */
  static ObjectNode definition(JobDefinition j) {
    ObjectNode o = NODES.objectNode();
    o.put("name", j.name());
    o.put("description", j.description());
    o.put("command", j.command());
    o.put("shell", j.shell());
    o.put("executor", "");
    o.put("executorFlags", "");
    o.put("taskInfoData", j.taskInfoData().orElse(""));
    o.put("retries", j.retries());
    o.put("owner", j.owner());
    o.put("ownerName", j.ownerName());
    o.put("cpus", j.cpus());
    o.put("disk", j.disk());
    o.put("mem", j.mem());
    o.put("disabled", j.disabled());
    o.put("concurrent", j.concurrent());
    o.put("async", j.async());
    o.put("softError", j.softError());
    o.put("dataProcessingJobType", j.dataProcessingJobType());
    o.put("highPriority", j.highPriority());
    o.put("epsilon", j.epsilon().toString());
    o.put("runAsUser", j.runAsUser().orElse(""));
    o.put("maxCompletionTime", j.maxCompletionTime().orElse(0L));
    ArrayNode fetch = o.putArray("fetch");
    for (Fetch f : j.fetch()) {
      ObjectNode fo =
          fetch
              .addObject()
              .put("uri", f.uri())
              .put("executable", f.executable())
              .put("cache", f.cache())
              .put("extract", f.extract());
      f.outputFile().ifPresent(out -> fo.put("output_file", out));
    }
    strings(o.putArray("uris"), j.uris().toArray(String[]::new));
    ArrayNode env = o.putArray("environmentVariables");
    for (EnvVar e : j.environmentVariables()) {
      env.addObject().put("name", e.name()).put("value", e.value());
    }
    strings(o.putArray("arguments"), j.arguments().toArray(String[]::new));
    j.container().ifPresent(c -> o.set("container", JobContainerJson.write(c)));
    ArrayNode constraints = o.putArray("constraints");
    for (Constraint c : j.constraints()) {
      strings(constraints.addArray(), c.attribute(), c.operator().name(), c.value());
    }
    writeTrigger(o, j);
    return o;
  }

  /**
   * Storage keeps whatever is set, so that even a definition the validator would refuse reads back
   * unchanged; {@link #render} then shows only one of the two, as Chronos does.
   */
  private static void writeTrigger(ObjectNode o, JobDefinition j) {
    if (j.schedule().isPresent()) {
      o.put("schedule", j.schedule().get());
      o.put("scheduleTimeZone", j.scheduleTimeZone().orElse(""));
    } else {
      j.scheduleTimeZone().ifPresent(z -> o.put("scheduleTimeZone", z));
    }
    if (!j.parents().isEmpty()) {
      strings(o.putArray("parents"), j.parents().toArray(String[]::new));
    }
  }

  private static void strings(ArrayNode a, String... values) {
    for (String v : values) {
      a.add(v);
    }
  }
}
