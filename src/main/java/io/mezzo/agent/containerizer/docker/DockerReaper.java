package io.mezzo.agent.containerizer.docker;

import io.mezzo.agent.cgroups.MemoryControl;
import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.containerizer.ContainerTable;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.isolator.ContainerResources;
import io.mezzo.agent.isolator.cgroups.CgroupsMemoryIsolator;
import io.mezzo.api.v1.ContainerId;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The running and ending phases of a Docker container: its output is copied into the sandbox, its
 * exit is awaited (riding out engine restarts), a destroy is the engine's stop (SIGTERM, SIGKILL
 * after the grace period), and an exited container is inspected, told apart as an OOM kill or not,
 * removed, and recorded as terminated. Engine calls run on I/O threads and hop back to the context.
 */
final class DockerReaper {
  private static final Logger LOG = Logger.getLogger(DockerContainerizer.class);

  /** How long an exited container's log stream may take to deliver its last lines. */
  private static final Duration LOG_DRAIN = Duration.ofSeconds(3);

  /**
   * A peak this close to the limit means the container ran into it (the kernel charges in batches).
   */
  private static final long PEAK_SLACK_BYTES = 1L << 20;

  private final ContainerTable<DockerContainer> table;
  private final EngineWorkers workers;
  private final DockerCgroups cgroups;
  private final Executor ctx;

  DockerReaper(
      ContainerTable<DockerContainer> table,
      EngineWorkers workers,
      DockerCgroups cgroups,
      Executor ctx) {
    this.table = table;
    this.workers = workers;
    this.cgroups = cgroups;
    this.ctx = ctx;
  }

  /** Copies the container's output into the sandbox until the container stops. */
  void follow(DockerContainer c, String sinceEpochSeconds) {
    workers.submit(
        () -> {
          try (OutputStream out = new FileOutputStream(c.config().run().stdout().toFile(), true);
              OutputStream err = new FileOutputStream(c.config().run().stderr().toFile(), true)) {
            workers.engine.followLogs(c.name, sinceEpochSeconds, out, err);
          } catch (IOException e) {
            if (!workers.closed()) {
              LOG.debugf("Log stream of %s ended: %s", c.name, e.getMessage());
            }
          } finally {
            c.logsCopied.complete(null);
          }
        });
  }

  /** Waits for the container's end on an I/O thread, then reports it. */
  void watchExit(DockerContainer c) {
    DockerEngine engine = workers.engine;
    workers.submit(
        () -> {
          Integer exit = null;
          while (!workers.closed()) {
            try {
              exit = engine.awaitExit(c.name);
              break;
            } catch (IOException e) {
              if (workers.closed()) {
                return;
              }
              // The engine restarted or dropped the connection: look, and wait again if it still
              // runs.
              try {
                Optional<DockerEngine.ContainerState> st = engine.inspect(c.name);
                if (st.isEmpty() || !st.get().running()) {
                  exit = st.map(DockerEngine.ContainerState::exitCode).orElse(null);
                  break;
                }
              } catch (IOException unreachable) {
                LOG.warnf(
                    "Cannot reach the Docker engine about %s: %s",
                    c.name, unreachable.getMessage());
              }
              EngineWorkers.pause(Duration.ofSeconds(1));
            }
          }
          if (!workers.closed()) {
            exited(c, exit);
          }
        });
  }

  /** On an I/O thread: gathers how the container ended, removes it, then reports on the context. */
  void exited(DockerContainer c, Integer exitCode) {
    DockerEngine engine = workers.engine;
    ContainerId id = c.id();
    boolean oomKilled = false;
    Integer exit = exitCode;
    try {
      Optional<DockerEngine.ContainerState> st = engine.inspect(c.name);
      if (st.isPresent()) {
        oomKilled = st.get().oomKilled();
        exit = exit != null ? exit : st.get().exitCode();
      }
    } catch (IOException e) {
      LOG.warnf("Cannot inspect the ended container %s: %s", c.name, e.getMessage());
    }
    MemoryControl.Stats memory = cgroups.memoryStats(id).orElse(null);
    try {
      c.logsCopied.get(LOG_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception slow) {
      LOG.debugf("Log stream of %s still open after it exited", c.name);
    }
    try {
      engine.remove(c.name);
    } catch (IOException e) {
      LOG.warnf("Cannot remove the ended container %s: %s", c.name, e.getMessage());
    }
    boolean oom = oomKilled || (exit != null && exit == 137 && ranIntoMemoryLimit(c, memory));
    Integer status = exit;
    cgroups
        .release(id)
        .whenCompleteAsync(
            (ok, e) -> {
              ContainerLimitation limitation =
                  oom && !c.destroyRequested()
                      ? CgroupsMemoryIsolator.limitation(
                          c.config().resources(),
                          limitBytes(c),
                          memory == null ? null : memory.peakBytes())
                      : null;
              String message =
                  limitation != null
                      ? limitation.message()
                      : status == null
                          ? "Container ended; its exit status is unknown"
                          : "Container exited with status " + status;
              finish(c, new Termination(status, c.destroyRequested(), limitation, message));
            },
            ctx);
  }

  /** The cgroup's word on a SIGKILL: the OOM killer acted, or usage peaked at the limit. */
  private static boolean ranIntoMemoryLimit(DockerContainer c, MemoryControl.Stats memory) {
    if (memory == null) {
      return false;
    }
    if (memory.oomKills() > 0) {
      return true;
    }
    Long limit = limitBytes(c);
    return limit != null
        && memory.peakBytes() != null
        && memory.peakBytes() >= limit - PEAK_SLACK_BYTES;
  }

  static Long limitBytes(DockerContainer c) {
    return ContainerResources.scalar(c.config().resources(), "mem")
        .map(ContainerResources::megabytes)
        .orElse(null);
  }

  /** On the context: records the end, once; a second report of the same end is ignored. */
  void finish(DockerContainer c, Termination t) {
    if (table.terminate(c, t)) {
      LOG.infof("Docker container %s terminated: %s", c.name, t.message());
    }
  }

  /** On the context: starts ending {@code c}; {@link #watchExit} reports the end. */
  void destroy(DockerContainer c, Duration grace) {
    c.requestDestroy();
    DockerEngine engine = workers.engine;
    switch (c.state()) {
      case LAUNCHING -> {
        // The launch checks the request between its engine calls.
      }
      case RUNNING -> {
        c.destroying();
        LOG.infof("Stopping Docker container %s (SIGKILL after %s)", c.name, grace);
        workers.submit(
            () ->
                workers.call(
                    "stop " + c.name,
                    () -> {
                      if (grace.isZero() || grace.isNegative()) {
                        engine.kill(c.name);
                      } else {
                        engine.stop(c.name, grace);
                      }
                    }));
      }
      case DESTROYING -> {
        if (grace.isZero() || grace.isNegative()) {
          workers.submit(() -> workers.call("kill " + c.name, () -> engine.kill(c.name)));
        }
      }
      case TERMINATED -> {
        // Nothing left to do.
      }
    }
  }
}
