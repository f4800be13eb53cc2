package io.mezzo.framework.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.framework.jobs.JobsSnapshot.Counters;
import io.mezzo.framework.jobs.job.JobDefinition.Constraint;
import io.mezzo.framework.jobs.job.JobDefinition.Constraint.Operator;
import io.mezzo.framework.jobs.job.JobDefinition.EnvVar;
import io.mezzo.framework.jobs.job.JobDefinition.Fetch;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The parsing half of {@link JobJson}; see its Javadoc for what is accepted and refused. */
final class JobReader {
  /** Chronos's counters: read back when a client posts an exported job. */
  static final List<String> COUNTERS =
      List.of("successCount", "errorCount", "errorsSinceLastSuccess", "lastSuccess", "lastError");

  /** Mezzo's own read-only extras of {@code GET /jobs}: accepted and not used. */
  static final List<String> IGNORED = List.of("nextRun", "state", "skippedCount");

  private JobReader() {}

  static JobJson.Parsed parse(JsonNode body) {
    JobFields f = JobFields.of(body, "", "a job");
    refuseUnhonoured(f);
    JobDefinition job =
        new JobDefinition(
            JobContainerJson.required(f, "name"),
            f.string("description", ""),
            f.string("command", ""),
            f.bool("shell", true),
            f.strings("arguments"),
            environment(f),
            f.number("cpus", JobDefinition.DEFAULT_CPUS),
            f.number("mem", JobDefinition.DEFAULT_MEM),
            f.number("disk", JobDefinition.DEFAULT_DISK),
            f.has("container")
                ? Optional.of(JobContainerJson.read(f.raw("container")))
                : Optional.empty(),
            f.strings("uris"),
            fetch(f),
            f.string("owner", ""),
            f.string("ownerName", ""),
            intField(f, "retries", JobDefinition.DEFAULT_RETRIES),
            false,
            f.bool("disabled", false),
            f.bool("concurrent", false),
            epsilon(f),
            constraints(f),
            f.optionalString("runAsUser"),
            f.optionalString("schedule"),
            f.optionalString("scheduleTimeZone"),
            f.strings("parents"),
            f.bool("softError", false),
            false,
            f.bool("highPriority", false),
            // Chronos writes 0 for "no limit".
            Optional.of(f.integer("maxCompletionTime", 0)).filter(s -> s != 0),
            f.optionalString("taskInfoData"));
    Optional<Counters> counters = counters(f);
    f.ignore(IGNORED.toArray(String[]::new));
    f.finish();
    return new JobJson.Parsed(job, counters);
  }

  private static void refuseUnhonoured(JobFields f) {
    if (f.bool("async", false)) {
      throw JobFields.refusal(
          "async", "async jobs need Chronos's async executor protocol, which Mezzo does not run");
    }
    for (String field : List.of("executor", "executorFlags")) {
      if (!f.string(field, "").isEmpty()) {
        throw JobFields.refusal(
            field, "custom executors are not supported by Mezzo; jobs run as command tasks");
      }
    }
    if (f.bool("dataJob", false)) {
      throw JobFields.refusal(
          "dataJob", "data tracking jobs need Chronos's Cassandra job stats, which Mezzo has not");
    }
    if (f.bool("dataProcessingJobType", false)) {
      throw JobFields.refusal(
          "dataProcessingJobType",
          "data tracking jobs need Chronos's Cassandra job stats, which Mezzo has not");
    }
  }

  private static int intField(JobFields f, String field, int dflt) {
    long l = f.integer(field, dflt);
    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
      throw JobFields.refusal(field, "must be a whole number of at most 9 digits, got " + l);
    }
    return (int) l;
  }

  private static Duration epsilon(JobFields f) {
    String s = f.string("epsilon", null);
    if (s == null) {
      return JobDefinition.DEFAULT_EPSILON;
    }
    try {
      return Duration.parse(s.trim());
    } catch (DateTimeParseException e) {
      throw JobFields.refusal(
          "epsilon", "must be an ISO-8601 duration such as PT60S, got \"" + s + "\"");
    }
  }

  private static List<EnvVar> environment(JobFields f) {
    List<EnvVar> out = new ArrayList<>();
    List<JsonNode> a = f.array("environmentVariables");
    for (int i = 0; i < a.size(); i++) {
      JobFields e = JobFields.of(a.get(i), "environmentVariables[" + i + "]", "a variable");
      out.add(
          new EnvVar(JobContainerJson.required(e, "name"), JobContainerJson.required(e, "value")));
      e.finish();
    }
    return out;
  }

  private static List<Fetch> fetch(JobFields f) {
    List<Fetch> out = new ArrayList<>();
    List<JsonNode> a = f.array("fetch");
    for (int i = 0; i < a.size(); i++) {
      JobFields e = JobFields.of(a.get(i), "fetch[" + i + "]", "a fetch URI");
      // Chronos extracts archives unless told not to; caching and chmod are opt-in.
      out.add(
          new Fetch(
              JobContainerJson.required(e, "uri"),
              e.bool("cache", false),
              e.bool("extract", true),
              e.bool("executable", false),
              e.optionalString("output_file")));
      e.finish();
    }
    return out;
  }

  private static List<Constraint> constraints(JobFields f) {
    List<Constraint> out = new ArrayList<>();
    List<JsonNode> a = f.array("constraints");
    for (int i = 0; i < a.size(); i++) {
      String path = "constraints[" + i + "]";
      JsonNode c = a.get(i);
      if (!c.isArray() || c.size() != 3) {
        throw JobFields.refusal(path, "must be [attribute, EQUALS|LIKE|UNLIKE, value], got " + c);
      }
      String attribute = JobFields.text(c.get(0), path + "[0]");
      String op = JobFields.text(c.get(1), path + "[1]");
      Operator operator;
      try {
        operator = Operator.valueOf(op);
      } catch (IllegalArgumentException e) {
        throw JobFields.refusal(path + "[1]", "must be EQUALS, LIKE or UNLIKE, got " + c.get(1));
      }
      out.add(new Constraint(attribute, operator, JobFields.text(c.get(2), path + "[2]")));
    }
    return out;
  }

  /** Present when the body carries any counter: a Chronos export posted back. */
  private static Optional<Counters> counters(JobFields f) {
    boolean any = false;
    for (String c : COUNTERS) {
      any |= f.has(c);
    }
    if (!any) {
      return Optional.empty();
    }
    return Optional.of(
        new Counters(
            count(f, "successCount"),
            count(f, "errorCount"),
            count(f, "errorsSinceLastSuccess"),
            time(f, "lastSuccess"),
            time(f, "lastError")));
  }

  private static long count(JobFields f, String field) {
    long n = f.integer(field, 0);
    if (n < 0) {
      throw JobFields.refusal(field, "must be >= 0, got " + n);
    }
    return n;
  }

  /** Chronos writes these as ISO-8601 with an offset, or {@code ""} for never. */
  private static Optional<Instant> time(JobFields f, String field) {
    Optional<String> s = f.optionalString(field);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(s.get().trim()).toInstant());
    } catch (DateTimeParseException e) {
      throw JobFields.refusal(
          field,
          "must be an ISO-8601 time such as 2026-01-31T12:00:00.000Z or \"\", got \""
              + s.get()
              + "\"");
    }
  }
}
