package io.mezzo.master;

/**
 * The outcome of a call as the HTTP edge must answer it: a status code and, for errors, a message
 * saying what is wrong (house rule 8). {@code body} is set for synchronous calls that answer 200.
 */
public record CallResult(int status, String message, Object body) {
  public static final CallResult ACCEPTED = new CallResult(202, null, null);
  public static final CallResult OK = new CallResult(200, null, null);

  public static CallResult ok(Object body) {
    return new CallResult(200, null, body);
  }

  public static CallResult badRequest(String message) {
    return new CallResult(400, message, null);
  }

  public static CallResult forbidden(String message) {
    return new CallResult(403, message, null);
  }

  public static CallResult notImplemented(String message) {
    return new CallResult(501, message, null);
  }

  public static CallResult unavailable(String message) {
    return new CallResult(503, message, null);
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
