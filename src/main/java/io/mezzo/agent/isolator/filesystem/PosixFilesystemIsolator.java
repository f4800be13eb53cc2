package io.mezzo.agent.isolator.filesystem;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.isolator.ContainerLaunchInfo;
import io.mezzo.agent.isolator.Isolator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * {@code filesystem/posix}: makes a container's persistent volumes visible in its sandbox without
 * mounting, as Mesos's isolator of that name does: {@code <sandbox>/<container_path>} becomes a
 * symbolic link to the volume's directory. It needs no privilege, and so cannot make an RO volume
 * read-only (Mesos's posix isolator cannot either); the agent uses it when it is not root.
 *
 * <p>{@code prepare} fails, naming the volume, when its directory is missing (never checkpointed
 * here) or when {@code container_path} already exists in the sandbox (a fetched file, say). Nothing
 * needs undoing: the link is part of the sandbox, and deleting the sandbox deletes only the link.
 */
public final class PosixFilesystemIsolator implements Isolator {
  public static final String NAME = "filesystem/posix";
  private static final Logger LOG = Logger.getLogger(PosixFilesystemIsolator.class);
  private final Executor blocking;

  public PosixFilesystemIsolator(Executor blocking) {
    this.blocking = blocking;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompletionStage<Optional<ContainerLaunchInfo>> prepare(ContainerConfig config) {
    return CompletableFuture.supplyAsync(
        () -> {
          for (VolumeMount v : VolumeMount.of(config)) {
            v.requireSource();
            try {
              v.ownBy(config.user());
              v.createInSandbox(config.sandbox(), v.target().getParent());
              if (Files.exists(v.target(), LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException(
                    v.volume() + ": " + v.target() + " already exists in the sandbox");
              }
              Files.createSymbolicLink(v.target(), v.source());
            } catch (IOException e) {
              throw new IllegalStateException(
                  "cannot link " + v.volume() + " at " + v.target() + ": " + e.getMessage(), e);
            }
            LOG.infof(
                "Container %s: linked %s at %s", config.containerId(), v.volume(), v.target());
          }
          return Optional.<ContainerLaunchInfo>empty();
        },
        blocking);
  }
}
