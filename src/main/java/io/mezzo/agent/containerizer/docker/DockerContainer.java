package io.mezzo.agent.containerizer.docker;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerRecord;
import java.util.concurrent.CompletableFuture;

/**
 * One container of the {@link DockerContainerizer}, owned by its context. Its lifecycle is {@link
 * ContainerRecord}'s: LAUNCHING while the engine creates and starts it, RUNNING once started (or
 * recovered alive), DESTROYING once stopped, TERMINATED once it exited and was removed. A destroy
 * during LAUNCHING only requests the destroy; the launch sees it between engine calls and aborts.
 */
final class DockerContainer extends ContainerRecord {
  /** The engine's name of the container: {@code mezzo-<container id>}. */
  final String name;

  /** Completes when the engine's log stream of the container ended (it has been copied whole). */
  final CompletableFuture<Void> logsCopied = new CompletableFuture<>();

  /** The pid of the container's main process as the engine reports it, once started. */
  Long pid;

  DockerContainer(ContainerConfig config, String name) {
    super(config);
    this.name = name;
  }

  /** The engine started it (or a previous agent run did), with main process {@code pid}. */
  void started(Long pid) {
    running();
    this.pid = pid;
  }
}
