package io.mezzo.agent.health;

/**
 * What one probe saw. {@code healthy} is the health-check verdict; the other fields are what a
 * general check reports ({@code CheckStatusInfo}): a command's exit code, an HTTP status code, a
 * TCP connect's outcome — null when the probe got no such answer (timed out, could not start).
 *
 * @param detail a human-readable account for logs and task messages
 */
public record ProbeResult(
    boolean healthy, Integer exitCode, Integer statusCode, Boolean connected, String detail) {

  public static ProbeResult exited(int exitCode, String detail) {
    return new ProbeResult(exitCode == 0, exitCode, null, null, detail);
  }

  public static ProbeResult answered(int statusCode, boolean healthy, String detail) {
    return new ProbeResult(healthy, null, statusCode, null, detail);
  }

  public static ProbeResult connected(boolean connected, String detail) {
    return new ProbeResult(connected, null, null, connected, detail);
  }

  /** No answer at all: timed out, or could not be started. */
  public static ProbeResult failed(String detail) {
    return new ProbeResult(false, null, null, null, detail);
  }
}
