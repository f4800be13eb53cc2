package io.mezzo.agent.isolator.filesystem;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.user.UserAccount;
import io.mezzo.agent.volume.AgentVolume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * One persistent volume of a container and where it goes: its directory ({@code source}, under the
 * work dir's {@code volumes/}) and the place in the sandbox the task sees it at ({@code target},
 * {@code <sandbox>/<container_path>}). {@link #of} is pure; the other methods are the checks and
 * changes both filesystem isolators make before they mount or link.
 */
record VolumeMount(AgentVolume volume, Path source, Path target) {

  /**
   * The volumes among the container's resources.
   *
   * @throws IllegalArgumentException if a resource cannot be parsed
   */
  static List<VolumeMount> of(ContainerConfig config) {
    Path sandbox = config.sandbox().toAbsolutePath().normalize();
    return AgentVolume.in(config.resources()).stream()
        .map(
            v ->
                new VolumeMount(
                    v,
                    config.run().volumeDir(v.role(), v.id()),
                    sandbox.resolve(v.volume().containerPath()).normalize()))
        .toList();
  }

  boolean readOnly() {
    return volume.volume().readOnly();
  }

  /**
   * Fails unless the volume's directory exists: it is created when the master checkpoints the
   * volume, so a missing one means this agent never learned of it (or it was destroyed).
   */
  void requireSource() {
    if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException(
          volume
              + " has no directory "
              + source
              + " on this agent: it was never checkpointed here (CHECKPOINT_RESOURCES) or was"
              + " destroyed");
    }
  }

  /**
   * Gives the volume's directory (not its contents) to the container's user, as Mesos does when it
   * mounts a volume for a container that runs as another user; null means the agent's own user.
   */
  void ownBy(UserAccount user) throws IOException {
    if (user == null) {
      return;
    }
    Object uid = Files.getAttribute(source, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    Object gid = Files.getAttribute(source, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    if (!uid.equals(user.uid()) || !gid.equals(user.gid())) {
      Files.setAttribute(source, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(source, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
    }
  }

  /**
   * Creates {@code dir} (the target or its parent) and checks it did not land outside the sandbox
   * through a link a fetched archive left there: mounting over such a path would cover a host
   * directory.
   *
   * @return {@code dir}'s real path
   */
  Path createInSandbox(Path sandbox, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path realSandbox = sandbox.toRealPath();
    Path real = dir.toRealPath();
    Path expected = realSandbox.resolve(sandbox.toAbsolutePath().normalize().relativize(dir));
    if (!real.equals(expected)) {
      throw new IllegalStateException(
          volume
              + ": "
              + dir
              + " leads outside the sandbox through a symbolic link ("
              + real
              + ")");
    }
    return real;
  }
}
