package io.mezzo.agent.containerizer.process;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.isolator.Isolator;
import io.mezzo.core.time.Timers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One container of the {@link ProcessContainerizer}, owned by its context.
 *
 * <pre>
 *   PREPARING ──fork──▶ ISOLATING ──go──▶ RUNNING ──destroy──▶ DESTROYING
 *       │                   │               │                      │
 *       │ (launch failed)   │ (wrapper      │ (command exited)     │ (tree gone)
 *       └───────────────────┴───exited)─────┴──────────────────────┴──▶ TERMINATED
 * </pre>
 *
 * A recovered container starts in RUNNING. A destroy before RUNNING only sets {@link
 * #destroyRequested}; the launch sees it and aborts.
 */
final class ProcessContainer {
  enum State {
    PREPARING,
    ISOLATING,
    RUNNING,
    DESTROYING,
    TERMINATED
  }

  final ContainerConfig config;
  final CompletableFuture<Optional<Termination>> termination = new CompletableFuture<>();
  private State state;

  /**
   * The process this agent run forked (the wrapper, or {@code setsid} if it had to fork); null for
   * a recovered container.
   */
  Process process;

  /** Pid of the wrapper, which is also the process group and session id; -1 before fork. */
  long pid = -1;

  /**
   * Whether this agent run saw the wrapper alive, so its pid is known to be our process group (and
   * not a recycled pid) when the group is cleaned up.
   */
  boolean attached;

  boolean destroyRequested;
  ContainerLimitation limitation;

  /**
   * What each isolator's {@code watch} returned, read again after cleanup for a late limitation.
   */
  final Map<Isolator, CompletableFuture<ContainerLimitation>> watches = new LinkedHashMap<>();

  /** Why the launch failed, once it has. */
  String launchFailure;

  Timers.Cancellable killTimer;

  ProcessContainer(ContainerConfig config, State initial) {
    this.config = config;
    this.state = initial;
  }

  State state() {
    return state;
  }

  boolean isTerminated() {
    return state == State.TERMINATED;
  }

  /** The wrapper reported {@code wrapperPid} from inside its new session. */
  void forked(long wrapperPid) {
    guard(State.ISOLATING, State.PREPARING);
    this.pid = wrapperPid;
    this.attached = true;
    state = State.ISOLATING;
  }

  void started() {
    guard(State.RUNNING, State.ISOLATING);
    state = State.RUNNING;
  }

  void destroying() {
    guard(State.DESTROYING, State.RUNNING);
    state = State.DESTROYING;
  }

  void terminated(Termination t) {
    if (state == State.TERMINATED) {
      throw new IllegalStateException(
          "cannot go from TERMINATED to TERMINATED: container "
              + config.containerId()
              + " already ended");
    }
    state = State.TERMINATED;
    if (killTimer != null) {
      killTimer.cancel();
      killTimer = null;
    }
    termination.complete(Optional.of(t));
  }

  private void guard(State to, State... from) {
    for (State f : from) {
      if (state == f) {
        return;
      }
    }
    throw new IllegalStateException(
        "cannot go from " + state + " to " + to + ": container " + config.containerId());
  }
}
