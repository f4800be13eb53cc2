package io.mezzo.bootstrap;

import io.mezzo.api.v1.MasterInfo;
import io.mezzo.config.MezzoConfig;
import io.mezzo.master.Master;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@link MezzoNode}s for route tests outside this package: a master-role node that leads with a
 * given in-process master, or a standby that knows the leader, as NodeLifecycle would set them.
 */
public final class TestNodes {
  private TestNodes() {}

  /** A master-role node whose master is {@code master} (leading and serving). */
  public static MezzoNode leading(Master master, int maxBodyBytes) {
    MezzoNode node = new MezzoNode(config("master", maxBodyBytes));
    node.master(master);
    return node;
  }

  /** A master-role node that does not lead and points at {@code leader}. */
  public static MezzoNode standby(MasterInfo leader, int maxBodyBytes) {
    MezzoNode node = new MezzoNode(config("master", maxBodyBytes));
    node.standby(true);
    node.standbyConfig(io.mezzo.master.MasterConfig.defaults());
    node.leader(leader);
    return node;
  }

  /**
   * Serves the routes {@code routes} mounts on a new Vert.x server on a free loopback port; returns
   * the port. The server stops with {@code vertx}.
   */
  public static int serve(Vertx vertx, Consumer<Router> routes) throws Exception {
    Router router = Router.router(vertx);
    routes.accept(router);
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    return server.actualPort();
  }

  public static MezzoConfig config(String role, int maxRequestBytes) {
    return new MezzoConfig() {
      @Override
      public String role() {
        return role;
      }

      @Override
      public String workDir() {
        return "unused";
      }

      @Override
      public Optional<String> hostname() {
        return Optional.empty();
      }

      @Override
      public Optional<String> master() {
        return Optional.empty();
      }

      @Override
      public Optional<String> zk() {
        return Optional.empty();
      }

      @Override
      public Duration zkSessionTimeout() {
        return Duration.ofSeconds(10);
      }

      @Override
      public Optional<String> zkEnsemble() {
        return Optional.empty();
      }

      @Override
      public int zkClientPort() {
        return 2181;
      }

      @Override
      public java.util.OptionalInt zkId() {
        return java.util.OptionalInt.empty();
      }

      @Override
      public Duration zkQuorumTimeout() {
        return Duration.ofMinutes(2);
      }

      @Override
      public int maxRequestBytes() {
        return maxRequestBytes;
      }
    };
  }
}
