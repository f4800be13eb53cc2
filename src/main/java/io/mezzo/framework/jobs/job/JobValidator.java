package io.mezzo.framework.jobs.job;

import io.mezzo.framework.jobs.JobsException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a job definition; every refusal names the field and what is wrong.
 *
 * <p>The rules are Chronos's where it has one (a name of word characters, dots and dashes; a
 * command unless a container job runs its image's entrypoint with {@code shell: false}; not both
 * {@code uris} and {@code fetch}), plus the checks Chronos leaves to a failing task (resources,
 * regexes, time zones, absolute container paths), and a refusal of every value that {@link JobJson}
 * would read back as something else (an empty optional string, a zero time limit), so that what is
 * accepted is exactly what is stored.
 */
public final class JobValidator {
  /** Chronos's job name rule, matched against the whole name. */
  static final Pattern NAME = Pattern.compile("[\\w.-]+");

  static final int MAX_NAME = 200;

  private JobValidator() {}

  /** Which endpoint the job came through: {@code /iso8601} or {@code /dependency}. */
  public enum Kind {
    SCHEDULED,
    DEPENDENT
  }

  /**
   * Throws {@link io.mezzo.framework.jobs.JobsException} (400) for the first problem found; the
   * schedule's syntax is checked last, and only for a job that has one.
   *
   * @param scheduleCheck the schedule's syntax check: a message naming the problem, or empty; a
   *     message not starting with {@code schedule} is prefixed with {@code "schedule: "}
   */
  public static void validate(
      JobDefinition job, Kind kind, Function<JobDefinition, Optional<String>> scheduleCheck) {
    name("name", job.name());
    command(job);
    resources(job);
    unhonoured(job);
    noneForms(job);
    trigger(job, kind);
    JobPartsValidator.environment(job.environmentVariables());
    JobPartsValidator.fetch(job);
    JobPartsValidator.constraints(job.constraints());
    job.container().ifPresent(JobPartsValidator::container);
    if (job.schedule().isPresent()) {
      Optional<String> problem = scheduleCheck.apply(job);
      if (problem.isPresent()) {
        String m = problem.get();
        throw new JobsException(400, m.startsWith("schedule") ? m : "schedule: " + m);
      }
    }
  }

  private static void name(String field, String name) {
    if (name.isEmpty()) {
      throw fail(field, "required");
    }
    if (name.length() > MAX_NAME) {
      throw fail(field, "must be at most " + MAX_NAME + " characters, got " + name.length());
    }
    if (!NAME.matcher(name).matches()) {
      throw fail(
          field, "must be letters, digits, '_', '.' and '-' only ([\\w.-]+), got \"" + name + "\"");
    }
  }

  private static void command(JobDefinition job) {
    // Chronos launches a container job without a command value, so its image's entrypoint runs.
    if (job.command().isBlank() && (job.container().isEmpty() || job.shell())) {
      throw fail(
          "command",
          "required (only a container job with shell false may leave it empty,"
              + " to run the image's entrypoint)");
    }
  }

  private static void resources(JobDefinition job) {
    if (job.retries() < 0) {
      throw fail("retries", "must be >= 0, got " + job.retries());
    }
    if (!(job.cpus() > 0) || Double.isInfinite(job.cpus())) {
      throw fail("cpus", "must be > 0, got " + number(job.cpus()));
    }
    if (!(job.mem() > 0) || Double.isInfinite(job.mem())) {
      throw fail("mem", "must be > 0, got " + number(job.mem()));
    }
    if (!(job.disk() >= 0) || Double.isInfinite(job.disk())) {
      throw fail("disk", "must be >= 0, got " + number(job.disk()));
    }
    if (job.epsilon().isNegative() || job.epsilon().isZero()) {
      throw fail("epsilon", "must be a positive duration, got " + job.epsilon());
    }
    if (job.maxCompletionTime().isPresent() && job.maxCompletionTime().get() <= 0) {
      throw fail(
          "maxCompletionTime",
          "must be > 0 seconds (leave it out for no limit), got " + job.maxCompletionTime().get());
    }
  }

  private static void trigger(JobDefinition job, Kind kind) {
    if (kind == Kind.SCHEDULED) {
      if (!job.parents().isEmpty()) {
        throw fail(
            "parents",
            "a job posted to /iso8601 has a schedule, not parents; post it to /dependency");
      }
      if (job.schedule().isEmpty()) {
        throw fail(
            "schedule",
            "required for a job posted to /iso8601 (a dependent job goes to /dependency)");
      }
      if (job.schedule().get().isBlank()) {
        throw fail("schedule", "must not be empty");
      }
      timeZone(job.scheduleTimeZone());
      return;
    }
    if (job.schedule().isPresent()) {
      throw fail(
          "schedule",
          "a job posted to /dependency has parents, not a schedule; post it to /iso8601");
    }
    if (job.scheduleTimeZone().isPresent()) {
      throw fail(
          "scheduleTimeZone", "only a scheduled job has a time zone (a dependent job has none)");
    }
    if (job.parents().isEmpty()) {
      throw fail(
          "parents", "required for a job posted to /dependency (a scheduled job goes to /iso8601)");
    }
    parents(job.name(), job.parents());
  }

  private static void parents(String self, List<String> parents) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < parents.size(); i++) {
      String p = parents.get(i);
      name("parents[" + i + "]", p);
      if (p.equals(self)) {
        throw fail("parents", "a job may not be its own parent ('" + self + "')");
      }
      if (!seen.add(p)) {
        throw fail("parents", "'" + p + "' is listed twice");
      }
    }
  }

  private static void timeZone(Optional<String> zone) {
    if (zone.isEmpty()) {
      return;
    }
    try {
      ZoneId.of(zone.get(), ZoneId.SHORT_IDS);
    } catch (DateTimeException e) {
      throw fail(
          "scheduleTimeZone",
          "unknown time zone \""
              + zone.get()
              + "\" (use a tz database name such as Europe/Berlin)");
    }
  }

  /** JobJson refuses these already; a definition built in code is held to the same rule. */
  private static void unhonoured(JobDefinition job) {
    if (job.async()) {
      throw fail(
          "async", "async jobs need Chronos's async executor protocol, which Mezzo does not run");
    }
    if (job.dataProcessingJobType()) {
      throw fail(
          "dataProcessingJobType",
          "data tracking jobs need Chronos's Cassandra job stats, which Mezzo has not");
    }
  }

  /** JobJson reads these back as absent: refused, so that what is stored is what was accepted. */
  private static void noneForms(JobDefinition job) {
    empty("runAsUser", job.runAsUser(), "leave it out to run as the framework's user");
    empty("scheduleTimeZone", job.scheduleTimeZone(), "leave it out for the schedule's own offset");
    empty("taskInfoData", job.taskInfoData(), "leave it out for none");
  }

  static void empty(String field, Optional<String> value, String hint) {
    if (value.isPresent() && value.get().isEmpty()) {
      throw fail(field, "must not be empty (" + hint + ")");
    }
  }

  static JobsException fail(String field, String why) {
    return JobFields.refusal(field, why);
  }

  /** 0 rather than 0.0: the value as a client would have typed it. */
  static String number(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d)
        ? Long.toString((long) d)
        : Double.toString(d);
  }
}
