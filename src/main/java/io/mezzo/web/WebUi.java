package io.mezzo.web;

import io.mezzo.bootstrap.MezzoNode;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The web UI: static files under {@code META-INF/resources} ({@code index.html} at {@code /}, the
 * rest under {@code /ui/}), which Quarkus serves on every node. The UI belongs to the master, so on
 * a node that runs no master this filter answers 404 for those paths before the static handler sees
 * them, as it does for every endpoint of a role a node does not run.
 */
@ApplicationScoped
public class WebUi {
  /** Runs before Quarkus's static resource handler. */
  static final int FILTER_PRIORITY = 100;

  private final MezzoNode node;

  public WebUi(MezzoNode node) {
    this.node = node;
  }

  void register(@Observes Filters filters) {
    if (node.role().runsMaster()) {
      return;
    }
    filters.register(this::hideFromNonMasters, FILTER_PRIORITY);
  }

  private void hideFromNonMasters(RoutingContext rc) {
    if (isUiPath(rc.normalizedPath())) {
      rc.response()
          .setStatusCode(404)
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end(
              "The web UI is served by masters; this node is a "
                  + node.role().name().toLowerCase());
      return;
    }
    rc.next();
  }

  /** Whether a request path is one of the UI's files. */
  static boolean isUiPath(String path) {
    return path.equals("/")
        || path.equals("/index.html")
        || path.equals("/ui")
        || path.startsWith("/ui/");
  }
}
