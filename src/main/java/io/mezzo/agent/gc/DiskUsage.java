package io.mezzo.agent.gc;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How full the filesystem holding a directory is, as Mesos's agent measures its work dir's disk
 * before each garbage collection. A seam so tests can fill a disk by hand.
 */
@FunctionalInterface
public interface DiskUsage {

  /**
   * The used fraction, 0 to 1, of the filesystem that holds {@code dir}.
   *
   * @throws IOException if the filesystem cannot be inspected
   */
  double usage(Path dir) throws IOException;

  /** The real filesystem: 1 - usable / total space, as {@code statvfs} reports them. */
  static DiskUsage system() {
    return dir -> {
      FileStore store = Files.getFileStore(dir);
      long total = store.getTotalSpace();
      return total <= 0 ? 0.0 : 1.0 - (double) store.getUsableSpace() / total;
    };
  }
}
