package io.mezzo.bootstrap;

import io.quarkus.runtime.QuarkusBindException;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a startup failure that is the operator's to fix into the one line a node prints instead of
 * a stack trace: a {@link StartupRefusal}, a port Quarkus could not bind, or a value Quarkus's
 * configuration could not convert ("{@code mezzo.master.agent-ping-timeout=abc: not a valid
 * duration …}"), including a {@code mezzo.*} key it does not know. Anything else is a bug and keeps
 * its stack trace. Pure, but for reading the system property an unknown key came from.
 */
public final class StartupFailures {
  private static final Pattern CONVERSION =
      Pattern.compile(
          "The config property (\\S+) with the config value \"(.*)\" threw an Exception whilst"
              + " being converted:? ?(.*)");
  private static final Pattern MISSING =
      Pattern.compile("The config property (\\S+) is required but it could not be found.*");
  private static final Pattern UNMAPPED =
      Pattern.compile("(\\S+) in (\\S+) does not map to any root");
  private static final Pattern CODE =
      Pattern.compile("^(?:[\\w.$]+(?:Exception|Error): )?SRCFG\\d+: ");

  private StartupFailures() {}

  /** The one line to print for {@code failure}, or empty if it is not a configuration problem. */
  public static Optional<String> oneLine(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StartupRefusal r) {
        return Optional.of(r.getMessage());
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof QuarkusBindException b) {
        return Optional.of(PortCheck.inUse(b.getHost(), b.getPort()).getMessage());
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConfigurationException
          || t.getClass().getName().equals("io.smallrye.config.ConfigValidationException")) {
        return Optional.of(configProblems(String.valueOf(t.getMessage())));
      }
    }
    return Optional.empty();
  }

  /**
   * Quarkus's "Configuration validation failed:" report, one problem per tab-indented line, as one
   * line with each problem restated as {@code key=value: what is wrong; expected …}.
   */
  static String configProblems(String report) {
    // Quarkus reports some problems twice (once per validation pass); say each once.
    Set<String> problems = new LinkedHashSet<>();
    for (String raw : report.split("\\R")) {
      String line = raw.strip();
      if (line.isEmpty() || line.endsWith("failed:") || line.startsWith("at ")) {
        continue;
      }
      problems.add(restate(CODE.matcher(line).replaceFirst("")));
    }
    return problems.isEmpty() ? report.strip() : String.join("; ", problems);
  }

  private static String restate(String problem) {
    Matcher conversion = CONVERSION.matcher(problem);
    if (conversion.matches()) {
      String reason = CODE.matcher(conversion.group(3).strip()).replaceFirst("");
      return conversion.group(1) + "=" + conversion.group(2) + ": " + expectation(reason);
    }
    Matcher unmapped = UNMAPPED.matcher(problem);
    if (unmapped.matches()) {
      String key = unmapped.group(1);
      // The value is at hand when it was a system property (-Dkey=value), the common case.
      return UnknownKeys.describe(
          key, unmapped.group(2).startsWith("SysProp") ? System.getProperty(key) : null);
    }
    Matcher missing = MISSING.matcher(problem);
    if (missing.matches()) {
      return missing.group(1) + " is not set; it is required";
    }
    return problem;
  }

  /** SmallRye's converter messages, with the expected form added where they leave it out. */
  private static String expectation(String reason) {
    if (reason.startsWith("Invalid duration")) {
      return "not a duration; expected a number with a unit such as 15S, 500MS, 2M or 1H";
    }
    return reason;
  }
}
