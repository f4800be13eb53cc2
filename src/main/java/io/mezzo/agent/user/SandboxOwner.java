package io.mezzo.agent.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Gives a sandbox to the user its task runs as, as Mesos does when it creates an executor's
 * directory: the sandbox and its {@code stdout}/{@code stderr} belong to the user, and every
 * directory from the work dir down to the sandbox can be traversed by others (Mesos's 0755), so a
 * task that is not root can reach its own working directory. Nothing else of the work dir changes:
 * the checkpoint (meta) dirs stay the agent's.
 */
public final class SandboxOwner {
  private static final Set<PosixFilePermission> TRAVERSABLE =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE,
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_EXECUTE);

  private SandboxOwner() {}

  /**
   * Hands {@code sandbox} (already created, under {@code workDir}) to {@code user}.
   *
   * @throws IOException if a directory cannot be opened up or a file cannot be chowned
   * @throws IllegalArgumentException if {@code sandbox} is not under {@code workDir}
   */
  public static void own(Path workDir, Path sandbox, UserAccount user) throws IOException {
    Path root = workDir.toAbsolutePath().normalize();
    Path dir = sandbox.toAbsolutePath().normalize();
    if (!dir.startsWith(root) || dir.equals(root)) {
      throw new IllegalArgumentException("sandbox " + dir + " is not under the work dir " + root);
    }
    for (Path p = dir.getParent(); p != null && p.startsWith(root); p = p.getParent()) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
      if (!perms.containsAll(TRAVERSABLE)) {
        perms.addAll(TRAVERSABLE);
        Files.setPosixFilePermissions(p, perms);
      }
    }
    Files.setPosixFilePermissions(dir, TRAVERSABLE);
    chown(dir, user);
    for (String name : new String[] {"stdout", "stderr"}) {
      Path file = dir.resolve(name);
      Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
      chown(file, user);
    }
  }

  private static void chown(Path p, UserAccount user) throws IOException {
    Files.setAttribute(p, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
  }
}
