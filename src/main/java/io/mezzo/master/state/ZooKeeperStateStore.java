package io.mezzo.master.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;

/**
 * A {@link StateStore} in ZooKeeper, for masters that share state. A document is the znode {@code
 * <root>/<name>}; a collection's document {@code <collection>/<key>} is {@code
 * <root>/<collection>/<bucket>/<key>}, where the bucket (two hex digits of the key's hash) keeps
 * every znode's child list far below the 1 MB a reply may carry, even at 100,000s of documents. A
 * document's version is its znode's data version, so {@link #write}'s compare-and-set is
 * ZooKeeper's own conditional write, and a {@link #commit} batch is one {@code multi()} transaction
 * that starts with a {@code check()} of the fence znode's version: a deposed master's batch fails
 * whole. Documents of any size fit through {@link ZooKeeperEncoding}; chunks live under {@code
 * <root>/~chunks}, a name no document can have.
 *
 * <p>The caller owns the Curator client (started, with its retry policy); every call is bounded by
 * that client's timeouts, and bulk reads by {@link ZooKeeperBulkReads}'s deadline.
 */
public final class ZooKeeperStateStore implements StateStore {
  /** A batch's znode payloads stay below this, so the whole multi() fits ZooKeeper's 1 MB. */
  static final int BATCH_BUDGET = 768 * 1024;

  private final CuratorFramework client;
  private final String root;
  private final ZooKeeperBulkReads bulk;
  private final Set<String> knownParents = ConcurrentHashMap.newKeySet();

  public ZooKeeperStateStore(CuratorFramework client, String root) {
    this.client = client;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.bulk = new ZooKeeperBulkReads(client);
  }

  @Override
  public Optional<Versioned> read(String name) {
    String path = path(name);
    // A chunk can vanish under a reader when the document is rewritten; the new header names
    // the new chunks, so reading again converges. Bounded: a document rewritten three times in a
    // row during one read is reported instead of chased.
    for (int attempt = 0; attempt < 3; attempt++) {
      Stat stat = new Stat();
      byte[] stored;
      try {
        stored = client.getData().storingStatIn(stat).forPath(path);
      } catch (KeeperException.NoNodeException e) {
        return Optional.empty();
      } catch (Exception e) {
        throw new IllegalStateException("cannot read " + path + " from ZooKeeper", e);
      }
      byte[] data = decode(name, stored == null ? new byte[0] : stored);
      if (data != null) {
        return Optional.of(new Versioned(data, stat.getVersion()));
      }
    }
    throw new IllegalStateException(path + " changed during each of 3 reads; try again");
  }

