package io.mezzo.agent.containerizer.docker;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.Termination;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One container of the {@link DockerContainerizer}, owned by its context.
 *
 * <pre>
 *   LAUNCHING ──(created and started)──▶ RUNNING ──destroy──▶ DESTROYING
 *       │                                  │                       │
 *       │ (launch failed)                  │ (exited)              │ (exited)
 *       └──────────────────────────────────┴───────────────────────┴──▶ TERMINATED
 * </pre>
 *
 * A recovered container starts in RUNNING. A destroy during LAUNCHING only sets {@link
 * #destroyRequested}; the launch sees it between engine calls and aborts.
 */
final class DockerContainer {
  enum State {
    LAUNCHING,
    RUNNING,
    DESTROYING,
    TERMINATED
  }

  final ContainerConfig config;
  final String name;
  final CompletableFuture<Optional<Termination>> termination = new CompletableFuture<>();

  /** Completes when the engine's log stream of the container ended (it has been copied whole). */
  final CompletableFuture<Void> logsCopied = new CompletableFuture<>();

  private State state;

  /** Read by launch steps on I/O threads between engine calls, hence volatile. */
  volatile boolean destroyRequested;

  Long pid;

  DockerContainer(ContainerConfig config, String name, State initial) {
    this.config = config;
    this.name = name;
    this.state = initial;
  }

  State state() {
    return state;
  }

  boolean isTerminated() {
    return state == State.TERMINATED;
  }

  void started(Long pid) {
    guard(State.RUNNING, State.LAUNCHING);
    this.pid = pid;
    state = State.RUNNING;
  }

  void destroying() {
    guard(State.DESTROYING, State.RUNNING);
    state = State.DESTROYING;
  }

  void terminated(Termination t) {
    if (state == State.TERMINATED) {
      throw new IllegalStateException(
          "cannot go from TERMINATED to TERMINATED: container " + name + " already ended");
    }
    state = State.TERMINATED;
    termination.complete(Optional.of(t));
  }

  private void guard(State to, State from) {
    if (state != from) {
      throw new IllegalStateException(
          "cannot go from " + state + " to " + to + ": container " + name);
    }
  }
}
