package io.mezzo.api.v1;

/**
 * A general check of a running task ({@code mesos.v1.CheckInfo}): its result is reported to the
 * framework in {@code TaskStatus.check_status} whenever it changes, and never kills the task. Unset
 * timings take Mesos's defaults: first after {@code delay_seconds} (15), then every {@code
 * interval_seconds} (10), each bounded by {@code timeout_seconds} (20).
 */
public record CheckInfo(
    Type type,
    Command command,
    Http http,
    Tcp tcp,
    Double delaySeconds,
    Double intervalSeconds,
    Double timeoutSeconds) {

  public static final double DEFAULT_DELAY_SECONDS = 15;
  public static final double DEFAULT_INTERVAL_SECONDS = 10;
  public static final double DEFAULT_TIMEOUT_SECONDS = 20;

  public CheckInfo {
    delaySeconds = delaySeconds == null ? DEFAULT_DELAY_SECONDS : delaySeconds;
    intervalSeconds = intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
    timeoutSeconds = timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
  }

  /** {@code CheckInfo.Type}. */
  public enum Type {
    UNKNOWN,
    COMMAND,
    HTTP,
    TCP
  }

  /** The command to run in the task's context ({@code CheckInfo.Command}). */
  public record Command(CommandInfo command) {}

  /** An HTTP GET to {@code 127.0.0.1:port} + {@code path}; reports the status code. */
  public record Http(Integer port, String path) {}

  /** A TCP connect to {@code 127.0.0.1:port}; reports whether it succeeded. */
  public record Tcp(Integer port) {}
}
