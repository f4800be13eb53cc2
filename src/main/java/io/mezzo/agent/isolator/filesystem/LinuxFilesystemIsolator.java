package io.mezzo.agent.isolator.filesystem;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.isolator.ContainerLaunchInfo;
import io.mezzo.agent.isolator.Isolator;
import io.mezzo.agent.mount.MountTable;
import io.mezzo.agent.mount.Mounts;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.ContainerId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * {@code filesystem/linux}: mounts a container's persistent volumes into its sandbox, as Mesos's
 * isolator of that name does. The agent must run as root on Linux ({@link #problem}).
 *
 * <ul>
 *   <li>{@code prepare}: for every volume among the container's resources, creates {@code
 *       <sandbox>/<container_path>} and bind-mounts the volume's directory ({@code
 *       <work_dir>/volumes/roles/<role>/<id>}) on it, read-only for an RO volume. A volume without
 *       a directory (never checkpointed on this agent) fails the prepare, naming it, so the task
 *       ends TASK_FAILED. A container that runs as another user gets the volume's directory.
 *   <li>{@code cleanup}: unmounts them ({@code umount}, {@code umount -l} if busy). Idempotent; an
 *       unknown id has nothing to unmount. A mount that cannot go is logged and left (the sandbox
 *       GC never deletes through a mount) rather than stopping the other isolators' cleanup.
 *   <li>{@code recover}: the mounts of recovered containers are found again from their resources
 *       and sandboxes, so their cleanup unmounts them; mounts under {@code <work_dir>/slaves/} of
 *       any other container (it ended, or its checkpoint is gone) are unmounted at once.
 * </ul>
 *
 * The mounts are made in the agent's mount namespace, where the task runs too. The mount commands
 * run on the given blocking executor, each with a bounded wait.
 */
public final class LinuxFilesystemIsolator implements Isolator {
  public static final String NAME = "filesystem/linux";
  private static final Logger LOG = Logger.getLogger(LinuxFilesystemIsolator.class);

  private final Paths paths;
  private final Executor blocking;
  private final Map<ContainerId, List<Path>> mounted = new ConcurrentHashMap<>();

  public LinuxFilesystemIsolator(Paths paths, Executor blocking) {
    this.paths = paths;
    this.blocking = blocking;
  }

  /** Why this isolator cannot work here (not Linux, not root), or empty. */
  public static Optional<String> problem() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return uid.equals(0)
          ? Optional.empty()
          : Optional.of(
              NAME + " needs the agent to run as root (bind mounts); it runs as uid " + uid);
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of(NAME + " needs Linux (/proc): " + e.getMessage());
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompletionStage<Void> recover(List<ContainerConfig> states, Set<ContainerId> orphans) {
    List<Path> sandboxes = new ArrayList<>();
    for (ContainerConfig c : states) {
      sandboxes.add(real(c.sandbox()));
      try {
        mounted.put(
            c.containerId(), VolumeMount.of(c).stream().map(m -> real(m.target())).toList());
      } catch (IllegalArgumentException e) {
        LOG.warnf("Container %s: cannot read its volumes: %s", c.containerId(), e.getMessage());
      }
    }
    return CompletableFuture.runAsync(() -> unmountStale(sandboxes), blocking);
  }

  /** Unmounts what is mounted under the sandboxes but belongs to no recovered container. */
  private void unmountStale(List<Path> live) {
    Path slaves = real(paths.workDir().resolve("slaves"));
    for (Path m : MountTable.under(MountTable.read(), slaves).stream().distinct().toList()) {
      if (live.stream().noneMatch(m::startsWith)) {
        try {
          Mounts.unmount(m);
          LOG.infof("Unmounted %s, left by a container that is gone", m);
        } catch (IOException e) {
          LOG.errorf("Cannot unmount the stale mount %s: %s", m, e.getMessage());
        }
      }
    }
  }

  @Override
  public CompletionStage<Optional<ContainerLaunchInfo>> prepare(ContainerConfig config) {
    return CompletableFuture.supplyAsync(
        () -> {
          List<VolumeMount> volumes = VolumeMount.of(config);
          List<Path> targets = new ArrayList<>();
          mounted.put(config.containerId(), targets);
          for (VolumeMount v : volumes) {
            v.requireSource();
            try {
              v.ownBy(config.user());
              Path target = v.createInSandbox(config.sandbox(), v.target());
              targets.add(target);
              Mounts.bind(v.source(), target, v.readOnly());
            } catch (IOException e) {
              throw new IllegalStateException(
                  "cannot mount " + v.volume() + " at " + v.target() + ": " + e.getMessage(), e);
            }
            LOG.infof(
                "Container %s: mounted %s at %s%s",
                config.containerId(), v.volume(), v.target(), v.readOnly() ? " read-only" : "");
          }
          return Optional.<ContainerLaunchInfo>empty();
        },
        blocking);
  }

  @Override
  public CompletionStage<Void> cleanup(ContainerId id) {
    List<Path> targets = mounted.remove(id);
    if (targets == null || targets.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.runAsync(
        () -> {
          for (Path t : MountTable.under(targets, Path.of("/"))) {
            try {
              Mounts.unmount(t);
            } catch (IOException e) {
              LOG.errorf("Container %s: cannot unmount %s: %s", id, t, e.getMessage());
            }
          }
        },
        blocking);
  }

  /** The real path where it exists (mountinfo lists real paths), else the normalized one. */
  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
