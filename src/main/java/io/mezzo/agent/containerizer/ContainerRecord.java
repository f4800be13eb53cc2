package io.mezzo.agent.containerizer;

import io.mezzo.api.v1.ContainerId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One container in a {@link ContainerTable}: its config, where its lifecycle is, and the waiters of
 * its end. Each containerizer extends it with what its mechanism needs (pids, engine names).
 *
 * <pre>
 *   LAUNCHING ──running()──▶ RUNNING ──destroying()──▶ DESTROYING
 *       │                       │                          │
 *       │ (launch failed)       │ (main command exited,    │ (it ended)
 *       │                       │  or limitation)          │
 *       └───────────────────────┴──────────────────────────┴──terminated()──▶ TERMINATED
 * </pre>
 *
 * <p>A recovered container enters the table in RUNNING ({@link ContainerTable#recovered}) or, if
 * the engine no longer knows it, goes from LAUNCHING straight to TERMINATED. A destroy during
 * LAUNCHING only sets {@link #destroyRequested()}; the launch checks it between its steps and
 * aborts. Every transition not drawn throws {@code IllegalStateException("cannot go from X to Y:
 * …")}.
 *
 * <p>Threading: owned by the containerizer's context, like the table; only {@link
 * #destroyRequested()} is volatile, because launch steps read it on I/O threads.
 */
public abstract class ContainerRecord {
  /** Where a container is in its lifecycle. */
  public enum State {
    LAUNCHING,
    RUNNING,
    DESTROYING,
    TERMINATED
  }

  private final ContainerConfig config;
  private final CompletableFuture<Optional<Termination>> termination = new CompletableFuture<>();
  private State state = State.LAUNCHING;
  private volatile boolean destroyRequested;

  protected ContainerRecord(ContainerConfig config) {
    this.config = config;
  }

  public final ContainerConfig config() {
    return config;
  }

  public final ContainerId id() {
    return config.containerId();
  }

  public final State state() {
    return state;
  }

  public final boolean isTerminated() {
    return state == State.TERMINATED;
  }

  /** Whether a destroy (or a limitation) asked this container to end. */
  public final boolean destroyRequested() {
    return destroyRequested;
  }

  /** Marks that the container is to end; the launch or the kill path acts on it. */
  public final void requestDestroy() {
    destroyRequested = true;
  }

  /** Completes once with how the container ended; every {@code wait} shares it. */
  public final CompletableFuture<Optional<Termination>> termination() {
    return termination;
  }

  /** The main command has started (or a recovered container was found alive). */
  public final void running() {
    guard(State.RUNNING, State.LAUNCHING);
    state = State.RUNNING;
  }

  /** A destroy began on a running container: signals are on their way. */
  public final void destroying() {
    guard(State.DESTROYING, State.RUNNING);
    state = State.DESTROYING;
  }

  /** Only {@link ContainerTable#terminate} calls this, so the table and the record agree. */
  final void terminated(Termination t) {
    if (state == State.TERMINATED) {
      throw new IllegalStateException(
          "cannot go from TERMINATED to TERMINATED: container " + id() + " already ended");
    }
    state = State.TERMINATED;
    onTerminated();
    termination.complete(Optional.of(t));
  }

  /** A hook for releasing what the record holds (timers) once it ended; runs before the waiters. */
  protected void onTerminated() {}

  private void guard(State to, State from) {
    if (state != from) {
      throw new IllegalStateException(
          "cannot go from " + state + " to " + to + ": container " + id() + " must be " + from);
    }
  }
}
