package io.mezzo.framework.jobs;

/**
 * A refusal of the jobs API, with the HTTP status Chronos's REST API answers (400 invalid job or a
 * dependency cycle — the message names the field or the cycle; 404 unknown job; 503 not ready) and
 * a message people can read.
 */
public final class JobsException extends RuntimeException {
  private final int status;

  public JobsException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
