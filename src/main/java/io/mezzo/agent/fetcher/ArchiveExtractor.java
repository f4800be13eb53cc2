package io.mezzo.agent.fetcher;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Extracts a fetched archive into a sandbox, never writing outside it: entries named with {@code
 * ..} or an absolute path are refused, so are symlinks and hard links whose target leaves the
 * sandbox, and no entry is written through a symlink (one the archive made earlier included) —
 * files are opened with {@code O_NOFOLLOW} and every parent directory is checked. A refused entry
 * fails the whole fetch; what was extracted before it stays, inside the sandbox.
 *
 * <p>File modes of the archive are kept (its executable bits above all); directories keep at least
 * the owner's rwx, so later entries can be written into them. Stateless and thread-safe.
 */
final class ArchiveExtractor {

  /** The archive formats the fetcher extracts, by file name suffix. */
  enum Format {
    TAR,
    TAR_GZ,
    TAR_BZ2,
    TAR_XZ,
    ZIP,
    GZ
  }

  private ArchiveExtractor() {}

  /** The format a file name says it has, or empty when it is not an archive. */
  static Optional<Format> formatOf(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
      return Optional.of(Format.TAR_GZ);
    } else if (n.endsWith(".tar.bz2") || n.endsWith(".tbz2")) {
      return Optional.of(Format.TAR_BZ2);
    } else if (n.endsWith(".tar.xz") || n.endsWith(".txz")) {
      return Optional.of(Format.TAR_XZ);
    } else if (n.endsWith(".tar")) {
      return Optional.of(Format.TAR);
    } else if (n.endsWith(".zip")) {
      return Optional.of(Format.ZIP);
    } else if (n.endsWith(".gz")) {
      return Optional.of(Format.GZ);
    }
    return Optional.empty();
  }

  /**
   * Extracts {@code archive} into {@code dir}.
   *
   * @return the paths created, top-down (for ownership changes)
   * @throws FetchException naming the entry that was refused or the archive that is corrupt
   */
  static List<Path> extract(Path archive, Format format, Path dir, Deadline deadline)
      throws FetchException {
    Path root;
    try {
      Files.createDirectories(dir);
      root = dir.toRealPath();
    } catch (IOException e) {
      throw new FetchException("cannot use " + dir + " to extract into: " + e);
    }
    List<Path> created = new ArrayList<>();
    String name = archive.getFileName().toString();
    try {
      switch (format) {
        case ZIP -> extractZip(archive, root, created, deadline);
        case GZ -> {
          String plain = name.substring(0, name.length() - 3);
          Path target = safeTarget(root, plain, name);
          try (InputStream in =
                  new GzipCompressorInputStream(
                      new BufferedInputStream(Files.newInputStream(archive)), true);
              OutputStream out = openNoFollow(target)) {
            UriSource.copy(in, out, deadline, name);
          }
          created.add(target);
        }
        default -> {
          try (TarArchiveInputStream tar = new TarArchiveInputStream(decompress(archive, format))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
              deadline.check("extracting " + name);
              tarEntry(root, tar, e, created, deadline);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new FetchException("cannot extract " + name + ": " + e.getMessage());
    }
    return created;
  }

  private static InputStream decompress(Path archive, Format format) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
    return switch (format) {
      case TAR_GZ -> new GzipCompressorInputStream(raw, true);
      case TAR_BZ2 -> new BZip2CompressorInputStream(raw, true);
      case TAR_XZ -> new XZCompressorInputStream(raw, true);
      default -> raw;
    };
  }

  private static void tarEntry(
      Path root, InputStream in, TarArchiveEntry e, List<Path> created, Deadline deadline)
      throws IOException, FetchException {
    String entry = e.getName();
    if (isSelf(entry)) {
      return;
    }
    Path target = safeTarget(root, entry, entry);
    if (e.isDirectory()) {
      makeDirectory(root, target, e.getMode(), created);
    } else if (e.isSymbolicLink()) {
      symlink(root, target, entry, e.getLinkName(), created);
    } else if (e.isLink()) {
      Path source = safeTarget(root, e.getLinkName(), entry + " (hard link)");
      if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
        throw new FetchException(
            "entry '" + entry + "' hard-links to '" + e.getLinkName() + "', not an extracted file");
      }
      parents(root, target, created);
      Files.createLink(target, source);
      created.add(target);
    } else if (e.isFile()) {
      parents(root, target, created);
      try (OutputStream out = openNoFollow(target)) {
        UriSource.copy(in, out, deadline, entry);
      }
      chmod(target, e.getMode());
      created.add(target);
    } else {
      throw new FetchException(
          "entry '"
              + entry
              + "' is a device, fifo or other special file; only files are extracted");
    }
  }

  private static void extractZip(Path archive, Path root, List<Path> created, Deadline deadline)
      throws IOException, FetchException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
      while (entries.hasMoreElements()) {
        ZipArchiveEntry e = entries.nextElement();
        deadline.check("extracting " + archive.getFileName());
        String entry = e.getName();
        if (isSelf(entry)) {
          continue;
        }
        Path target = safeTarget(root, entry, entry);
        int mode = e.getUnixMode();
        if (e.isDirectory()) {
          makeDirectory(root, target, mode, created);
        } else if (e.isUnixSymlink()) {
          symlink(root, target, entry, zip.getUnixSymlink(e), created);
        } else {
          parents(root, target, created);
          try (InputStream in = zip.getInputStream(e);
              OutputStream out = openNoFollow(target)) {
            UriSource.copy(in, out, deadline, entry);
          }
          chmod(target, mode);
          created.add(target);
        }
      }
    }
  }

  /**
   * The path an entry is written to, after checking it stays inside {@code root} and that no
   * directory on the way is a symlink (which would let a later entry write outside).
   */
  static Path safeTarget(Path root, String entry, String what) throws FetchException {
    if (entry == null || entry.isEmpty()) {
      throw new FetchException("entry '" + what + "' has an empty name");
    }
    if (entry.startsWith("/") || entry.contains("\\") || entry.matches("^[A-Za-z]:/.*")) {
      throw new FetchException("entry '" + what + "' has an absolute path, refused");
    }
    for (String part : entry.split("/")) {
      if (part.equals("..")) {
        throw new FetchException(
            "entry '" + what + "' names a parent directory ('..'), which would escape the sandbox");
      }
    }
    Path target = root.resolve(entry).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new FetchException("entry '" + what + "' resolves outside the sandbox");
    }
    Path p = root;
    for (Path part : root.relativize(target)) {
      p = p.resolve(part);
      if (Files.isSymbolicLink(p)) {
        throw new FetchException(
            "entry '" + what + "' would be written through the symlink " + root.relativize(p));
      }
    }
    return target;
  }

  private static void symlink(
      Path root, Path target, String entry, String linkTarget, List<Path> created)
      throws IOException, FetchException {
    if (linkTarget == null || linkTarget.isEmpty() || linkTarget.startsWith("/")) {
      throw new FetchException(
          "entry '" + entry + "' is a symlink to '" + linkTarget + "', outside the sandbox");
    }
    Path resolved = target.getParent().resolve(linkTarget).normalize();
    if (!resolved.startsWith(root)) {
      throw new FetchException(
          "entry '" + entry + "' is a symlink to '" + linkTarget + "', outside the sandbox");
    }
    parents(root, target, created);
    try {
      Files.createSymbolicLink(target, Path.of(linkTarget));
    } catch (FileAlreadyExistsException e) {
      throw new FetchException("entry '" + entry + "' is a symlink over an existing file");
    }
    created.add(target);
  }

  private static void makeDirectory(Path root, Path target, int mode, List<Path> created)
      throws IOException {
    parents(root, target, created);
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(target);
      created.add(target);
    }
    chmod(target, mode == 0 ? 0 : mode | 0700);
  }

  /**
   * Creates the directories above {@code target} one by one (they were checked not to be symlinks),
   * recording each, so that each can be given to the task's user.
   */
  private static void parents(Path root, Path target, List<Path> created) throws IOException {
    Path dir = root;
    for (Path part : root.relativize(target.getParent())) {
      dir = dir.resolve(part);
      if (!part.toString().isEmpty() && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(dir);
        created.add(dir);
      }
    }
  }

  private static OutputStream openNoFollow(Path target) throws IOException {
    return Files.newOutputStream(
        target,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean isSelf(String entry) {
    return entry.equals("./") || entry.equals(".") || entry.isEmpty();
  }

  /** Applies the permission bits of a Unix mode; 0 means the archive recorded none. */
  static void chmod(Path p, int mode) throws IOException {
    if ((mode & 0777) == 0) {
      return;
    }
    Files.setPosixFilePermissions(p, permissions(mode));
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        s.add(order[i]);
      }
    }
    return s;
  }
}
