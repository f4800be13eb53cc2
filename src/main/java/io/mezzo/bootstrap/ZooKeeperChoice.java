package io.mezzo.bootstrap;

import io.mezzo.config.MezzoConfig;
import io.mezzo.core.net.detect.ZkUrl;
import io.mezzo.master.zookeeper.EmbeddedZooKeeper;
import io.mezzo.master.zookeeper.Ensemble;
import io.mezzo.master.zookeeper.EnsemblePeer;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Which ZooKeeper a master uses ({@code mezzo.zk}): none (the registry in local files), an external
 * ensemble ({@code zk://host:2181,…/path}), or {@code embedded}, a ZooKeeper peer in each master
 * that the masters of {@code mezzo.zk-ensemble} form a quorum of. For the embedded one this bean
 * checks the settings (from {@link StartupChecks}), starts the peer after the checks and before
 * {@link NodeLifecycle} connects (startup priority 50, waiting for a quorum up to {@code
 * mezzo.zk-quorum-timeout}), and stops it after the master's ZooKeeper client has closed (shutdown
 * priority 4000). Either way the rest of the master sees one {@link #url()}.
 */
@ApplicationScoped
public class ZooKeeperChoice {
  static final String EMBEDDED = "embedded";

  /** The root of the masters' znodes in the embedded ensemble. */
  static final String EMBEDDED_ROOT = "/mezzo";

  private static final Logger LOG = Logger.getLogger(ZooKeeperChoice.class);
  private final MezzoNode node;
  private final MezzoConfig config;
  private final String httpHost;
  private final int httpPort;
  private volatile EmbeddedZooKeeper peer;

  public ZooKeeperChoice(
      MezzoNode node,
      MezzoConfig config,
      @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String httpHost,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "5050") int httpPort) {
    this.node = node;
    this.config = config;
    this.httpHost = httpHost;
    this.httpPort = httpPort;
  }

  /** True for {@code mezzo.zk=embedded}. */
  public boolean embedded() {
    return config.zk().map(EMBEDDED::equals).orElse(false);
  }

  /**
   * The ZooKeeper this master's registry and election use, as a {@code zk://} URL: {@code mezzo.zk}
   * itself for an external ensemble, every embedded peer's client address under {@value
   * #EMBEDDED_ROOT} for the embedded one; empty without ZooKeeper. Call after {@link #check}.
   */
  public Optional<String> url() {
    if (!embedded()) {
      return config.zk();
    }
    return Optional.of("zk://" + ensemble().connectString() + EMBEDDED_ROOT);
  }

  /**
   * Refuses settings that cannot work, naming the key: a {@code mezzo.zk} that is neither a {@code
   * zk://} URL nor {@code embedded}; ensemble keys without {@code mezzo.zk=embedded}; an embedded
   * peer outside the master role; an ensemble that does not parse or does not name this master; a
   * port of this master's peer that is taken.
   */
  void check() {
    Optional<String> zk = config.zk();
    if (zk.isEmpty() || !embedded()) {
      if (config.zkEnsemble().isPresent() || config.zkId().isPresent()) {
        String key = config.zkEnsemble().isPresent() ? "mezzo.zk-ensemble" : "mezzo.zk-id";
        Object value =
            config.zkEnsemble().isPresent() ? config.zkEnsemble().get() : config.zkId().getAsInt();
        throw StartupRefusal.of(
            key,
            value,
            "only used with mezzo.zk=embedded, but mezzo.zk is "
                + zk.orElse("unset")
                + "; set mezzo.zk=embedded or remove "
                + key
                + " (an external ensemble is listed in mezzo.zk itself)");
      }
      zk.ifPresent(
          url -> {
            try {
              ZkUrl.parse(url);
            } catch (IllegalArgumentException e) {
              throw StartupRefusal.of("mezzo.zk", url, e.getMessage() + " or " + EMBEDDED);
            }
          });
      return;
    }
    if (node.role() != Role.MASTER) {
      throw StartupRefusal.of(
          "mezzo.zk",
          EMBEDDED,
          "an embedded ZooKeeper runs only in masters (the master profile); a "
              + node.role().name().toLowerCase(java.util.Locale.ROOT)
              + " node keeps its registry in its work dir, or uses an external zk:// ensemble");
    }
    EnsemblePeer self = self();
    requireFree(self, self.clientPort(), "client");
    requireFree(self, self.peerPort(), "peer");
    requireFree(self, self.electionPort(), "election");
    if (ensemble().peers().size() % 2 == 0) {
      LOG.warnf(
          "mezzo.zk-ensemble has %d peers: an even count survives no more failures than one fewer"
              + " (it needs %d up); prefer 3 or 5",
          ensemble().peers().size(), ensemble().quorum());
    }
  }

  private Ensemble ensemble() {
    String text =
        config
            .zkEnsemble()
            .orElseThrow(
                () ->
                    new StartupRefusal(
                        "mezzo.zk=embedded needs mezzo.zk-ensemble, the masters' peers as"
                            + " host:peerPort:electionPort[:clientPort], comma-separated, e.g."
                            + " m1:2888:3888,m2:2888:3888,m3:2888:3888"));
    try {
      return Ensemble.parse(text, config.zkClientPort());
    } catch (IllegalArgumentException e) {
      throw StartupRefusal.of("mezzo.zk-ensemble", text, e.getMessage());
    }
  }

  /** This master's own entry: by {@code mezzo.zk-id}, else by its advertised host name. */
  private EnsemblePeer self() {
    Ensemble ensemble = ensemble();
    if (config.zkId().isPresent()) {
      try {
        return ensemble.byId(config.zkId().getAsInt());
      } catch (IllegalArgumentException e) {
        throw StartupRefusal.of("mezzo.zk-id", config.zkId().getAsInt(), e.getMessage());
      }
    }
    String hostname = Hosts.hostname(config.hostname(), httpHost);
    try {
      return ensemble.byHost(hostname);
    } catch (IllegalArgumentException e) {
      throw StartupRefusal.of("mezzo.zk-ensemble", config.zkEnsemble().get(), e.getMessage());
    }
  }

  private void requireFree(EnsemblePeer self, int port, String which) {
    String where = self.loopback() ? self.host() : "0.0.0.0";
    boolean taken = port == httpPort;
    if (!taken) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(where, port));
      } catch (IOException | IllegalArgumentException | SecurityException e) {
        taken = true;
      }
    }
    if (taken) {
      throw StartupRefusal.of(
          "mezzo.zk-ensemble",
          config.zkEnsemble().get(),
          "the "
              + which
              + " port "
              + port
              + " of this master's peer (entry "
              + self.id()
              + ", "
              + self.entry()
              + ") cannot be listened on at "
              + where
              + (port == httpPort
                  ? ": it is this node's quarkus.http.port"
                  : ": in use by another process, or not an address of this machine")
              + "; give the entry free ports");
    }
  }

  /** After {@link StartupChecks} (10), before {@link NodeLifecycle} connects (100). */
  void start(@Observes @Priority(50) StartupEvent ev) throws InterruptedException {
    if (!embedded() || !node.role().runsMaster()) {
      return;
    }
    EnsemblePeer self = self();
    Path dir = Path.of(config.workDir()).resolve("zookeeper");
    try {
      peer =
          EmbeddedZooKeeper.start(
              ensemble(),
              self,
              dir,
              config.zkSessionTimeout(),
              code -> {
                LOG.errorf("the embedded ZooKeeper peer asked to exit (code %d); exiting", code);
                Quarkus.asyncExit(code == 0 ? 1 : code);
              });
      peer.awaitQuorum(config.zkQuorumTimeout());
    } catch (IllegalArgumentException | IllegalStateException e) {
      stopPeer();
      throw StartupRefusal.of("mezzo.zk-ensemble", config.zkEnsemble().get(), e.getMessage());
    } catch (IOException e) {
      stopPeer();
      throw new UncheckedIOException("cannot write the embedded ZooKeeper's data in " + dir, e);
    }
  }

  /** After {@link NodeLifecycle#stop} closed the master's client, so its session ends cleanly. */
  void stop(@Observes @Priority(4000) ShutdownEvent ev) {
    stopPeer();
  }

  private void stopPeer() {
    EmbeddedZooKeeper p = peer;
    peer = null;
    if (p != null) {
      p.close();
    }
  }
}
