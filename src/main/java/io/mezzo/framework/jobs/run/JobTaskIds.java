package io.mezzo.framework.jobs.run;

import io.mezzo.api.v1.TaskId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task ids of the jobs framework, in Chronos's form {@code ct:<due millis>:<attempt>:<job>:}: the
 * slot (or trigger time) and attempt make the id deterministic, so a run claimed before a failover
 * is launched by the next leader under the very id the previous one recorded, and the master
 * refuses a second task with it. Mezzo leaves Chronos's trailing arguments part empty: arguments
 * may hold spaces, which a Mesos id must not. Pure.
 */
public final class JobTaskIds {
  private static final Pattern FORM = Pattern.compile("ct:(\\d+):(\\d+):(.+):");

  private JobTaskIds() {}

  /** The parts of one of our task ids. */
  public record Parts(long dueMillis, int attempt, String job) {}

  public static TaskId of(long dueMillis, int attempt, String job) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
    }
    return TaskId.of("ct:" + dueMillis + ":" + attempt + ":" + job + ":");
  }

  /** The parts of an id made by {@link #of}; empty for an id of another form. */
  public static Optional<Parts> parse(TaskId taskId) {
    Matcher m = FORM.matcher(taskId.value());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Parts(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
