package io.mezzo.master.election;

import io.mezzo.api.v1.MasterInfo;
import io.mezzo.api.v1.MesosJson;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.jboss.logging.Logger;

/**
 * Mesos's election in ZooKeeper, in Mesos's layout so Mesos tooling finds the leader: every master
 * creates an ephemeral, sequential {@code <path>/json.info_<seq>} holding its {@code MasterInfo} as
 * JSON; the lowest sequence leads. Contenders watch the children and re-read on every change. A
 * lost session deposes the leader (its ephemeral node is gone, so another has taken over or will).
 */
public final class ZooKeeperLeaderElector implements LeaderElector {
  private static final Logger LOG = Logger.getLogger(ZooKeeperLeaderElector.class);
  static final String PREFIX = "json.info_";

  private final CuratorFramework client;
  private final String path;
  private final MasterInfo self;
  private final AtomicBoolean elected = new AtomicBoolean();
  private final AtomicBoolean deposed = new AtomicBoolean();
  private volatile Listener listener;
  private volatile String myNode;
  private volatile Optional<MasterInfo> leader = Optional.empty();
  private volatile boolean closed;
  private final ConnectionStateListener connection = this::onConnectionState;

  public ZooKeeperLeaderElector(CuratorFramework client, String path, MasterInfo self) {
    this.client = client;
    this.path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.self = self;
  }

  @Override
  public void start(Listener l) {
    this.listener = l;
    client.getConnectionStateListenable().addListener(connection);
    try {
      myNode =
          client
              .create()
              .creatingParentsIfNeeded()
              .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
              .forPath(path + "/" + PREFIX, MesosJson.write(self));
      LOG.infof("contending for leadership as %s", myNode);
      refresh();
    } catch (Exception e) {
      throw new IllegalStateException("cannot join the election at " + path, e);
    }
  }

  @Override
  public Optional<MasterInfo> leader() {
    return leader;
  }

  private synchronized void refresh() {
    if (closed) {
      return;
    }
    try {
      List<String> children =
          client
              .getChildren()
              .usingWatcher((org.apache.curator.framework.api.CuratorWatcher) this::onChildren)
              .forPath(path);
      Optional<String> lowest =
          children.stream()
              .filter(c -> c.startsWith(PREFIX))
              .min(Comparator.comparing(ZooKeeperLeaderElector::sequence));
      Optional<MasterInfo> now = Optional.empty();
      if (lowest.isPresent()) {
        try {
          now =
              Optional.of(
                  MesosJson.read(
                      client.getData().forPath(path + "/" + lowest.get()), MasterInfo.class));
        } catch (KeeperException.NoNodeException gone) {
          refresh(); // the leader vanished between listing and reading: look again
          return;
        }
      }
      if (!now.equals(leader)) {
        leader = now;
        listener.leaderChanged(now);
      }
      String mine = myNode == null ? null : myNode.substring(myNode.lastIndexOf('/') + 1);
      if (mine != null
          && lowest.isPresent()
          && lowest.get().equals(mine)
          && elected.compareAndSet(false, true)) {
        LOG.infof("elected leader (%s)", mine);
        listener.elected();
      }
      if (mine != null && !children.contains(mine) && elected.get()) {
        depose("our election node " + mine + " is gone");
      }
    } catch (Exception e) {
      LOG.warnf("cannot read the election at %s: %s", path, e.toString());
    }
  }

  private void onChildren(WatchedEvent event) {
    // Connection events (type None, e.g. Disconnected when this master's ZooKeeper server dies)
    // reach every watcher on ZooKeeper's event thread. Re-reading then would block that thread in
    // Curator's retries, so Curator would not see the reconnection and would expire the session of
    // a healthy master; RECONNECTED refreshes instead (onConnectionState).
    if (event.getType() == org.apache.zookeeper.Watcher.Event.EventType.None) {
      return;
    }
    refresh();
  }

  private void onConnectionState(CuratorFramework c, ConnectionState state) {
    if (state == ConnectionState.LOST) {
      depose("ZooKeeper session lost");
    } else if (state == ConnectionState.SUSPENDED && elected.get()) {
      // Mesos aborts only when the session is gone; a suspension may still reconnect in time.
      LOG.warnf("ZooKeeper connection suspended while leading");
    } else if (state == ConnectionState.RECONNECTED) {
      refresh();
    }
  }

  private void depose(String why) {
    if (elected.get() && deposed.compareAndSet(false, true)) {
      LOG.errorf("deposed: %s", why);
      listener.deposed(why);
    }
  }

  static long sequence(String child) {
    try {
      return Long.parseLong(child.substring(PREFIX.length()));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    client.getConnectionStateListenable().removeListener(connection);
    if (myNode != null) {
      try {
        client.delete().guaranteed().forPath(myNode);
      } catch (Exception e) {
        LOG.debugf("withdrawing %s: %s", myNode, e.toString());
      }
    }
  }
}
