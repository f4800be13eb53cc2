package io.mezzo.master.election;

import io.mezzo.api.v1.MasterInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.core.net.detect.ElectionNodes;
import io.mezzo.master.election.ElectionMetrics.Transition;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.jboss.logging.Logger;

/**
 * Mesos's election in ZooKeeper, in Mesos's layout so Mesos tooling finds the leader: every master
 * creates an ephemeral, sequential {@code <path>/json.info_<seq>} holding its {@code MasterInfo} as
 * JSON; the lowest sequence leads.
 *
 * <p>Leadership is fenced by time, not only by ZooKeeper's callbacks: a bounded loop (every {@link
 * LeadershipLease#renewalFor sixth} of the session timeout, and at once on a watch or a connection
 * change) takes {@code t0}, lists the children and reads our node's ephemeral owner; if our node is
 * the lowest and is owned by our <em>current</em> session, the {@link LeadershipLease} is renewed
 * to {@code t0 +} two thirds of the session timeout. A leader that cannot confirm in time, whose
 * node is gone or belongs to an older session, or whose session was lost, is deposed; then (as a
 * standby that lost its session) it withdraws its node and creates a fresh one as soon as it has a
 * live session. It never leads on a node that is not owned by its current session (see {@link
 * Standing}).
 *
 * <pre>
 *   (no node) ──create──▶ STANDBY ──lowest, own session──▶ LEADING
 *       ▲                   │  ▲                              │
 *       └── gone / stale ───┘  └──── deposed: lease lost, ────┘
 *                                    node gone, another lower (node withdrawn, back to no node)
 * </pre>
 *
 * All state is owned by one single-threaded scheduler; Curator's callbacks only enqueue a check.
 */
public final class ZooKeeperLeaderElector implements LeaderElector {
  private static final Logger LOG = Logger.getLogger(ZooKeeperLeaderElector.class);

  private final CuratorFramework client;
  private final String path;
  private final MasterInfo self;
  private final Duration sessionTimeout;
  private final LongSupplier nanoClock;
  private final ElectionMetrics metrics;
  private final ScheduledExecutorService loop;
  private final ConnectionStateListener connection = this::onConnectionState;
  private final CuratorWatcher watcher = e -> check();
  private volatile Listener listener;
  private volatile Optional<MasterInfo> leader = Optional.empty();
  private volatile boolean closed;
  // Owned by the loop's thread (myNode is volatile only so tests can read it).
  private volatile String myNode;
  // A resignation's hold-off: no new node until holdOffUntil (nanoClock). Owned by the loop.
  private boolean heldOff;
  private long holdOffUntil;
  private long mySession;
  private LeadershipLease lease;
  private boolean hadNode;
  private String lastProblem;
  private final java.util.Deque<String> toDelete = new java.util.ArrayDeque<>();

