package io.mezzo.agent.mount;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Deletes a directory tree without ever deleting what is behind a mount under it: a sandbox can
 * hold the bind mount of a persistent volume, and a plain recursive delete would walk into it and
 * delete the volume's data. First every mount point under the tree is unmounted; then the walk
 * skips any directory that is still a mount point (the unmount failed) or that lies on another
 * device, and never follows a symbolic link (a link to a volume is deleted, not its target). What
 * was skipped stays, with the directories above it, and the delete reports it.
 */
public final class MountAwareDelete {
  private static final Logger LOG = Logger.getLogger(MountAwareDelete.class);

  private MountAwareDelete() {}

  /**
   * Deletes {@code dir} and everything under it that is not behind a mount; a missing {@code dir}
   * is already gone.
   *
   * @throws IllegalArgumentException if {@code dir} is not strictly under {@code root}
   * @throws IOException if something could not be deleted, or was kept because it is behind a mount
   */
  public static void delete(Path root, Path dir) throws IOException {
    Path top = root.toAbsolutePath().normalize();
    Path target = dir.toAbsolutePath().normalize();
    if (!target.startsWith(top) || target.equals(top)) {
      throw new IllegalArgumentException(target + " is not under " + top);
    }
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isSymbolicLink(target) || !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(target);
      return;
    }
    // mountinfo has real paths: walk the real one, so a link above the work dir changes nothing.
    Path real = target.toRealPath();
    for (String failure : Mounts.unmountUnder(real)) {
      LOG.warnf("Cannot unmount before deleting %s: %s", real, failure);
    }
    Set<Path> mountPoints = new HashSet<>(MountTable.under(MountTable.read(), real));
    Object device = device(real);
    List<Path> kept = new ArrayList<>();
    Files.walkFileTree(
        real,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
              throws IOException {
            if (!d.equals(real)
                && (mountPoints.contains(d) || (device != null && !device.equals(device(d))))) {
              kept.add(d);
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            try {
              Files.deleteIfExists(d);
            } catch (DirectoryNotEmptyException notEmpty) {
              // It holds a kept mount point; it stays, and the kept one is reported below.
              if (kept.isEmpty()) {
                throw notEmpty;
              }
            }
            return FileVisitResult.CONTINUE;
          }
        });
    if (!kept.isEmpty()) {
      throw new IOException("kept what is mounted under " + real + ": " + kept);
    }
  }

  /** The device a directory is on, or null where the platform does not say. */
  private static Object device(Path d) throws IOException {
    try {
      return Files.getAttribute(d, "unix:dev", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }
}
