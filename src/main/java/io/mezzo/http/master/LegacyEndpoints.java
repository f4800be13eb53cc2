package io.mezzo.http.master;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.common.LegacyResponses;
import io.mezzo.master.MasterState;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/**
 * What the master's legacy endpoints share (MESOS-API.md §4.3): each is served with and without the
 * {@code /master} prefix (the master is libprocess's default process in Mesos), reads run on the
 * leading master's context and are written as JSON or JSONP on the request's, and a standby sends
 * the client to the leader first, before the method is looked at, as Mesos does.
 */
final class LegacyEndpoints {
  private LegacyEndpoints() {}

  /** Registers {@code handler} for GET on {@code /master/<name>} and {@code /<name>}. */
  static void get(Router router, String name, Handler<RoutingContext> handler) {
    router.get("/master/" + name).handler(handler);
    router.get("/" + name).handler(handler);
  }

  /**
   * Registers {@code handler} for every method on both paths; it dispatches on the method itself,
   * answering {@link #methodNotAllowed} for the rest.
   */
  static void any(Router router, String name, Handler<RoutingContext> handler) {
    router.route("/master/" + name).handler(handler);
    router.route("/" + name).handler(handler);
  }

  /**
   * Writes what {@code reader} makes of the leading master's state as JSON or JSONP; a standby
   * redirects (307) or answers 503 instead (see {@link LeaderRedirect}).
   */
  static void read(
      RoutingContext rc,
      MezzoNode node,
      Vertx vertx,
      Function<MasterState, ? extends JsonNode> reader) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    Context ctx = vertx.getOrCreateContext();
    node.master()
        .orElseThrow()
        .inspect(reader)
        .whenComplete((json, err) -> ctx.runOnContext(v -> LegacyResponses.reply(rc, json, err)));
  }

  /** 405 with the {@code Allow} header and Mesos's wording. */
  static void methodNotAllowed(RoutingContext rc, List<String> allowed) {
    rc.response().putHeader("Allow", String.join(", ", allowed));
    HttpResults.error(
        rc.response(),
        405,
        "405 Method Not Allowed. Expecting one of { '"
            + String.join("', '", allowed)
            + "' }, but received '"
            + rc.request().method().name()
            + "'.");
  }

  /**
   * 501 for a call Mezzo does not carry out yet: the request, then {@code why} (which names the
   * missing feature and when it comes), so an operator's tool never takes the change for done.
   */
  static void notYet(RoutingContext rc, String why) {
    HttpResults.error(
        rc.response(),
        501,
        rc.request().method().name()
            + " "
            + rc.request().path()
            + " is not implemented: "
            + why
            + "; nothing was changed");
  }
}
