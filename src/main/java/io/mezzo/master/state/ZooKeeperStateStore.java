package io.mezzo.master.state;

import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * A {@link StateStore} in ZooKeeper, for masters that share state: each document is the znode
 * {@code <root>/<name>}, and its version is the znode's data version, so compare-and-set is
 * ZooKeeper's own conditional write. A master that lost leadership still holds the old version and
 * its write fails.
 *
 * <p>The caller owns the Curator client (started, with its retry policy); every call is bounded by
 * that client's timeouts.
 */
public final class ZooKeeperStateStore implements StateStore {
  private final CuratorFramework client;
  private final String root;

  public ZooKeeperStateStore(CuratorFramework client, String root) {
    this.client = client;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  @Override
  public Optional<Versioned> read(String name) {
    Stat stat = new Stat();
    try {
      byte[] data = client.getData().storingStatIn(stat).forPath(path(name));
      return Optional.of(new Versioned(data == null ? new byte[0] : data, stat.getVersion()));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + path(name) + " from ZooKeeper", e);
    }
  }

  @Override
  public long write(String name, byte[] data, long expectedVersion) {
    String path = path(name);
    try {
      if (expectedVersion == ABSENT) {
        client.create().creatingParentsIfNeeded().forPath(path, data);
        return 0;
      }
      Stat stat = client.setData().withVersion((int) expectedVersion).forPath(path, data);
      return stat.getVersion();
    } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
      throw new StaleVersionException(
          name + ": written by someone else since version " + expectedVersion);
    } catch (KeeperException.NoNodeException e) {
      throw new StaleVersionException(
          name + ": expected version " + expectedVersion + " but it is absent");
    } catch (Exception e) {
      throw new IllegalStateException("cannot write " + path + " to ZooKeeper", e);
    }
  }

  private String path(String name) {
    if (name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException("invalid document name '" + name + "'");
    }
    return root + "/" + name;
  }
}
