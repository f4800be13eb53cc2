package io.mezzo.core.net.detect;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.jboss.logging.Logger;

/**
 * Follows the leader through Mesos's election znodes ({@link ElectionNodes}) with its own Curator
 * client: reads the children of the election path, watches them, and reads again on every change,
 * on every (re)connection and, after a failed read, once a second until one succeeds. A master
 * reads this layout the same way to know its leader; a client only reads it, so it never creates or
 * deletes a znode.
 *
 * <p>One daemon thread owns the reads (watch callbacks and connection events only queue one), so
 * the known leader changes in one place. Curator's connect and session timeouts bound every call;
 * while ZooKeeper is unreachable the last known masters stay the answer, as they may well still be
 * right, and the next successful read corrects them. {@link #close()} stops the thread and the
 * client within a few seconds.
 */
public final class ZooKeeperMasterDetector implements MasterDetector {
  private static final Logger LOG = Logger.getLogger(ZooKeeperMasterDetector.class);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final long CLOSE_WAIT_SECONDS = 5;

  private static final long[] AFTER_RECONNECT_SECONDS = {0, 1, 3, 7};
  private final ZkUrl url;
  private final String scheme;
  private final CuratorFramework client;
  private final ScheduledExecutorService worker;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final CuratorWatcher watcher = this::onWatch;
  private final Object monitor = new Object();
  private volatile Optional<URI> leader = Optional.empty();
  private volatile List<URI> candidates = List.of();
  private volatile boolean closed;

  /**
   * Connects in the background and starts following the election; returns at once.
   *
   * @param scheme how masters are reached, {@code http} or {@code https} (MasterInfo names only
   *     host and port)
   * @param connectionTimeout bound on (re)connecting and on each ZooKeeper call
   * @param sessionTimeout the session this reader holds (it owns no ephemeral node, so it only
   *     bounds how long ZooKeeper keeps the watches of a silent client)
   */
  public ZooKeeperMasterDetector(
      ZkUrl url, String scheme, Duration connectionTimeout, Duration sessionTimeout) {
    this.url = url;
    this.scheme = scheme;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "master-detector");
              t.setDaemon(true);
              return t;
            });
    int connectMs = (int) connectionTimeout.toMillis();
    this.client =
        CuratorFrameworkFactory.builder()
            .connectString(url.connectString())
            .connectionTimeoutMs(connectMs)
            .sessionTimeoutMs((int) sessionTimeout.toMillis())
            // A few quick retries per call; the detector's own re-read covers longer outages.
            .retryPolicy(new BoundedExponentialBackoffRetry(100, Math.max(200, connectMs / 2), 3))
            .build();
    client.getConnectionStateListenable().addListener((c, state) -> onConnectionState(state));
    client.start();
  }

  @Override
  public Optional<URI> leader() {
    return leader;
  }

  @Override
  public List<URI> candidates() {
    return candidates;
  }

  @Override
  public void onLeaderChange(Listener listener) {
    listeners.add(listener);
  }

  /**
   * Waits until a leader is known, at most {@code timeout} (for one-shot clients such as the CLI).
   *
   * @return the leader, or empty when none became known in time
   */
  public Optional<URI> awaitLeader(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (leader.isEmpty() && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
    }
    return leader;
  }

  private void onConnectionState(ConnectionState state) {
    switch (state) {
      case CONNECTED, RECONNECTED -> {
        // Read now, and a few times more over the next seconds: a watch set while the connection
        // flaps can be lost with the handle it was set on (seen under load after a ZooKeeper
        // restart), and these bounded re-reads keep the leader from staying stale after it.
        for (long s : AFTER_RECONNECT_SECONDS) {
          queueRead(Duration.ofSeconds(s));
        }
      }
      case SUSPENDED, LOST ->
          LOG.infof("ZooKeeper %s %s; still trying the last known masters", url, state);
      default -> {
        // READ_ONLY: reads still work, nothing to do.
      }
    }
  }

  private void onWatch(WatchedEvent event) {
    queueRead(Duration.ZERO);
  }

  private void queueRead(Duration delay) {
    if (closed) {
      return;
    }
    try {
      worker.schedule(this::read, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile: nothing more to read.
    }
  }

  /** On the worker thread: lists the contenders (leaving a watch) and reads their MasterInfo. */
  private void read() {
    if (closed) {
      return;
    }
    try {
      List<String> children;
      try {
        children = client.getChildren().usingWatcher(watcher).forPath(url.path());
      } catch (KeeperException.NoNodeException none) {
        // No master has ever contended here: watch for the path to appear.
        client.checkExists().usingWatcher(watcher).forPath(url.path());
        update(Optional.empty(), List.of());
        return;
      }
      List<URI> found = new ArrayList<>();
      Optional<URI> lead = Optional.empty();
      boolean first = true;
      for (String child : ElectionNodes.contenders(children)) {
        Optional<URI> address = readAddress(child);
        if (first) {
          lead = address;
          first = false;
        }
        address.filter(a -> !found.contains(a)).ifPresent(found::add);
      }
      update(lead, found);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!closed) {
        LOG.debugf("reading the masters at %s failed, again in %s: %s", url, RETRY, e.toString());
        queueRead(RETRY);
      }
    }
  }

  private Optional<URI> readAddress(String child) throws Exception {
    String node = url.path() + "/" + child;
    try {
      Optional<URI> address = ElectionNodes.address(client.getData().forPath(node), scheme);
      if (address.isEmpty()) {
        LOG.warnf("election znode %s holds no usable MasterInfo; skipping it", node);
      }
      return address;
    } catch (KeeperException.NoNodeException gone) {
      return Optional.empty(); // it left between listing and reading; its deletion fires the watch
    }
  }

  private void update(Optional<URI> lead, List<URI> found) {
    candidates =
        lead.map(
                l -> {
                  List<URI> ordered = new ArrayList<>(List.of(l));
                  found.stream().filter(f -> !f.equals(l)).forEach(ordered::add);
                  return List.copyOf(ordered);
                })
            .orElse(List.copyOf(found));
    if (lead.equals(leader)) {
      return;
    }
    leader = lead;
    synchronized (monitor) {
      monitor.notifyAll();
    }
    LOG.infof("leading master (from %s): %s", url, lead.map(URI::toString).orElse("none elected"));
    for (Listener l : listeners) {
      try {
        l.leaderChanged(lead);
      } catch (RuntimeException e) {
        LOG.errorf(e, "a leader-change listener failed");
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (monitor) {
      monitor.notifyAll();
    }
    worker.shutdownNow();
    try {
      if (!worker.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warnf("the master detector's thread did not stop within %ds", CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }

  @Override
  public String toString() {
    return url.toString();
  }
}
