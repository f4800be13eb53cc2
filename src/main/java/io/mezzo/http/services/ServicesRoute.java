package io.mezzo.http.services;

import io.mezzo.api.v1.MasterInfo;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.bootstrap.ServicesWiring;
import io.mezzo.bootstrap.ZooKeeperChoice;
import io.mezzo.framework.services.api.ServerInfo;
import io.mezzo.http.master.LeaderRedirect;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;

/**
 * Marathon's REST API ({@code /v2/*}, {@code /ping}) on a node that runs a master. A standby master
 * answers {@code /v2} as every other master API does: 307 to the leader (503 while none is known),
 * rather than proxying; Marathon clients that follow redirects (curl -L, most libraries) reach the
 * leader, and no request is held open on a node that cannot answer it.
 */
@ApplicationScoped
public class ServicesRoute {
  /** How long a call may wait for the framework's owner thread before 503. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final MezzoNode node;
  private final Vertx vertx;
  private final ServicesWiring wiring;
  private final ZooKeeperChoice zooKeeper;

  public ServicesRoute(
      MezzoNode node, Vertx vertx, ServicesWiring wiring, ZooKeeperChoice zooKeeper) {
    this.node = node;
    this.vertx = vertx;
    this.wiring = wiring;
    this.zooKeeper = zooKeeper;
  }

  void register(@Observes Router router) {
    if (!node.role().runsMaster()) {
      return;
    }
    new V2Routes(
            new V2Routes.Deps(
                vertx,
                rc -> LeaderRedirect.answered(rc, node),
                wiring::api,
                this::server,
                Clock.systemUTC(),
                node.maxBodyBytes(),
                CALL_TIMEOUT,
                EventStream.Settings.defaults()))
        .register(router);
  }

  private ServerInfo server() {
    MasterInfo m = node.master().map(x -> x.info()).orElse(null);
    String host =
        m == null
            ? ""
            : m.hostname() != null ? m.hostname() : m.address() == null ? "" : m.address().ip();
    int port = m == null || m.port() == null ? 0 : m.port();
    return new ServerInfo(
        host + ":" + port, host, port, zooKeeper.url().orElse(null), wiring.config());
  }
}
