package io.mezzo.master.state;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link StateStore} in a local directory, for standalone masters. Each document is one file
 * {@code <name>.json} plus its version in {@code <name>.version} (a collection's documents {@code
 * <collection>/<key>} live in the subdirectory {@code <collection>}); both are replaced by
 * write-to-temp, fsync, rename, then the directory is fsynced, so a crash leaves the old or the new
 * document. The version file is written last: a crash between the two renames leaves new data with
 * the old version, which only makes the next compare-and-set stricter.
 *
 * <p>A {@link #commit} batch is made atomic by a redo journal: the whole batch, with each
 * document's final version, is written to {@code batch.journal} (temp, fsync, rename — the commit
 * point), then applied file by file, then the journal is deleted. A crash before the rename leaves
 * the old documents; after it, the next use of the store (this handle or a new one) replays the
 * journal, which is idempotent because it holds absolute contents and versions. The journal keeps
 * per-document files (so a single change still rewrites one small file, and {@link #write} stays as
 * it was) instead of one file holding every document, which would rewrite 50,000 agents for a
 * change of one. Fencing is the fence document's version, checked under this object's lock; two
 * masters never share a work directory (the work dir lock), so that is enough locally.
 */
public final class FileStateStore implements StateStore {
  private static final String JOURNAL = "batch.journal";
  private final Path dir;
  private final boolean applyCommitted;

  public FileStateStore(Path dir) {
    this(dir, true);
  }

  /**
   * @param applyCommitted false to stop each commit right after its commit point, as a crash there
   *     would (for tests); the next call or the next handle finishes it
   */
  FileStateStore(Path dir, boolean applyCommitted) {
    this.dir = dir;
    this.applyCommitted = applyCommitted;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create state directory " + dir, e);
    }
    replayJournal();
  }

  @Override
  public synchronized Optional<Versioned> read(String name) {
    replayJournal();
    Path data = dir.resolve(DocumentNames.checked(name) + ".json");
    if (!Files.exists(data)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Versioned(Files.readAllBytes(data), readVersion(name)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + data, e);
    }
  }

  @Override
  public synchronized long write(String name, byte[] bytes, long expectedVersion) {
    replayJournal();
    long actual = versionOf(DocumentNames.checked(name));
    if (actual != expectedVersion) {
      throw new StaleVersionException(
          name + ": expected version " + expectedVersion + " but found " + actual);
    }
    long next = actual + 1;
    try {
      put(name, bytes, next);
      fsyncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name + " in " + dir, e);
    }
    return next;
  }

  @Override
  public synchronized Map<String, Versioned> readAll(String collection) {
    replayJournal();
    Path sub = dir.resolve(DocumentNames.collection(collection));
    List<String> keys = new ArrayList<>();
    if (Files.isDirectory(sub)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(sub, "*.json")) {
        for (Path f : files) {
          String file = f.getFileName().toString();
          keys.add(file.substring(0, file.length() - ".json".length()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + sub, e);
      }
    }
    Map<String, Versioned> out = new HashMap<>();
    for (String key : keys) {
      read(collection + "/" + key).ifPresent(v -> out.put(key, v));
    }
    return out;
  }

  @Override
  public synchronized void commit(String fence, long fenceVersion, List<Op> ops) {
    DocumentNames.checkBatch(fence, ops);
    replayJournal();
    long actual = versionOf(fence);
    if (actual == ABSENT || actual != fenceVersion) {
      throw DocumentNames.fenced(fence, fenceVersion, actual);
    }
    if (ops.isEmpty()) {
      return;
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.writeInt(ops.size());
      for (Op op : ops) {
        out.writeUTF(op.name());
        if (op instanceof Put put) {
          out.writeBoolean(true);
          out.writeLong(versionOf(put.name()) + 1);
          out.writeInt(put.data().length);
          out.write(put.data());
        } else {
          out.writeBoolean(false);
        }
      }
      replace(dir.resolve(JOURNAL), buf.toByteArray());
      fsyncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the batch journal in " + dir, e);
    }
    // Durable from here: a failure below is finished by the next replay.
    if (applyCommitted) {
      replayJournal();
    }
  }

  /** Applies and removes a committed journal, if there is one. */
  private void replayJournal() {
    Path journal = dir.resolve(JOURNAL);
    if (!Files.exists(journal)) {
      return;
    }
    try (DataInputStream in = new DataInputStream(Files.newInputStream(journal))) {
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String name = DocumentNames.checked(in.readUTF());
        if (in.readBoolean()) {
          long version = in.readLong();
          byte[] data = in.readNBytes(in.readInt());
          put(name, data, version);
        } else {
          Files.deleteIfExists(dir.resolve(name + ".version"));
          Files.deleteIfExists(dir.resolve(name + ".json"));
          fsyncDirectory(dir.resolve(name).getParent());
        }
      }
      fsyncDirectory();
      Files.delete(journal);
      fsyncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replay the batch journal " + journal, e);
    }
  }

  private void put(String name, byte[] bytes, long version) throws IOException {
    replace(dir.resolve(name + ".json"), bytes);
    replace(dir.resolve(name + ".version"), Long.toString(version).getBytes());
  }

  private long versionOf(String name) {
    return Files.exists(dir.resolve(name + ".json")) ? readVersion(name) : ABSENT;
  }

  private long readVersion(String name) {
    Path v = dir.resolve(name + ".version");
    try {
      return Files.exists(v) ? Long.parseLong(Files.readString(v).trim()) : 0;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("corrupt version file " + v, e);
    }
  }

  private static void replace(Path target, byte[] bytes) throws IOException {
    Path parent = target.getParent();
    boolean newDir = !Files.isDirectory(parent);
    if (newDir) {
      Files.createDirectories(parent);
      fsyncDirectory(parent.getParent());
    }
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    fsyncDirectory(parent);
  }

  private void fsyncDirectory() {
    fsyncDirectory(dir);
  }

  private static void fsyncDirectory(Path d) {
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // Some filesystems cannot open a directory for fsync; the renames are still atomic there.
    }
  }
}
