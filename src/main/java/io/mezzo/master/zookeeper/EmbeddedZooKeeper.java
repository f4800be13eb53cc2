package io.mezzo.master.zookeeper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntConsumer;
import org.apache.zookeeper.server.DatadirCleanupManager;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;
import org.apache.zookeeper.util.ServiceUtils;
import org.jboss.logging.Logger;

/**
 * This master's ZooKeeper quorum peer, run in-process with Apache ZooKeeper's own server classes
 * ({@link QuorumPeerMain}), so masters that list each other in {@code mezzo.zk-ensemble} need no
 * separate ZooKeeper. Its data (snapshots, transaction logs, {@code myid}) lives in one directory,
 * purged hourly.
 *
 * <pre>
 *   start ──▶ LOOKING ──quorum──▶ LEADING | FOLLOWING (serving clients) ──close──▶ stopped
 *                 ▲                        │
 *                 └──── quorum lost ───────┘   (ZooKeeper re-elects by itself)
 * </pre>
 *
 * <p>Threads: ZooKeeper's own (one thread here runs {@link QuorumPeerMain#runFromConfig}, which
 * returns when the peer shuts down). {@link #awaitQuorum} and {@link #close} are called by the
 * node's startup and shutdown, one at a time.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedZooKeeper.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final Ensemble ensemble;
  private final EnsemblePeer self;
  private final Peer main = new Peer();
  private final DatadirCleanupManager purge;
  private final Thread thread;
  private volatile Throwable failure;

  private EmbeddedZooKeeper(
      Ensemble ensemble, EnsemblePeer self, QuorumPeerConfig config, DatadirCleanupManager purge) {
    this.ensemble = ensemble;
    this.self = self;
    this.purge = purge;
    this.thread =
        new Thread(
            () -> {
              try {
                main.runFromConfig(config);
              } catch (Exception | LinkageError e) {
                // A missing class (LinkageError) must be reported too, not end the thread mutely.
                failure = e;
                LOG.errorf(e, "embedded ZooKeeper peer %d stopped: %s", self.id(), e.getMessage());
              }
            },
            "zookeeper-peer-" + self.id());
    thread.setDaemon(true);
  }

  /**
   * Writes {@code myid} if needed and starts the peer; returns at once (see {@link #awaitQuorum}).
   *
   * @param dataDir the peer's directory, created if absent
   * @param exitRequest what to do when ZooKeeper asks for the process to end (it does when it
   *     cannot bind its election port after retries); it is given ZooKeeper's exit code
   * @throws IllegalArgumentException if {@code dataDir} holds another peer's data (its {@code myid}
   *     differs), or ZooKeeper refuses the configuration
   * @throws IOException if the directory cannot be written
   */
  public static EmbeddedZooKeeper start(
      Ensemble ensemble,
      EnsemblePeer self,
      Path dataDir,
      Duration sessionTimeout,
      IntConsumer exitRequest)
      throws IOException {
    writeMyId(dataDir, self.id());
    // Read by ZooKeeper when it builds the peer; there is no Jetty here for the admin server.
    System.setProperty("zookeeper.admin.enableServer", "false");
    ServiceUtils.setSystemExitProcedure(exitRequest::accept);
    QuorumPeerConfig config = new QuorumPeerConfig();
    try {
      config.parseProperties(QuorumPeerSettings.of(ensemble, self, dataDir, sessionTimeout));
    } catch (QuorumPeerConfig.ConfigException e) {
      throw new IllegalArgumentException("ZooKeeper refuses the configuration: " + e.getMessage());
    }
    DatadirCleanupManager purge =
        new DatadirCleanupManager(
            config.getDataDir(),
            config.getDataLogDir(),
            config.getSnapRetainCount(),
            config.getPurgeInterval());
    purge.start();
    EmbeddedZooKeeper zk = new EmbeddedZooKeeper(ensemble, self, config, purge);
    zk.thread.start();
    LOG.infof(
        "embedded ZooKeeper peer %d of %d (%s) started in %s; needs %d peers for a quorum",
        self.id(), ensemble.peers().size(), self.entry(), dataDir, ensemble.quorum());
    return zk;
  }

  /**
   * The peer's id is its position in the ensemble; a directory that already holds another id is
   * another peer's history (the entries were reordered, or the directory copied), and joining with
   * it would corrupt the ensemble.
   */
  static void writeMyId(Path dataDir, int id) throws IOException {
    Files.createDirectories(dataDir);
    Path myid = dataDir.resolve("myid");
    if (Files.exists(myid)) {
      String was = Files.readString(myid, StandardCharsets.US_ASCII).strip();
      if (!was.equals(Integer.toString(id))) {
        throw new IllegalArgumentException(
            "this master is peer "
                + id
                + " but "
                + myid
                + " says it was peer "
                + was
                + "; the order of the entries is the peers' ids and must not change (remove "
                + dataDir
                + " to join afresh; the others' copies hold the data)");
      }
      return;
    }
    Files.writeString(myid, id + "\n", StandardCharsets.US_ASCII);
  }

  /** This peer's ensemble entry. */
  public EnsemblePeer self() {
    return self;
  }

  /** True while the peer is in a quorum and serves clients (it leads or follows). */
  public boolean serving() {
    QuorumPeer peer = main.peer;
    if (peer == null || !peer.isRunning()) {
      return false;
    }
    QuorumPeer.ServerState state = peer.getPeerState();
    ZooKeeperServer server = peer.getActiveServer();
    return (state == QuorumPeer.ServerState.LEADING || state == QuorumPeer.ServerState.FOLLOWING)
        && server != null
        && server.isRunning();
  }

  /** ZooKeeper's name of the peer's state: {@code looking}, {@code leading}, {@code following}. */
  public String state() {
    QuorumPeer peer = main.peer;
    return peer == null ? "starting" : peer.getServerState();
  }

  /**
   * Waits until the peer serves, i.e. a quorum of the ensemble is up and has elected a ZooKeeper
   * leader. Logs its progress every 10 s.
   *
   * @throws IllegalStateException if the peer stopped, or no quorum formed within {@code timeout}
   * @throws InterruptedException if interrupted while waiting
   */
  public void awaitQuorum(Duration timeout) throws InterruptedException {
    // A bounded poll of ZooKeeper's own state; nanoTime, as only the elapsed time matters here.
    long start = System.nanoTime();
    long nextLog = PROGRESS_EVERY.toNanos();
    while (!serving()) {
      Throwable failed = failure;
      if (failed != null || !thread.isAlive()) {
        throw new IllegalStateException(
            "the embedded ZooKeeper peer "
                + self.id()
                + " stopped: "
                + (failed == null ? "no reason given" : failed.getMessage()));
      }
      long elapsed = System.nanoTime() - start;
      if (elapsed > timeout.toNanos()) {
        throw new IllegalStateException(
            "no ZooKeeper quorum within "
                + timeout.toSeconds()
                + " s: peer "
                + self.id()
                + " is "
                + state()
                + "; at least "
                + ensemble.quorum()
                + " of the "
                + ensemble.peers().size()
                + " masters in mezzo.zk-ensemble must run and reach each other's peer and"
                + " election ports");
      }
      if (elapsed > nextLog) {
        LOG.infof(
            "embedded ZooKeeper peer %d waits for a quorum (%d of %d peers), now %s",
            self.id(), ensemble.quorum(), ensemble.peers().size(), state());
        nextLog += PROGRESS_EVERY.toNanos();
      }
      Thread.sleep(100);
    }
    LOG.infof("embedded ZooKeeper peer %d is in a quorum, %s", self.id(), state());
  }

  /**
   * Stops the peer and the purge timer and waits, at most 10 s, for ZooKeeper's thread to end.
   * Idempotent. Clients should be closed first, so their sessions end cleanly.
   */
  @Override
  public void close() {
    purge.shutdown();
    try {
      main.close();
    } catch (RuntimeException e) {
      LOG.warnf(e, "embedded ZooKeeper peer %d did not shut down cleanly", self.id());
    }
    try {
      thread.join(STOP_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Parsing our zoo.cfg set ZooKeeper's process-wide standaloneEnabled to false; put back its
    // default so another server in this JVM (a test's TestingServer) reads its own config as meant.
    org.apache.zookeeper.server.quorum.QuorumPeerConfig.setStandaloneEnabled(true);
    if (thread.isAlive()) {
      LOG.warnf(
          "embedded ZooKeeper peer %d still stopping after %d s; leaving it to the JVM's exit",
          self.id(), STOP_TIMEOUT.toSeconds());
    } else {
      LOG.infof("embedded ZooKeeper peer %d stopped", self.id());
    }
  }

  /** ZooKeeper's main with the peer it builds kept, for {@link #serving} and {@link #state}. */
  private static final class Peer extends QuorumPeerMain {
    private volatile QuorumPeer peer;

    @Override
    protected QuorumPeer getQuorumPeer() throws javax.security.sasl.SaslException {
      QuorumPeer built = super.getQuorumPeer();
      peer = built;
      return built;
    }
  }
}
