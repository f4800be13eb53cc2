package io.mezzo.http.common;

import io.mezzo.core.logging.Verbosity;
import io.mezzo.core.time.StoutDuration;
import io.mezzo.http.security.Callers;
import io.mezzo.ops.LoggingLevel;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * {@code /logging/toggle?level=N&duration=D}, libprocess's endpoint that every Mesos master and
 * agent serves (GET or POST, parameters in the query): raises the node's glog-style verbosity to
 * {@code level} for {@code duration} (stout syntax: {@code 10secs}, {@code 1mins}), after which it
 * reverts. With neither parameter it answers the current level; with one of them, or a bad value,
 * 400 with Mesos's wording. It acts on the same {@link LoggingLevel} as the operator APIs'
 * GET/SET_LOGGING_LEVEL.
 */
@ApplicationScoped
public class LoggingToggleRoute {
  static final String PATH = "/logging/toggle";

  private final LoggingLevel logging;
  private final Authorizer authorizer;

  public LoggingToggleRoute(LoggingLevel logging, Authorizer authorizer) {
    this.logging = logging;
    this.authorizer = authorizer;
  }

  void register(@Observes Router router) {
    router.route(HttpMethod.GET, PATH).handler(this::handle);
    router.route(HttpMethod.POST, PATH).handler(this::handle);
  }

  private void handle(RoutingContext rc) {
    // Mesos guards this endpoint with get_endpoints on its path, reading the level as setting it.
    Decision d = authorizer.decide(Callers.of(rc), Action.GET_ENDPOINTS, PATH);
    if (!d.allowed()) {
      rc.response()
          .setStatusCode(403)
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end(d.reason());
      return;
    }
    Answer a = toggle(logging, rc.request().getParam("level"), rc.request().getParam("duration"));
    rc.response()
        .setStatusCode(a.status())
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(a.body());
  }

  /** What the endpoint answers: a status and its plain-text body. */
  record Answer(int status, String body) {
    static Answer badRequest(String why) {
      return new Answer(400, why + ".\n");
    }
  }

  /**
   * The endpoint's decision for the query parameters {@code level} and {@code duration} (null when
   * absent), applied to {@code logging}. Pure but for the set; any thread.
   */
  static Answer toggle(Verbosity logging, String level, String duration) {
    if (level == null && duration == null) {
      return new Answer(200, logging.level() + "\n");
    }
    if (duration == null) {
      return Answer.badRequest("Expecting 'duration=value' in query");
    }
    if (level == null) {
      return Answer.badRequest("Expecting 'level=value' in query");
    }
    int v;
    try {
      v = Integer.parseInt(level);
    } catch (NumberFormatException e) {
      return Answer.badRequest("Failed to convert '" + level + "' to number");
    }
    if (v < 0) {
      return Answer.badRequest("Invalid level '" + v + "'");
    }
    Duration d;
    try {
      d = StoutDuration.parse(duration);
    } catch (IllegalArgumentException e) {
      return Answer.badRequest(e.getMessage());
    }
    try {
      logging.set(v, d);
    } catch (IllegalArgumentException e) {
      return Answer.badRequest(e.getMessage());
    }
    return new Answer(200, "");
  }
}
