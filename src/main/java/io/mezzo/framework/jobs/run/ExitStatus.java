package io.mezzo.framework.jobs.run;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exit status of a job's command, read from a task status message. Mesos carries no exit code
 * in TaskStatus; its command executor (and Mezzo's) says {@code "Command exited with status 3"},
 * which is what Chronos users read too. Pure.
 */
public final class ExitStatus {
  private static final Pattern STATUS = Pattern.compile("exited with status (-?\\d+)");

  private ExitStatus() {}

  /** The status the message reports, empty when it reports none. */
  public static Optional<Integer> of(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher m = STATUS.matcher(message);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(m.group(1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
