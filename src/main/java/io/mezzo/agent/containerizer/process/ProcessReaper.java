package io.mezzo.agent.containerizer.process;

import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.containerizer.ContainerTable;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.isolator.Isolator;
import io.mezzo.agent.state.Checkpoints;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.core.time.Timers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * How a process container ends, the last phase of its lifecycle: watching its isolators for a
 * limitation, the graceful destroy (SIGTERM to the group, SIGKILL after the grace period), and
 * reaping once the wrapper exited (kill what it left in its group, clean up the isolators, record
 * the termination). Runs on the containerizer's context, like everything that touches the table.
 */
final class ProcessReaper {
  private static final Logger LOG = Logger.getLogger(ProcessContainerizer.class);

  private final ContainerTable<ProcessContainer> table;
  private final IsolatorChain isolators;
  private final Timers timers;
  private final Executor ctx;

  ProcessReaper(
      ContainerTable<ProcessContainer> table,
      IsolatorChain isolators,
      Timers timers,
      Executor ctx) {
    this.table = table;
    this.isolators = isolators;
    this.timers = timers;
    this.ctx = ctx;
  }

  /** Listens to every isolator's {@code watch}: the first limitation destroys the container. */
  void watch(ProcessContainer c) {
    for (Isolator i : isolators.list()) {
      CompletableFuture<ContainerLimitation> limit = i.watch(c.id()).toCompletableFuture();
      c.watches.put(i, limit);
      limit.thenAcceptAsync(limitation -> limited(c, i, limitation), ctx);
    }
  }

  private void limited(ProcessContainer c, Isolator isolator, ContainerLimitation limitation) {
    if (c.isTerminated() || c.limitation != null) {
      return;
    }
    LOG.warnf("Container %s hit a limit of %s: %s", c.id(), isolator.name(), limitation.message());
    c.limitation = limitation;
    destroy(c, Duration.ZERO);
  }

  /** Starts ending {@code c}; its termination completes once the wrapper has been reaped. */
  void destroy(ProcessContainer c, Duration grace) {
    c.requestDestroy();
    switch (c.state()) {
      case LAUNCHING -> {
        if (c.attached) {
          // The wrapper is parked in its own session before the command: nothing to be graceful
          // about.
          ProcessGroups.signal(c.pid, ProcessGroups.Signal.KILL);
        }
        // Before that nothing runs yet; the launch checks the request before it forks.
      }
      case RUNNING -> {
        c.destroying();
        if (grace.isZero() || grace.isNegative()) {
          ProcessGroups.signal(c.pid, ProcessGroups.Signal.KILL);
        } else {
          LOG.infof(
              "Sending SIGTERM to container %s (pid %d); SIGKILL in %s", c.id(), c.pid, grace);
          ProcessGroups.signal(c.pid, ProcessGroups.Signal.TERM);
          c.killTimer = timers.schedule(grace, () -> ctx.execute(() -> escalate(c)));
        }
      }
      case DESTROYING -> {
        if (grace.isZero() || grace.isNegative()) {
          escalate(c);
        }
      }
      case TERMINATED -> {
        // Nothing left to do.
      }
    }
  }

  private void escalate(ProcessContainer c) {
    if (!c.isTerminated()) {
      LOG.infof("Sending SIGKILL to container %s (pid %d)", c.id(), c.pid);
      ProcessGroups.signal(c.pid, ProcessGroups.Signal.KILL);
    }
  }

  /** The wrapper exited: kill what it left in its group, clean up isolators, report the end. */
  void reaped(ProcessContainer c) {
    if (c.isTerminated()) {
      return;
    }
    Integer exit = readLong(c.config().run().exitStatusFile()).map(Long::intValue).orElse(null);
    boolean wrapperCleanedUp = exit != null;
    if (exit == null && c.process != null && c.process.pid() == c.pid && c.launchFailure == null) {
      // No status file: the wrapper itself was killed (SIGKILL), so its own status is the best
      // fact.
      exit = c.process.exitValue();
    }
    if (c.attached && !wrapperCleanedUp) {
      // A wrapper that wrote the status has killed its group itself; one that was killed first
      // (or never ran the command) may have left processes there.
      ProcessGroups.signal(c.pid, ProcessGroups.Signal.KILL);
    }
    finish(c, exit);
  }

  /** Cleans up the isolators, then records the termination (once, whoever asks first). */
  void finish(ProcessContainer c, Integer exit) {
    ContainerId id = c.id();
    isolators
        .each("cleanup", i -> i.cleanup(id))
        .whenCompleteAsync(
            (ok, err) -> {
              if (err != null) {
                LOG.warnf("Cleanup of container %s failed: %s", id, IsolatorChain.describe(err));
              }
              if (c.isTerminated()) {
                return;
              }
              if (c.limitation == null) {
                lateLimitation(c);
              }
              Termination t =
                  new Termination(exit, c.destroyRequested(), c.limitation, message(c, exit));
              table.terminate(c, t);
              LOG.infof("Container %s terminated: %s", id, t.message());
            },
            ctx);
  }

  /**
   * A limit an isolator found only at cleanup (its poll had not seen it before the container ended,
   * e.g. the OOM killer ended the main command): it explains the end better than the exit status.
   */
  private static void lateLimitation(ProcessContainer c) {
    for (Map.Entry<Isolator, CompletableFuture<ContainerLimitation>> w : c.watches.entrySet()) {
      CompletableFuture<ContainerLimitation> f = w.getValue();
      if (f.isDone() && !f.isCompletedExceptionally()) {
        c.limitation = f.join();
        LOG.warnf(
            "Container %s hit a limit of %s: %s",
            c.id(), w.getKey().name(), c.limitation.message());
        return;
      }
    }
  }

  private static String message(ProcessContainer c, Integer exit) {
    if (c.launchFailure != null) {
      return "Failed to launch container: " + c.launchFailure;
    }
    if (c.limitation != null) {
      return c.limitation.message();
    }
    if (exit != null) {
      return "Command exited with status " + exit;
    }
    return c.destroyRequested()
        ? "Command was killed"
        : "Command ended while the agent was down; its exit status is unknown";
  }

  /** A number the wrapper or the launch checkpointed (a pid, an exit status), if readable. */
  static Optional<Long> readLong(Path file) {
    return Checkpoints.read(file)
        .flatMap(
            bytes -> {
              try {
                return Optional.of(
                    Long.parseLong(new String(bytes, StandardCharsets.US_ASCII).strip()));
              } catch (NumberFormatException e) {
                LOG.warnf("Ignoring unreadable checkpoint %s", file);
                return Optional.empty();
              }
            });
  }
}