  @Override
  public long write(String name, byte[] data, long expectedVersion) {
    String path = path(name);
    ZooKeeperEncoding.Encoded enc = encode(data, false);
    try {
      writeChunks(name, enc);
      long version;
      if (expectedVersion == ABSENT) {
        client.create().creatingParentsIfNeeded().forPath(path, enc.head());
        version = 0;
      } else {
        version =
            client
                .setData()
                .withVersion((int) expectedVersion)
                .forPath(path, enc.head())
                .getVersion();
      }
      dropOtherChunks(List.of(name), Map.of(name, enc));
      return version;
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

  @Override
  public Map<String, Versioned> readAll(String collection) {
    String dir = root + "/" + DocumentNames.collection(collection);
    Map<String, ZooKeeperBulkReads.Stored> stored = bulk.readTwoLevels(dir);
    Map<String, Versioned> out = new HashMap<>(stored.size() * 2);
    stored.forEach(
        (key, s) -> {
          byte[] data = decode(collection + "/" + key, s.data());
          if (data == null) {
            // Rewritten while we read it: read that one again on its own.
            read(collection + "/" + key).ifPresent(v -> out.put(key, v));
          } else {
            out.put(key, new Versioned(data, s.version()));
          }
        });
    return out;
  }

  @Override
  public void commit(String fence, long fenceVersion, List<Op> ops) {
    DocumentNames.checkBatch(fence, ops);
    List<String> paths = new ArrayList<>(ops.size());
    ops.forEach(op -> paths.add(path(op.name())));
    Map<String, ZooKeeperEncoding.Encoded> encoded = encodeBatch(ops);
    try {
      Set<String> existing = bulk.existing(paths);
      List<CuratorOp> tx = new ArrayList<>(ops.size() + 1);
      tx.add(client.transactionOp().check().withVersion((int) fenceVersion).forPath(path(fence)));
      for (int i = 0; i < ops.size(); i++) {
        Op op = ops.get(i);
        String path = paths.get(i);
        if (op instanceof Put) {
          ZooKeeperEncoding.Encoded enc = encoded.get(op.name());
          writeChunks(op.name(), enc);
          if (existing.contains(path)) {
            tx.add(client.transactionOp().setData().forPath(path, enc.head()));
          } else {
            ensureParent(path);
            tx.add(client.transactionOp().create().forPath(path, enc.head()));
          }
        } else if (existing.contains(path)) {
          tx.add(client.transactionOp().delete().forPath(path));
        }
      }
      client.transaction().forOperations(tx);
    } catch (KeeperException e) {
      throw refusal(fence, fenceVersion, e);
    } catch (StaleVersionException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot commit a batch of " + ops.size() + " to ZooKeeper", e);
    }
    List<String> names = new ArrayList<>();
    ops.forEach(op -> names.add(op.name()));
    dropOtherChunks(names, encoded);
  }

  /** Why a multi() failed: the fence (first op) means a deposed writer; anything else is a bug. */
  private RuntimeException refusal(String fence, long fenceVersion, KeeperException e) {
    List<OpResult> results = e.getResults();
    boolean fenceFailed =
        results == null
            ? e instanceof KeeperException.BadVersionException
            : results.get(0) instanceof OpResult.ErrorResult err
                && err.getErr() != KeeperException.Code.OK.intValue()
                && err.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue();
    if (fenceFailed) {
      return new StaleVersionException(
          "fence "
              + fence
              + ": version "
              + fenceVersion
              + " no longer holds ("
              + e.code()
              + "); another master claimed the store");
    }
    return new IllegalStateException(
        "a batch conflicted with a write that did not go through the fence (" + e.code() + ")", e);
  }

  private Map<String, ZooKeeperEncoding.Encoded> encodeBatch(List<Op> ops) {
    Map<String, ZooKeeperEncoding.Encoded> out = new HashMap<>();
    long total = 0;
    for (Op op : ops) {
      if (op instanceof Put put) {
        ZooKeeperEncoding.Encoded enc = encode(put.data(), false);
        out.put(op.name(), enc);
        total += enc.head().length + op.name().length() + 64;
      }
    }
    if (total <= BATCH_BUDGET) {
      return out;
    }
    // Too big for one request as it is: every document of some size moves to chunks, which are
    // written before the transaction, so the transaction carries only small headers.
    total = 0;
    for (Op op : ops) {
      if (op instanceof Put put && put.data().length > 1024) {
        out.put(op.name(), encode(put.data(), true));
      }
      total += (out.containsKey(op.name()) ? out.get(op.name()).head().length : 0) + 64;
    }
    if (total > BATCH_BUDGET) {
      throw new IllegalArgumentException(
          "a batch of " + ops.size() + " documents is too large for one ZooKeeper transaction");
    }
    return out;
  }

  private static ZooKeeperEncoding.Encoded encode(byte[] data, boolean forceChunks) {
    // The generation only has to differ from every earlier one of the document; a random UUID
    // does that without coordination between masters.
    return ZooKeeperEncoding.encode(data, UUID.randomUUID().toString(), forceChunks);
  }

  private void writeChunks(String name, ZooKeeperEncoding.Encoded enc) throws Exception {
    for (int i = 0; i < enc.chunks().size(); i++) {
      String chunk = chunksDir() + "/" + ZooKeeperEncoding.chunkName(name, enc.generation(), i);
      client.create().creatingParentsIfNeeded().forPath(chunk, enc.chunks().get(i));
    }
  }

  /** Deletes the chunks of earlier generations of the written documents; best effort. */
  private void dropOtherChunks(List<String> names, Map<String, ZooKeeperEncoding.Encoded> kept) {
    List<String> chunks;
    try {
      chunks = client.getChildren().forPath(chunksDir());
    } catch (KeeperException.NoNodeException e) {
      return;
    } catch (Exception e) {
      return; // Garbage only: the next write of these documents tries again.
    }
    for (String name : names) {
      String prefix = ZooKeeperEncoding.chunkPrefix(name);
      ZooKeeperEncoding.Encoded enc = kept.get(name);
      String keep = enc != null && enc.chunked() ? prefix + enc.generation() + "~" : null;
      for (String chunk : chunks) {
        if (chunk.startsWith(prefix)
            && chunk.indexOf('~', prefix.length()) == chunk.lastIndexOf('~')
            && (keep == null || !chunk.startsWith(keep))) {
          try {
            client.delete().forPath(chunksDir() + "/" + chunk);
          } catch (Exception e) {
            // Garbage only; a later write of the document deletes it.
          }
        }
      }
    }
  }

  private byte[] decode(String name, byte[] stored) {
    return ZooKeeperEncoding.decode(
        stored,
        generation ->
            i -> {
              String chunk = chunksDir() + "/" + ZooKeeperEncoding.chunkName(name, generation, i);
              try {
                return client.getData().forPath(chunk);
              } catch (KeeperException.NoNodeException e) {
                return null;
              } catch (Exception e) {
                throw new IllegalStateException("cannot read " + chunk + " from ZooKeeper", e);
              }
            });
  }

  private void ensureParent(String path) throws Exception {
    String parent = path.substring(0, path.lastIndexOf('/'));
    if (parent.equals(root) || knownParents.contains(parent)) {
      return;
    }
    // Empty persistent znodes, made outside the transaction: harmless if the batch then fails.
    try {
      client.create().creatingParentsIfNeeded().forPath(parent);
    } catch (KeeperException.NodeExistsException e) {
      // Made by an earlier batch or another master.
    }
    knownParents.add(parent);
  }

  private String chunksDir() {
    return root + "/~chunks";
  }

  private String path(String name) {
    DocumentNames.checked(name);
    int slash = name.indexOf('/');
    if (slash < 0) {
      return root + "/" + name;
    }
    String key = name.substring(slash + 1);
    return root + "/" + name.substring(0, slash) + "/" + bucket(key) + "/" + key;
  }

  /**
   * Two hex digits of the key's hash: 256 buckets. {@link String#hashCode} is specified, so the
   * bucket is the same in every JVM; its low bits are poor for keys that differ in a counter
   * ({@code …-S1}, {@code …-S2}), hence MurmurHash3's finalizer on top.
   */
  static String bucket(String key) {
    int h = key.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return String.format("%02x", h & 0xff);
  }
}
