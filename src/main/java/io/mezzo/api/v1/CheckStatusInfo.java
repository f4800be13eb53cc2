package io.mezzo.api.v1;

/**
 * The latest result of a task's general check ({@code mesos.v1.CheckStatusInfo}). A check that
 * could not produce a result (timed out, could not start) has its type and an empty body, as Mesos
 * reports it.
 */
public record CheckStatusInfo(CheckInfo.Type type, Command command, Http http, Tcp tcp) {

  /** The exit code of a COMMAND check, absent if it did not exit in time. */
  public record Command(Integer exitCode) {}

  /** The HTTP status code of an HTTP check, absent if no response came in time. */
  public record Http(Integer statusCode) {}

  /** Whether a TCP check connected. */
  public record Tcp(Boolean succeeded) {}
}
