package io.mezzo.api.v1;

import java.util.List;

/**
 * How the agent decides whether a running task is healthy ({@code mesos.v1.HealthCheck}). Unset
 * timings take Mesos's defaults, so what is stored and shown is what runs: the first check after
 * {@code delay_seconds} (15), then every {@code interval_seconds} (10), each bounded by {@code
 * timeout_seconds} (20); failures in the first {@code grace_period_seconds} (10) do not count until
 * a check has passed; {@code consecutive_failures} (3) failures in a row kill the task.
 */
public record HealthCheck(
    Double delaySeconds,
    Double intervalSeconds,
    Double timeoutSeconds,
    Integer consecutiveFailures,
    Double gracePeriodSeconds,
    Type type,
    CommandInfo command,
    Http http,
    Tcp tcp) {

  public static final double DEFAULT_DELAY_SECONDS = 15;
  public static final double DEFAULT_INTERVAL_SECONDS = 10;
  public static final double DEFAULT_TIMEOUT_SECONDS = 20;
  public static final int DEFAULT_CONSECUTIVE_FAILURES = 3;
  public static final double DEFAULT_GRACE_PERIOD_SECONDS = 10;

  public HealthCheck {
    delaySeconds = delaySeconds == null ? DEFAULT_DELAY_SECONDS : delaySeconds;
    intervalSeconds = intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
    timeoutSeconds = timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
    consecutiveFailures =
        consecutiveFailures == null ? DEFAULT_CONSECUTIVE_FAILURES : consecutiveFailures;
    gracePeriodSeconds =
        gracePeriodSeconds == null ? DEFAULT_GRACE_PERIOD_SECONDS : gracePeriodSeconds;
  }

  /** A COMMAND check of {@code command} under {@code /bin/sh -c}, with default timings. */
  public static HealthCheck command(String command) {
    return new HealthCheck(
        null, null, null, null, null, Type.COMMAND, CommandInfo.shell(command), null, null);
  }

  /** A copy with other timings (seconds), for tests and examples that cannot wait 15 s. */
  public HealthCheck withTimings(
      double delay, double interval, double timeout, int failures, double grace) {
    return new HealthCheck(delay, interval, timeout, failures, grace, type, command, http, tcp);
  }

  /** {@code HealthCheck.Type}. */
  public enum Type {
    UNKNOWN,
    COMMAND,
    HTTP,
    TCP
  }

  /**
   * An HTTP GET to the task ({@code HealthCheck.HTTPCheckInfo}): healthy on a status in {@code
   * statuses}, or on 200–399 when none are listed. {@code scheme} is http (default) or https.
   */
  public record Http(
      TaskStatus.Protocol protocol,
      String scheme,
      Integer port,
      String path,
      List<Integer> statuses) {
    public Http {
      protocol = protocol == null ? TaskStatus.Protocol.IPv4 : protocol;
      statuses = statuses == null ? List.of() : List.copyOf(statuses);
    }
  }

  /** A TCP connect to the task ({@code HealthCheck.TCPCheckInfo}). */
  public record Tcp(TaskStatus.Protocol protocol, Integer port) {
    public Tcp {
      protocol = protocol == null ? TaskStatus.Protocol.IPv4 : protocol;
    }
  }
}
