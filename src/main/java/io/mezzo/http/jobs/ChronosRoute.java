package io.mezzo.http.jobs;

import io.mezzo.api.v1.MasterInfo;
import io.mezzo.bootstrap.JobsWiring;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.master.LeaderRedirect;
import io.mezzo.master.Master;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Chronos's REST API ({@code /v1/scheduler/*}, {@code /scheduler/*}) on a node that runs a master.
 * A standby master answers it as every other master API does: 307 to the leader (503 while none is
 * known), rather than proxying as Chronos does; clients that follow redirects (curl -L, as
 * Chronos's documentation writes every example) reach the leader. {@code /leader} is answered by
 * any master.
 */
@ApplicationScoped
public class ChronosRoute {
  /** How long a call may wait for the framework's owner thread before 503. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final MezzoNode node;
  private final JobsWiring wiring;

  public ChronosRoute(MezzoNode node, JobsWiring wiring) {
    this.node = node;
    this.wiring = wiring;
  }

  void register(@Observes Router router) {
    if (!node.role().runsMaster()) {
      return;
    }
    new ChronosRoutes(
            new ChronosRoutes.Deps(
                rc -> LeaderRedirect.answered(rc, node),
                wiring::api,
                this::leader,
                Clock.systemUTC(),
                node.maxBodyBytes(),
                CALL_TIMEOUT))
        .register(router);
  }

  private Optional<String> leader() {
    return node.master()
        .filter(Master::isRecovered)
        .map(Master::info)
        .or(node::leader)
        .map(ChronosRoute::hostPort);
  }

  private static String hostPort(MasterInfo m) {
    String host = m.hostname() != null ? m.hostname() : m.address() == null ? "" : m.address().ip();
    return host + ":" + (m.port() == null ? 0 : m.port());
  }
}
