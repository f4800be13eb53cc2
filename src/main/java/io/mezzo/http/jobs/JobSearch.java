package io.mezzo.http.jobs;

import io.mezzo.framework.jobs.JobsSnapshot;
import io.mezzo.framework.jobs.job.JobDefinition;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chronos's {@code GET /jobs/search}: case-insensitive substring matching on the job's name and
 * command, then a page of the matches. A job matches when every one of {@code name} and {@code
 * command} that is given is contained in it, or when {@code any} is contained in its name or its
 * command. Empty terms count as not given; with no term at all every job matches.
 *
 * <p>One deviation: Chronos lets {@code any} alone match every job (its name/command test starts
 * out true and {@code any} can only add matches); Mezzo does what Chronos's documentation says, so
 * {@code ?any=x} finds the jobs containing {@code x}.
 *
 * @param limit at most this many jobs (Chronos's default 10)
 * @param offset skip this many matches first (default 0)
 */
public record JobSearch(
    Optional<String> name, Optional<String> command, Optional<String> any, int limit, int offset) {
  public static final int DEFAULT_LIMIT = 10;

  public JobSearch {
    name = lower(name);
    command = lower(command);
    any = lower(any);
    if (limit < 0 || offset < 0) {
      throw new IllegalArgumentException("limit and offset must be >= 0");
    }
  }

  /** The search a request asks for; 400 for an unknown parameter or a bad limit/offset. */
  static JobSearch of(ChronosRequest r) {
    r.allow("name", "command", "any", "limit", "offset");
    return new JobSearch(
        r.one("name"),
        r.one("command"),
        r.one("any"),
        r.count("limit", DEFAULT_LIMIT),
        r.count("offset", 0));
  }

  /** Whether {@code job} matches, ignoring the page. */
  public boolean matches(JobDefinition job) {
    String n = job.name().toLowerCase(Locale.ROOT);
    String c = job.command() == null ? "" : job.command().toLowerCase(Locale.ROOT);
    boolean byFields = name.isPresent() || command.isPresent();
    if (byFields && name.map(n::contains).orElse(true) && command.map(c::contains).orElse(true)) {
      return true;
    }
    if (any.isPresent()) {
      return n.contains(any.get()) || c.contains(any.get());
    }
    return !byFields;
  }

  /** The page of matching jobs, in the order given (the snapshot's: by name). */
  public List<JobsSnapshot.Job> apply(List<JobsSnapshot.Job> jobs) {
    return jobs.stream().filter(j -> matches(j.definition())).skip(offset).limit(limit).toList();
  }

  private static Optional<String> lower(Optional<String> term) {
    return term.filter(t -> !t.isEmpty()).map(t -> t.toLowerCase(Locale.ROOT));
  }
}
