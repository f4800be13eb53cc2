package io.mezzo.agent.containerizer;

import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs containers for the agent (Mesos {@code Containerizer}). The lifecycle of one container:
 *
 * <pre>
 *   launch ──▶ running ──(main command exits, limitation, or destroy)──▶ terminated
 *                │  ▲
 *      update, usage, status
 *   recover: after an agent restart, re-attach to the containers of the previous run
 *   wait:    completes with the termination, whenever it happens
 * </pre>
 *
 * <p>Contracts shared by all methods: they may be called from any thread and never block the
 * caller; results complete on a thread of the implementation, so callers hop to their own context.
 * Calls for a container id the containerizer does not know complete normally with an empty/neutral
 * result unless stated otherwise; they never throw. A containerizer keeps what it needs to answer
 * {@link #wait} for a while after a container terminated, so a late {@code wait} still sees the
 * termination. Containers outlive the agent process: {@link #close()} stops watching them, it does
 * not kill them.
 *
 * <p>Implementations keep their containers in a {@link ContainerTable}, which holds the parts of
 * this contract that do not depend on the mechanism; {@code ContainerizerContract} (tests) checks
 * every implementation against all of it.
 */
public interface Containerizer extends AutoCloseable {

  /** What {@link #launch} did. */
  enum LaunchResult {
    /** The container is running (its main command may already have ended). */
    SUCCESS,
    /** A container with this id exists already; nothing was started. */
    ALREADY_LAUNCHED,
    /** This containerizer cannot run this config (e.g. a Docker image for the process one). */
    NOT_SUPPORTED
  }

  /** The Mesos name this containerizer is selected by ({@code mesos}, {@code docker}). */
  String name();

  /**
   * Re-attaches to the containers of a previous agent run, before any {@link #launch}. Called once.
   * For every config it gets back, {@link #wait} afterwards reports how the container ended — at
   * once if it ended while the agent was down (with a null exit status if nothing recorded it).
   *
   * @param checkpointed the containers the agent checkpointed as launched and not known to be
   *     reaped
   * @return the ids it knows now (recovered live or recovered as terminated); never fails for one
   *     unreadable container, which is reported terminated with an unknown status instead
   */
  default CompletionStage<Set<ContainerId>> recover(List<ContainerConfig> checkpointed) {
    return CompletableFuture.completedFuture(Set.of());
  }

  /**
   * Prepares, isolates and starts a container. Completes when the main command has been started
   * (not when it ends), or exceptionally with a human-readable cause if it could not be started; a
   * container that failed to launch leaves nothing running and {@link #wait} reports it terminated.
   * Not idempotent: a second launch of a known id answers {@link LaunchResult#ALREADY_LAUNCHED}.
   */
  CompletionStage<LaunchResult> launch(ContainerConfig config);

  /** Applies new resource limits to a running container. Unknown id: completes normally. */
  default CompletionStage<Void> update(ContainerId id, List<Resource> resources) {
    return CompletableFuture.completedFuture(null);
  }

  /** Measures a container's resource use. Unknown id: a report with only the timestamp. */
  default CompletionStage<ContainerUsage> usage(ContainerId id) {
    return CompletableFuture.completedFuture(
        ContainerUsage.at(System.currentTimeMillis() / 1000.0));
  }

  /**
   * The container's status as reported in {@code TaskStatus.container_status}: its id and, once
   * started, the pid of its main process.
   */
  default CompletionStage<TaskStatus.ContainerStatus> status(ContainerId id) {
    return CompletableFuture.completedFuture(new TaskStatus.ContainerStatus(id, null, null));
  }

  /**
   * Completes when the container has terminated and been cleaned up, with how it ended; empty at
   * once for an id this containerizer does not know (never launched, or forgotten long ago). May be
   * called any number of times.
   */
  CompletionStage<Optional<Termination>> wait(ContainerId id);

  /**
   * Ends a container: SIGTERM to every process in it, then SIGKILL after {@code gracePeriod} (at
   * once if zero). Completes like {@link #wait}, with {@link Termination#destroyed()} true if the
   * container was still running when the destroy began. Idempotent: a second call with a shorter
   * grace period can only hasten the SIGKILL. A destroy during launch stops the launch, which then
   * fails.
   */
  CompletionStage<Optional<Termination>> destroy(ContainerId id, Duration gracePeriod);

  /** Ends a container at once (SIGKILL). */
  default CompletionStage<Optional<Termination>> destroy(ContainerId id) {
    return destroy(id, Duration.ZERO);
  }

  /** POSIX {@code SIGKILL}, which {@link #signal} turns into an immediate destroy. */
  int SIGKILL = 9;

  /**
   * Sends POSIX signal {@code signal} to a container that has not terminated (Mesos {@code
   * Containerizer::kill}): {@link #SIGKILL}, or any signal before the container's process exists,
   * destroys it at once as {@link #destroy(ContainerId)} does; another signal goes to its main
   * process, which decides what to do with it. Completes once sent, not when the container ends.
   *
   * @return false if no live container has this id (unknown, or already terminated); fails with
   *     {@link UnsupportedOperationException} saying why if this containerizer cannot send that
   *     signal (by default, any signal but SIGKILL)
   */
  default CompletionStage<Boolean> signal(ContainerId id, int signal) {
    if (signal != SIGKILL) {
      return CompletableFuture.failedFuture(
          new UnsupportedOperationException(
              "the " + name() + " containerizer can only destroy a container (SIGKILL)"));
    }
    return containers()
        .thenApply(
            live -> {
              if (!live.contains(id)) {
                return false;
              }
              destroy(id);
              return true;
            });
  }

  /** The ids of the containers that have not terminated yet. */
  CompletionStage<Set<ContainerId>> containers();

  /**
   * Stops watching containers and releases threads; containers keep running so a restarted agent
   * can recover them. Bounded in time. Calls after close may never complete.
   */
  @Override
  default void close() {}
}
