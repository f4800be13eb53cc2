package io.mezzo.master.operator;

import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.Response;
import io.mezzo.core.logging.Verbosity;
import io.mezzo.master.CallResult;
import java.time.Duration;

/**
 * GET_LOGGING_LEVEL and SET_LOGGING_LEVEL: the node's glog-style verbosity, which the master shares
 * with the node's {@code /logging/toggle} endpoint (and, on a standalone node, with the agent). As
 * in Mesos, GET answers the current level and SET answers an empty 200 once the level is in place;
 * it reverts when {@code duration} ends. Any thread ({@link Verbosity} is thread-safe).
 */
public final class LoggingLevelHandler {
  private final Verbosity logging;

  public LoggingLevelHandler(Verbosity logging) {
    this.logging = logging;
  }

  public Response get() {
    return Response.loggingLevel(logging.level());
  }

  /**
   * Sets the level for the duration. Both are required (the protos say so); a negative level or a
   * duration that is not positive is refused, naming the field.
   */
  public CallResult set(Call.SetLoggingLevel body) {
    if (body == null) {
      return CallResult.badRequest("Expecting 'set_logging_level' to be present");
    }
    if (body.level() == null) {
      return CallResult.badRequest("Expecting 'set_logging_level.level' to be present");
    }
    if (body.duration() == null || body.duration().nanoseconds() == null) {
      return CallResult.badRequest(
          "Expecting 'set_logging_level.duration.nanoseconds' to be present");
    }
    if (body.level() < 0) {
      return CallResult.badRequest(
          "'set_logging_level.level' must not be negative (it is a uint32), got " + body.level());
    }
    long nanos = body.duration().nanoseconds();
    if (nanos <= 0) {
      // Mesos would raise the level and drop it again at once; a call that changes nothing is
      // more likely a mistake (seconds sent as nanoseconds of zero), so it is refused.
      return CallResult.badRequest(
          "'set_logging_level.duration' must be positive, got " + nanos + " nanoseconds");
    }
    try {
      logging.set(body.level(), Duration.ofNanos(nanos));
    } catch (UnsupportedOperationException e) {
      return CallResult.notImplemented("SET_LOGGING_LEVEL: " + e.getMessage());
    }
    return CallResult.OK;
  }
}
