package io.mezzo.master.zookeeper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The ZooKeeper server configuration ({@code zoo.cfg} keys) of this master's embedded peer. Pure.
 *
 * <ul>
 *   <li>Always a quorum peer ({@code standaloneEnabled=false}), also for a one-entry ensemble, so
 *       trying a single master runs the same code as three.
 *   <li>The tick follows {@code mezzo.zk-session-timeout}: a third of it, between 200 ms and
 *       ZooKeeper's usual 2 s, and the session bounds are widened to admit it, so the masters get
 *       the session timeout they ask for. The init and sync limits stay about 20 s and 10 s
 *       whatever the tick, so a loaded machine does not drop followers.
 *   <li>No admin server (it would need Jetty and another port), no dynamic reconfiguration.
 *   <li>Snapshots and logs purged every hour, the last 3 kept.
 * </ul>
 */
public final class QuorumPeerSettings {
  static final int SNAP_RETAIN_COUNT = 3;
  static final int PURGE_INTERVAL_HOURS = 1;

  private QuorumPeerSettings() {}

  /** The tick, derived from the session timeout as described above. */
  static long tickMillis(Duration sessionTimeout) {
    return Math.max(200, Math.min(2000, sessionTimeout.toMillis() / 3));
  }

  /**
   * @param self this master's peer, one of {@code ensemble}'s
   * @param dataDir where snapshots, logs and {@code myid} are
   */
  public static Properties of(
      Ensemble ensemble, EnsemblePeer self, Path dataDir, Duration sessionTimeout) {
    long tick = tickMillis(sessionTimeout);
    long session = sessionTimeout.toMillis();
    Properties p = new Properties();
    p.setProperty("dataDir", dataDir.toAbsolutePath().toString());
    p.setProperty("tickTime", Long.toString(tick));
    p.setProperty("initLimit", Long.toString(ceilDiv(20_000, tick)));
    p.setProperty("syncLimit", Long.toString(ceilDiv(10_000, tick)));
    p.setProperty("minSessionTimeout", Long.toString(Math.min(session, 2 * tick)));
    p.setProperty("maxSessionTimeout", Long.toString(Math.max(session, 20 * tick)));
    p.setProperty("standaloneEnabled", "false");
    p.setProperty("reconfigEnabled", "false");
    p.setProperty("admin.enableServer", "false");
    p.setProperty("autopurge.snapRetainCount", Integer.toString(SNAP_RETAIN_COUNT));
    p.setProperty("autopurge.purgeInterval", Integer.toString(PURGE_INTERVAL_HOURS));
    p.setProperty("clientPort", Integer.toString(self.clientPort()));
    if (self.loopback()) {
      p.setProperty("clientPortAddress", self.host());
    } else {
      p.setProperty("quorumListenOnAllIPs", "true");
    }
    for (EnsemblePeer peer : ensemble.peers()) {
      p.setProperty(
          "server." + peer.id(),
          peer.host() + ":" + peer.peerPort() + ":" + peer.electionPort() + ":participant");
    }
    return p;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
