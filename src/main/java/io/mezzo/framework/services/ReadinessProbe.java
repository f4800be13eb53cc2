package io.mezzo.framework.services;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Asks an instance whether it is ready to serve: one HTTP(S) GET of its readiness-check URI. A seam
 * so that unit tests script the answers and need no network.
 */
public interface ReadinessProbe {

  /**
   * Sends one GET to {@code uri}, following no redirect (a 3xx is an answer like any other).
   *
   * <p>Contract: never blocks the caller; the stage always completes within about {@code timeout}
   * (plus scheduling), normally with a {@link Result}: the response's status (with content type and
   * a bounded body), or a failure text for no answer at all (refused, timed out, bad TLS). It may
   * complete on any thread; callers hop back onto their own.
   */
  CompletionStage<Result> probe(URI uri, Duration timeout);

  /**
   * One probe's outcome.
   *
   * @param status the HTTP status, or 0 when no response came
   * @param contentType the response's Content-Type, if any
   * @param body the start of the response body (bounded), empty when none
   * @param failure why no response came, else null
   */
  record Result(int status, String contentType, String body, String failure) {
    public static Result response(int status, String contentType, String body) {
      return new Result(status, contentType, body == null ? "" : body, null);
    }

    public static Result failed(String why) {
      return new Result(0, null, "", why);
    }

    public boolean answered() {
      return failure == null;
    }
  }
}
