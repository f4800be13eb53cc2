package io.mezzo.agent.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Bind mounts through {@code mount(8)} and {@code umount(8)}, each run with a bounded wait. Blocks
 * the caller for as long as the command runs (milliseconds; {@link #TIMEOUT} at most): callers run
 * it on a blocking thread. Needs root (CAP_SYS_ADMIN).
 */
public final class Mounts {
  private static final Logger LOG = Logger.getLogger(Mounts.class);

  /** A mount command that takes longer is killed and counts as failed. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** More mounts than this stacked on one path means something else keeps mounting there. */
  private static final int MAX_STACKED = 8;

  private Mounts() {}

  /**
   * Bind-mounts {@code source} onto {@code target} (both existing directories), then makes it
   * read-only if asked; a failed remount undoes the bind so a read-only volume is never writable.
   *
   * @throws IOException with the command's output when a step fails
   */
  public static void bind(Path source, Path target, boolean readOnly) throws IOException {
    run("mount", "--bind", source.toString(), target.toString());
    if (readOnly) {
      try {
        run("mount", "-o", "remount,bind,ro", target.toString());
      } catch (IOException e) {
        unmount(target);
        throw e;
      }
    }
  }

  /**
   * Unmounts everything mounted on {@code target} (stacked mounts too): {@code umount}, and when
   * that fails (busy) {@code umount -l}, which detaches it at once. Idempotent: a path that is no
   * mount point is left alone.
   *
   * @throws IOException if {@code target} is still a mount point afterwards
   */
  public static void unmount(Path target) throws IOException {
    Path t = target.toAbsolutePath().normalize();
    for (int n = 0; MountTable.read().contains(t); n++) {
      if (n >= MAX_STACKED) {
        throw new IOException(t + " is still a mount point after " + n + " unmounts");
      }
      try {
        run("umount", t.toString());
      } catch (IOException busy) {
        LOG.infof("Lazily unmounting %s: %s", t, busy.getMessage());
        run("umount", "-l", t.toString());
      }
    }
  }

  /**
   * Unmounts every mount point at or under {@code root}, deepest first, as far as it can.
   *
   * @return the mount points that could not be unmounted, with why
   */
  public static List<String> unmountUnder(Path root) {
    List<String> failed = new ArrayList<>();
    for (Path m : MountTable.under(MountTable.read(), root).stream().distinct().toList()) {
      try {
        unmount(m);
        LOG.infof("Unmounted %s", m);
      } catch (IOException e) {
        failed.add(m + ": " + e.getMessage());
      }
    }
    return failed;
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not end within " + TIMEOUT);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(String.join(" ", command) + " was interrupted", e);
    }
    // The output is a line or two: it sits in the pipe's buffer until the command has ended.
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited with " + p.exitValue() + ": " + out);
    }
  }
}
