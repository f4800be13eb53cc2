package io.mezzo.agent.fetcher;

/**
 * Why one URI could not be fetched; the message names the URI and the cause, since it becomes the
 * message of the task's TASK_FAILED update.
 */
public final class FetchException extends Exception {
  private static final long serialVersionUID = 1L;

  public FetchException(String message) {
    super(message);
  }

  public FetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
