package io.mezzo.bootstrap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds a state directory (the master's registry dir, the agent's work dir) for this process, so a
 * second node on the same {@code mezzo.work-dir} refuses to start instead of recovering the same
 * agent id and registry. The lock is an OS file lock on {@value #FILE_NAME} in the directory, and
 * the file holds the holder's pid for the refusal message. The OS drops the lock when its holder
 * dies however it dies, so a lock file left by a crashed node never blocks: the next node takes it
 * over and writes its own pid.
 *
 * <p>The file is not deleted on release: deleting it would let a node that opened the old file lock
 * it while a third creates and locks a new one. It is emptied instead, meaning "no holder".
 */
public final class WorkDirLock implements AutoCloseable {
  public static final String FILE_NAME = "mezzo.lock";

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final String previousHolder;

  private WorkDirLock(Path file, FileChannel channel, FileLock lock, String previousHolder) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.previousHolder = previousHolder;
  }

  /**
   * Creates {@code dir} if needed and locks it for this process.
   *
   * @param workDir the configured {@code mezzo.work-dir}, for messages
   * @param what what lives in {@code dir} ("master registry", "agent work dir"), for messages
   * @param pid this process's id, written into the lock file
   * @throws StartupRefusal if the dir cannot be created or written, or another process holds it
   */
  public static WorkDirLock acquire(String workDir, Path dir, String what, long pid) {
    Path file = dir.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        // Another node in this same JVM (an in-process test cluster) holds it.
        lock = null;
      }
      if (lock == null) {
        String holder = read(channel);
        channel.close();
        throw StartupRefusal.of(
            "mezzo.work-dir",
            workDir,
            "the "
                + what
                + " "
                + dir
                + " is in use by another Mezzo node ("
                + (holder.isEmpty() ? "pid unknown" : "pid " + holder)
                + ", lock file "
                + file
                + "); stop that node or give this one another mezzo.work-dir");
      }
      String previous = read(channel);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(true);
      return new WorkDirLock(file, channel, lock, previous);
    } catch (IOException e) {
      closeQuietly(channel);
      throw StartupRefusal.of(
          "mezzo.work-dir",
          workDir,
          "cannot use "
              + dir
              + " as the "
              + what
              + " ("
              + describe(e)
              + "); expected a directory this user can create and write");
    }
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64);
    channel.read(buf, 0);
    return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
  }

  /** An I/O failure as a few words: Java's messages are just the path for several of them. */
  private static String describe(IOException e) {
    String kind =
        switch (e.getClass().getSimpleName()) {
          case "AccessDeniedException" -> "permission denied";
          case "FileSystemException" -> "file system error";
          case "NotDirectoryException" -> "not a directory";
          case "FileAlreadyExistsException" -> "a file is in the way";
          case "ReadOnlyFileSystemException" -> "read-only file system";
          default -> e.getClass().getSimpleName();
        };
    String reason = e instanceof java.nio.file.FileSystemException fse ? fse.getReason() : null;
    String detail = reason != null ? reason : e.getMessage();
    return detail == null ? kind : kind + ": " + detail;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Already failing with a clearer error.
      }
    }
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  /** The pid a stale lock file named when this process took it over; empty if none. */
  public String previousHolder() {
    return previousHolder;
  }

  /** Empties the lock file and releases the lock; idempotent. */
  @Override
  public void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      channel.truncate(0);
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases the lock anyway.
    }
    closeQuietly(channel);
  }
}