  /**
   * @param sessionTimeout the client's ZooKeeper session timeout, from which the lease length and
   *     the renewal period follow
   * @param nanoClock a monotonic clock in nanoseconds
   */
  public ZooKeeperLeaderElector(
      CuratorFramework client,
      String path,
      MasterInfo self,
      Duration sessionTimeout,
      LongSupplier nanoClock,
      ElectionMetrics metrics) {
    this.client = client;
    this.path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.self = self;
    this.sessionTimeout = sessionTimeout;
    this.nanoClock = nanoClock;
    this.metrics = metrics;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "election");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void start(Listener l) {
    this.listener = l;
    client.getConnectionStateListenable().addListener(connection);
    long period = LeadershipLease.renewalFor(sessionTimeout).toMillis();
    // The first round runs before start returns (bounded by the session timeout), so contenders
    // started one after the other are in line in that order, as with Mesos.
    try {
      client.blockUntilConnected((int) sessionTimeout.toMillis(), TimeUnit.MILLISECONDS);
      loop.submit(this::confirm).get(sessionTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warnf("first election round at %s did not finish: %s", path, e.toString());
    }
    loop.scheduleWithFixedDelay(this::confirm, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public Optional<MasterInfo> leader() {
    return leader;
  }

  @Override
  public void resign(String why) {
    resign(why, Duration.ZERO);
  }

  @Override
  public void resign(String why, Duration holdOff) {
    try {
      loop.execute(
          () -> {
            if (lease != null && !holdOff.isZero()) {
              heldOff = true;
              holdOffUntil = nanoClock.getAsLong() + holdOff.toNanos();
            }
            depose(Transition.DEPOSED, why);
          });
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      // closed meanwhile: the term ended with it
    }
  }

  /** Our election node's path, for tests; empty while we have none. */
  Optional<String> node() {
    return Optional.ofNullable(myNode);
  }

  /** The current term's lease, for tests; empty while not leading. */
  Optional<Lease> lease() {
    return Optional.ofNullable(lease);
  }

  private void check() {
    if (!closed) {
      try {
        loop.execute(this::confirm);
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        // closed meanwhile: nothing left to check
      }
    }
  }

  /** One round: confirm or lose leadership, re-contend when our node is gone. On the loop. */
  private void confirm() {
    if (closed) {
      return;
    }
    long t0 = nanoClock.getAsLong();
    try {
      if (lease != null && !lease.isValid()) {
        depose(Transition.LEASE_LOST, "lease expired: ZooKeeper did not confirm it in time");
      }
      if (!client.getZookeeperClient().isConnected()) {
        return;
      }
      long session = client.getZookeeperClient().getZooKeeper().getSessionId();
      deleteWithdrawn();
      if (myNode == null) {
        if (heldOff && nanoClock.getAsLong() - holdOffUntil < 0) {
          // Held off after a failed start: follow the election without a node of our own.
          learnLeader(client.getChildren().usingWatcher(watcher).forPath(path));
          return;
        }
        heldOff = false;
        create(session);
      }
      List<String> children = client.getChildren().usingWatcher(watcher).forPath(path);
      String mine = myNode.substring(myNode.lastIndexOf('/') + 1);
      Stat stat = client.checkExists().forPath(myNode);
      long owner = stat == null ? 0 : stat.getEphemeralOwner();
      learnLeader(children);
      Standing standing = Standing.of(children, mine, owner, session);
      switch (standing) {
        case LEADING -> lead(t0);
        case STANDBY -> {
          if (lease != null) {
            depose(Transition.DEPOSED, "another master's election node is lower than ours");
          }
          deleteOrphanAhead(children, session);
        }
        case NODE_GONE, STALE_SESSION -> {
          String why =
              standing == Standing.NODE_GONE
                  ? "our election node " + mine + " is gone"
                  : "our election node " + mine + " belongs to an expired session";
          if (lease != null) {
            depose(Transition.DEPOSED, why);
          } else {
            LOG.warnf("%s; contending again", why);
            withdraw();
          }
          check();
        }
      }
      lastProblem = null;
    } catch (Exception e) {
      String problem = e.toString();
      if (!problem.equals(lastProblem)) {
        LOG.warnf("cannot confirm the election at %s: %s", path, problem);
        lastProblem = problem;
      }
    }
  }

  /**
   * A create retried by Curator after a connection loss may leave a second node of our session
   * ahead of ours; nobody would ever lead behind it, so it is deleted.
   */
  private void deleteOrphanAhead(List<String> children, long session) throws Exception {
    Optional<String> lowest = Standing.lowest(children);
    if (lowest.isEmpty()) {
      return;
    }
    String node = path + "/" + lowest.get();
    Stat stat = client.checkExists().forPath(node);
    if (stat != null && stat.getEphemeralOwner() == session && !node.equals(myNode)) {
      LOG.warnf("deleting %s: a node of our own session ahead of ours (a retried create)", node);
      toDelete.add(node);
      deleteWithdrawn();
      check();
    }
  }

  private void create(long session) throws Exception {
    myNode =
        client
            .create()
            .creatingParentsIfNeeded()
            .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
            .forPath(path + "/" + ElectionNodes.PREFIX, MesosJson.write(self));
    mySession = session;
    metrics.count(Transition.CONTENDING);
    if (hadNode) {
      metrics.count(Transition.REJOINED);
      LOG.infof("rejoined the election as a standby with %s (session 0x%x)", myNode, mySession);
    } else {
      LOG.infof("contending for leadership as %s (session 0x%x)", myNode, mySession);
    }
    hadNode = true;
  }

  private void lead(long t0) {
    if (lease == null) {
      LeadershipLease term =
          new LeadershipLease(nanoClock, LeadershipLease.lengthFor(sessionTimeout));
      term.renew(t0);
      if (!term.isValid()) {
        return; // the confirmation took longer than a lease: try again next round
      }
      lease = term;
      metrics.count(Transition.ELECTED);
      LOG.infof(
          "elected leader (%s, session 0x%x); lease %d ms, renewed every %d ms",
          myNode,
          mySession,
          LeadershipLease.lengthFor(sessionTimeout).toMillis(),
          LeadershipLease.renewalFor(sessionTimeout).toMillis());
      listener.elected(term);
    } else {
      lease.renew(t0);
      if (!lease.isValid()) {
        depose(Transition.LEASE_LOST, "lease expired before ZooKeeper confirmed it");
      }
    }
  }

  private void learnLeader(List<String> children) throws Exception {
    Optional<String> lowest = Standing.lowest(children);
    Optional<MasterInfo> now = Optional.empty();
    if (lowest.isPresent()) {
      try {
        now =
            Optional.of(
                MesosJson.read(
                    client.getData().forPath(path + "/" + lowest.get()), MasterInfo.class));
      } catch (KeeperException.NoNodeException gone) {
        check(); // the leader vanished between listing and reading: look again
        now = leader;
      }
    }
    if (!now.equals(leader)) {
      leader = now;
      listener.leaderChanged(now);
    }
  }

  /**
   * Ends the current term: revoke the lease, tell the listener, withdraw the node to re-contend.
   */
  private void depose(Transition kind, String why) {
    if (lease == null) {
      return;
    }
    lease.revoke();
    lease = null;
    metrics.count(kind);
    if (kind != Transition.DEPOSED) {
      metrics.count(Transition.DEPOSED);
    }
    LOG.errorf("deposed (%s): %s; stepping down to standby", kind.key(), why);
    listener.deposed(why);
    withdraw();
  }

  /**
   * Forgets our node so the next round creates a fresh one; deletes it if it is still there (it may
   * be of this session, after a lease ran out, and must not keep us first in line).
   */
  private void withdraw() {
    if (myNode != null) {
      toDelete.add(myNode);
      myNode = null;
    }
    if (client.getZookeeperClient().isConnected()) {
      deleteWithdrawn();
    }
  }

  /** Deletes withdrawn nodes (ours, or of an expired session of ours); retried next round. */
  private void deleteWithdrawn() {
    while (!toDelete.isEmpty()) {
      String node = toDelete.peek();
      try {
        client.delete().forPath(node);
      } catch (KeeperException.NoNodeException gone) {
        // already gone with its session
      } catch (Exception e) {
        LOG.debugf("withdrawing %s: %s (retried next round)", node, e.toString());
        return;
      }
      toDelete.remove();
    }
  }

  private void onConnectionState(CuratorFramework c, ConnectionState state) {
    LOG.infof("ZooKeeper connection %s", state);
    if (state == ConnectionState.LOST) {
      // The node is withdrawn with the term; as a standby it is kept and judged by its owner
      // once a session is live again (gone or stale: a fresh one; still ours: kept).
      try {
        loop.execute(() -> depose(Transition.LEASE_LOST, "ZooKeeper session lost"));
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        // closed meanwhile
      }
    } else {
      check();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    client.getConnectionStateListenable().removeListener(connection);
    try {
      loop.submit(
              () -> {
                closed = true;
                if (lease != null) {
                  lease.revoke();
                  lease = null;
                }
                if (myNode != null) {
                  try {
                    client.delete().guaranteed().forPath(myNode);
                  } catch (Exception e) {
                    LOG.debugf("withdrawing %s: %s", myNode, e.toString());
                  }
                }
              })
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warnf("withdrawing from the election did not finish cleanly: %s", e.toString());
    }
    closed = true;
    loop.shutdownNow();
  }
}
