package io.mezzo.master.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.KeeperException;

/**
 * Many ZooKeeper reads at once: requests are pipelined (Curator's background calls) instead of one
 * round trip after another, so loading 50,000 documents costs about as many milliseconds as a round
 * trip costs microseconds. At most {@link #IN_FLIGHT} requests are outstanding, and a whole bulk
 * read must finish within {@link #DEADLINE} or it fails.
 */
final class ZooKeeperBulkReads {
  static final int IN_FLIGHT = 1000;
  static final Duration DEADLINE = Duration.ofMinutes(2);
  private final CuratorFramework client;

  ZooKeeperBulkReads(CuratorFramework client) {
    this.client = client;
  }

  /** A znode's bytes and data version. */
  record Stored(byte[] data, int version) {}

  /**
   * The grandchildren of {@code dir} ({@code dir/<bucket>/<key>}), by key; empty if {@code dir}
   * does not exist. Keys are unique across buckets (a key has one bucket).
   */
  Map<String, Stored> readTwoLevels(String dir) {
    List<String> buckets;
    try {
      buckets = client.getChildren().forPath(dir);
    } catch (KeeperException.NoNodeException e) {
      return Map.of();
    } catch (Exception e) {
      throw new IllegalStateException("cannot list " + dir + " in ZooKeeper", e);
    }
    Map<String, List<String>> children = new ConcurrentHashMap<>();
    Batch listing = new Batch();
    for (String bucket : buckets) {
      listing.submit(
          (c, ev) -> {
            if (ev.getResultCode() == KeeperException.Code.OK.intValue()) {
              children.put(bucket, ev.getChildren());
            } else if (ev.getResultCode() != KeeperException.Code.NONODE.intValue()) {
              listing.fail(ev);
            }
          },
          cb -> client.getChildren().inBackground(cb).forPath(dir + "/" + bucket));
    }
    listing.await("list " + dir);
    Map<String, Stored> out = new ConcurrentHashMap<>();
    Batch reading = new Batch();
    children.forEach(
        (bucket, keys) -> {
          for (String key : keys) {
            reading.submit(
                (c, ev) -> {
                  if (ev.getResultCode() == KeeperException.Code.OK.intValue()) {
                    byte[] data = ev.getData() == null ? new byte[0] : ev.getData();
                    out.put(key, new Stored(data, ev.getStat().getVersion()));
                  } else if (ev.getResultCode() != KeeperException.Code.NONODE.intValue()) {
                    reading.fail(ev);
                  }
                },
                cb -> client.getData().inBackground(cb).forPath(dir + "/" + bucket + "/" + key));
          }
        });
    reading.await("read " + dir);
    return out;
  }

  /** Which of {@code paths} exist now. */
  Set<String> existing(List<String> paths) {
    Set<String> out = ConcurrentHashMap.newKeySet();
    Batch checks = new Batch();
    for (String path : paths) {
      checks.submit(
          (c, ev) -> {
            if (ev.getResultCode() == KeeperException.Code.OK.intValue()) {
              out.add(path);
            } else if (ev.getResultCode() != KeeperException.Code.NONODE.intValue()) {
              checks.fail(ev);
            }
          },
          cb -> client.checkExists().inBackground(cb).forPath(path));
    }
    checks.await("check " + paths.size() + " znode(s)");
    return out;
  }

  /** Background requests with a cap on those outstanding and one deadline for all. */
  private static final class Batch {
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final long deadline = System.nanoTime() + DEADLINE.toNanos();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private int submitted;

    interface Request {
      void send(BackgroundCallback callback) throws Exception;
    }

    void submit(BackgroundCallback handler, Request request) {
      acquire(1);
      submitted++;
      BackgroundCallback done =
          (c, ev) -> {
            try {
              handler.processResult(c, ev);
            } finally {
              slots.release();
            }
          };
      try {
        request.send(done);
      } catch (Exception e) {
        slots.release();
        failure.compareAndSet(null, e.toString());
      }
    }

    void fail(CuratorEvent ev) {
      failure.compareAndSet(
          null, ev.getPath() + ": " + KeeperException.Code.get(ev.getResultCode()));
    }

    /** Waits for every request; all slots free means all callbacks ran. */
    void await(String what) {
      acquire(IN_FLIGHT);
      slots.release(IN_FLIGHT);
      if (failure.get() != null) {
        throw new IllegalStateException("cannot " + what + " in ZooKeeper: " + failure.get());
      }
    }

    private void acquire(int n) {
      try {
        long left = deadline - System.nanoTime();
        if (!slots.tryAcquire(n, Math.max(0, left), TimeUnit.NANOSECONDS)) {
          throw new IllegalStateException(
              "ZooKeeper bulk read of "
                  + submitted
                  + " request(s) missed its deadline "
                  + DEADLINE);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during a ZooKeeper bulk read", e);
      }
    }
  }
}
