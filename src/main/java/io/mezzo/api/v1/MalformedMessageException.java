package io.mezzo.api.v1;

/** A body that is not valid Mesos JSON, or not of the expected shape; maps to HTTP 400. */
public class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
