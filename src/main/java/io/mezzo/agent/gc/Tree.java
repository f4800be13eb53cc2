package io.mezzo.agent.gc;

import io.mezzo.agent.mount.MountAwareDelete;
import io.mezzo.agent.state.Paths;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** The file operations of garbage collection, kept inside the work dir. */
final class Tree {
  private static final Logger LOG = Logger.getLogger(SandboxGc.class);

  private Tree() {}

  /**
   * Deletes {@code dir} and everything under it, never following a symbolic link (a task may leave
   * one pointing anywhere) and never deleting what is behind a mount (a persistent volume still
   * mounted in the sandbox keeps its data: {@link MountAwareDelete}); a missing {@code dir} is
   * already gone.
   *
   * @throws IllegalArgumentException if {@code dir} is not strictly under {@code workDir}
   */
  static void delete(Path workDir, Path dir) throws IOException {
    MountAwareDelete.delete(workDir, dir);
  }

  /**
   * After a run's directories are gone: its dangling {@code runs/latest} link, then the executor's
   * and the framework's directories, on both the sandbox and the meta side, each only if nothing
   * else is left in it. A framework's meta dir counts as empty when only its {@code framework.info}
   * is left. Must run where tasks are launched (the agent's context), so a launch never finds its
   * framework dir removed under it.
   */
  static void pruneEmptyParents(Paths paths, Paths.Run run) {
    try {
      Path latest = run.latestLink();
      if (Files.isSymbolicLink(latest) && !Files.exists(latest)) {
        Files.deleteIfExists(latest);
      }
      // runs/ → <executor>/ → executors/ → <framework>/
      Path sandboxRuns = run.sandbox().getParent();
      if (removeIfEmpty(sandboxRuns) && removeIfEmpty(sandboxRuns.getParent())) {
        Path executors = sandboxRuns.getParent().getParent();
        if (removeIfEmpty(executors)) {
          removeIfEmpty(executors.getParent());
        }
      }
      Path metaRuns = run.metaDir().getParent();
      if (removeIfEmpty(metaRuns) && removeIfEmpty(metaRuns.getParent())) {
        Path executors = metaRuns.getParent().getParent();
        if (removeIfEmpty(executors)) {
          Path framework = paths.frameworkMetaDir(run.agentId(), run.frameworkId());
          try (var left = Files.list(framework)) {
            if (left.allMatch(p -> p.getFileName().toString().equals("framework.info"))) {
              Files.deleteIfExists(paths.frameworkInfoFile(run.agentId(), run.frameworkId()));
              removeIfEmpty(framework);
            }
          }
        }
      }
    } catch (IOException e) {
      LOG.debugf("Leaving the parents of run %s: %s", run.containerId(), e.toString());
    }
  }

  /** Removes an empty directory; false if it holds something (or cannot go). */
  private static boolean removeIfEmpty(Path dir) {
    try {
      Files.delete(dir);
      return true;
    } catch (NoSuchFileException e) {
      return true;
    } catch (DirectoryNotEmptyException e) {
      return false;
    } catch (IOException e) {
      LOG.debugf("Cannot remove %s: %s", dir, e.toString());
      return false;
    }
  }
}
