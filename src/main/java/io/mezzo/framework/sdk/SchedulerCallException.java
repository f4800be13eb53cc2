package io.mezzo.framework.sdk;

/** The master refused a call: its HTTP status and its message, as it gave them. */
public final class SchedulerCallException extends RuntimeException {
  private final int status;

  public SchedulerCallException(int status, String message) {
    super("master answered " + status + ": " + message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
