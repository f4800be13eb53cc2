package io.mezzo.master.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link StateStore} in a local directory, for standalone masters. Each document is one file
 * {@code <name>.json} plus its version in {@code <name>.version}; both are replaced by
 * write-to-temp, fsync, rename, then the directory is fsynced, so a crash leaves the old or the new
 * document. The version file is written last: a crash between the two renames leaves new data with
 * the old version, which only makes the next compare-and-set stricter.
 */
public final class FileStateStore implements StateStore {
  private static final Pattern SAFE_NAME = Pattern.compile("[a-zA-Z0-9._-]+");
  private final Path dir;

  public FileStateStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create state directory " + dir, e);
    }
  }

  @Override
  public synchronized Optional<Versioned> read(String name) {
    Path data = dir.resolve(checked(name) + ".json");
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
    checked(name);
    long actual = Files.exists(dir.resolve(name + ".json")) ? readVersion(name) : ABSENT;
    if (actual != expectedVersion) {
      throw new StaleVersionException(
          name + ": expected version " + expectedVersion + " but found " + actual);
    }
    long next = actual + 1;
    try {
      replace(dir.resolve(name + ".json"), bytes);
      replace(dir.resolve(name + ".version"), Long.toString(next).getBytes());
      fsyncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name + " in " + dir, e);
    }
    return next;
  }

  private long readVersion(String name) {
    Path v = dir.resolve(name + ".version");
    try {
      return Files.exists(v) ? Long.parseLong(Files.readString(v).trim()) : 0;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("corrupt version file " + v, e);
    }
  }

  private void replace(Path target, byte[] bytes) throws IOException {
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
  }

  private void fsyncDirectory() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // Some filesystems cannot open a directory for fsync; the renames are still atomic there.
    }
  }

  private static String checked(String name) {
    if (!SAFE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid document name '" + name + "'");
    }
    return name;
  }
}
