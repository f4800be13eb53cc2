package io.mezzo.agent.state;

import io.mezzo.api.v1.MesosJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe file writes for the agent's checkpoints. A reader after a crash sees either the old or
 * the new content of a file written with {@link #writeAtomically}, never a mix: the bytes go to a
 * temp file in the same directory, are fsynced, renamed over the target, and the directory is
 * fsynced so the rename itself survives a power cut. Append-only files ({@link #append}) are
 * fsynced after each record; their readers must tolerate a torn last record.
 *
 * <p>Stateless and thread-safe; concurrent writers of one file must be serialised by the caller.
 */
public final class Checkpoints {
  private Checkpoints() {}

  /** Replaces {@code file} with {@code data} atomically, creating parent directories. */
  public static void writeAtomically(Path file, byte[] data) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp =
        dir.resolve(
            "."
                + file.getFileName()
                + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writeFully(ch, data);
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(dir);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // The original failure is the one worth reporting.
      }
      throw new UncheckedIOException("cannot checkpoint " + file, e);
    }
  }

  /** Writes {@code value} as Mesos JSON, atomically. */
  public static void writeJson(Path file, Object value) {
    writeAtomically(file, MesosJson.write(value));
  }

  /** Reads a JSON checkpoint; empty if the file does not exist. */
  public static <T> Optional<T> readJson(Path file, Class<T> type) {
    return read(file).map(bytes -> MesosJson.read(bytes, type));
  }

  /** The file's bytes; empty if it does not exist. */
  public static Optional<byte[]> read(Path file) {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Appends {@code data} and fsyncs it before returning, creating the file (and fsyncing its
   * directory) on first use. A crash can leave a partial last record; readers must skip it.
   */
  public static void append(Path file, byte[] data) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      boolean created = !Files.exists(file);
      try (FileChannel ch =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        writeFully(ch, data);
        ch.force(false);
      }
      if (created) {
        syncDirectory(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  /**
   * Points {@code link} at {@code target} (relative targets stay relative), replacing it
   * atomically.
   */
  public static void symlinkAtomically(Path link, Path target) {
    Path dir = link.toAbsolutePath().getParent();
    Path tmp =
        dir.resolve(
            "."
                + link.getFileName()
                + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.createDirectories(dir);
      try {
        Files.createSymbolicLink(tmp, target);
      } catch (FileAlreadyExistsException e) {
        Files.delete(tmp);
        Files.createSymbolicLink(tmp, target);
      }
      Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot link " + link + " -> " + target, e);
    }
  }

  private static void writeFully(FileChannel ch, byte[] data) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(data);
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    // Linux allows fsync on a directory opened read-only; that is what makes a rename durable.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some filesystems refuse fsync on directories; the data itself is already synced.
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }
}
