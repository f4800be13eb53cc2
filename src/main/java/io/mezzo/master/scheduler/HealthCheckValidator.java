package io.mezzo.master.scheduler;

import io.mezzo.api.v1.CheckInfo;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.HealthCheck;
import io.mezzo.api.v1.TaskInfo;
import java.util.Optional;

/**
 * Checks a task's {@code health_check}, {@code check} and {@code max_completion_time} before it is
 * launched, as Mesos's common validation does: a bad one becomes TASK_ERROR with
 * REASON_TASK_INVALID naming the field, so a check the agent could not run is never accepted and
 * then silently skipped. Beyond Mesos, NaN durations and ports outside 1–65535 are refused too:
 * Mesos would run them as no delay or a port that cannot connect. Pure.
 */
public final class HealthCheckValidator {
  private HealthCheckValidator() {}

  /** Why the task's checks or completion limit are invalid, if they are. */
  public static Optional<String> problem(TaskInfo task) {
    if (task.healthCheck() != null) {
      Optional<String> p = healthCheck(task.healthCheck());
      if (p.isPresent()) {
        return Optional.of("Task uses invalid health check: " + p.get());
      }
    }
    if (task.check() != null) {
      Optional<String> p = check(task.check());
      if (p.isPresent()) {
        return Optional.of("Task uses invalid check: " + p.get());
      }
    }
    if (task.maxCompletionTime() != null
        && task.maxCompletionTime().nanoseconds() != null
        && task.maxCompletionTime().nanoseconds() < 0) {
      return Optional.of("Task's 'max_completion_time' must be non-negative");
    }
    return Optional.empty();
  }

  static Optional<String> healthCheck(HealthCheck h) {
    Optional<String> timing =
        first(
            seconds("delay_seconds", h.delaySeconds()),
            seconds("interval_seconds", h.intervalSeconds()),
            seconds("timeout_seconds", h.timeoutSeconds()),
            seconds("grace_period_seconds", h.gracePeriodSeconds()));
    if (timing.isPresent()) {
      return timing;
    }
    if (h.consecutiveFailures() < 0) {
      return Optional.of(
          "Expecting 'consecutive_failures' to be non-negative, got " + h.consecutiveFailures());
    }
    if (h.type() == null) {
      return Optional.of("HealthCheck must specify 'type' (COMMAND, HTTP or TCP)");
    }
    return switch (h.type()) {
      case UNKNOWN -> Optional.of("'UNKNOWN' is not a valid health check type");
      case COMMAND ->
          h.command() == null
              ? Optional.of("Expecting 'command' to be set for COMMAND health check")
              : command("command", h.command(), "health check");
      case HTTP ->
          h.http() == null
              ? Optional.of("Expecting 'http' to be set for HTTP health check")
              : first(
                  scheme(h.http().scheme()),
                  port("http.port", h.http().port()),
                  path("http.path", h.http().path(), "health check"),
                  statuses(h.http()));
      case TCP ->
          h.tcp() == null
              ? Optional.of("Expecting 'tcp' to be set for TCP health check")
              : port("tcp.port", h.tcp().port());
    };
  }

  static Optional<String> check(CheckInfo c) {
    Optional<String> timing =
        first(
            seconds("delay_seconds", c.delaySeconds()),
            seconds("interval_seconds", c.intervalSeconds()),
            seconds("timeout_seconds", c.timeoutSeconds()));
    if (timing.isPresent()) {
      return timing;
    }
    if (c.type() == null) {
      return Optional.of("CheckInfo must specify 'type' (COMMAND, HTTP or TCP)");
    }
    return switch (c.type()) {
      case UNKNOWN -> Optional.of("'UNKNOWN' is not a valid check type");
      case COMMAND ->
          c.command() == null || c.command().command() == null
              ? Optional.of("Expecting 'command.command' to be set for COMMAND check")
              : command("command.command", c.command().command(), "check");
      case HTTP ->
          c.http() == null
              ? Optional.of("Expecting 'http' to be set for HTTP check")
              : first(
                  port("http.port", c.http().port()), path("http.path", c.http().path(), "check"));
      case TCP ->
          c.tcp() == null
              ? Optional.of("Expecting 'tcp' to be set for TCP check")
              : port("tcp.port", c.tcp().port());
    };
  }

  private static Optional<String> seconds(String field, double value) {
    if (Double.isNaN(value) || value < 0) {
      return Optional.of("Expecting '" + field + "' to be non-negative, got " + value);
    }
    if (Double.isInfinite(value) && !field.equals("delay_seconds")) {
      return Optional.of("Expecting '" + field + "' to be finite");
    }
    return Optional.empty();
  }

  private static Optional<String> command(String field, CommandInfo command, String kind) {
    if (command.value() == null || command.value().isBlank()) {
      return Optional.of("Expecting '" + field + ".value' to be set for the " + kind + " command");
    }
    if (!command.uris().isEmpty()) {
      return Optional.of("'" + field + ".uris' are not supported for a " + kind + " command");
    }
    return Optional.empty();
  }

  private static Optional<String> scheme(String scheme) {
    if (scheme == null || scheme.equals("http") || scheme.equals("https")) {
      return Optional.empty();
    }
    return Optional.of(
        "Unsupported HTTP health check scheme: '" + scheme + "' (expecting http or https)");
  }

  private static Optional<String> port(String field, Integer port) {
    if (port == null) {
      return Optional.of("Expecting '" + field + "' to be set");
    }
    if (port < 1 || port > 65535) {
      return Optional.of("Expecting '" + field + "' to be in [1, 65535], got " + port);
    }
    return Optional.empty();
  }

  private static Optional<String> path(String field, String path, String kind) {
    if (path != null && !path.startsWith("/")) {
      return Optional.of("The '" + field + "' of the HTTP " + kind + " must start with '/'");
    }
    return Optional.empty();
  }

  private static Optional<String> statuses(HealthCheck.Http http) {
    for (Integer s : http.statuses()) {
      if (s < 100 || s > 599) {
        return Optional.of("Expecting 'http.statuses' to hold HTTP status codes, got " + s);
      }
    }
    return Optional.empty();
  }

  @SafeVarargs
  private static Optional<String> first(Optional<String>... problems) {
    for (Optional<String> p : problems) {
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }
}
