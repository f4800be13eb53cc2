package io.mezzo.agent.operator;

import io.mezzo.agent.AgentSnapshot;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.operator.AgentOperatorCalls.Answer;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.agent.Call;
import io.mezzo.api.v1.agent.Response;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * WAIT_CONTAINER and KILL_CONTAINER on the agent's top-level containers (those GET_CONTAINERS lists
 * without a parent), straight through the containerizer as a Mesos agent does; the agent sees an
 * end they cause through its own wait, as any other. A nested container (a task of a task group) is
 * refused with 501: its parent is the agent's own default executor, which has no process a signal
 * could reach, and WAIT_/KILL_NESTED_CONTAINER are not built either. Thread-safe; answers complete
 * on the containerizer's or the agent's thread.
 */
final class ContainerCalls {
  private final Containerizer containerizer;
  private final Supplier<CompletionStage<AgentSnapshot>> snapshot;

  /**
   * @param snapshot the agent's state, read only to explain an id the containerizer does not know
   */
  ContainerCalls(Containerizer containerizer, Supplier<CompletionStage<AgentSnapshot>> snapshot) {
    this.containerizer = containerizer;
    this.snapshot = snapshot;
  }

  /** Completes when the container has ended (at once if it already has): 404 if unknown. */
  CompletionStage<Answer> await(Call.WaitContainer wait) {
    Optional<Answer> bad = refused("wait_container", wait == null ? null : wait.containerId());
    if (bad.isPresent()) {
      return CompletableFuture.completedFuture(bad.get());
    }
    ContainerId id = wait.containerId();
    return containerizer
        .wait(id)
        .thenCompose(
            t ->
                t.isPresent()
                    ? CompletableFuture.completedFuture(
                        Answer.ok(Response.waitContainer(ended(t.get()))))
                    : notFound(id, "WAIT_CONTAINER", "Container " + id + " cannot be found"));
  }

  /** Sends the signal (SIGKILL unless given) and answers once it is sent: 404 if not running. */
  CompletionStage<Answer> kill(Call.KillContainer kill) {
    Optional<Answer> bad = refused("kill_container", kill == null ? null : kill.containerId());
    if (bad.isPresent()) {
      return CompletableFuture.completedFuture(bad.get());
    }
    ContainerId id = kill.containerId();
    int signal = kill.signal() == null ? Containerizer.SIGKILL : kill.signal();
    if (signal <= 0 || signal > 64) {
      return CompletableFuture.completedFuture(
          Answer.error(
              400, "'kill_container.signal' must be a signal number (1-64), got " + signal));
    }
    return containerizer
        .signal(id, signal)
        .handle(
            (sent, err) -> {
              if (err != null) {
                Throwable cause = err.getCause() != null ? err.getCause() : err;
                return CompletableFuture.completedFuture(
                    cause instanceof UnsupportedOperationException
                        ? Answer.error(
                            501,
                            "KILL_CONTAINER with signal "
                                + signal
                                + " is not supported for container "
                                + id
                                + ": "
                                + cause.getMessage())
                        : Answer.error(
                            500, "Unable to send signal to container " + id + ": " + cause));
              }
              return sent
                  ? CompletableFuture.completedFuture(Answer.ok(null))
                  : notFound(
                      id,
                      "KILL_CONTAINER",
                      "Container '" + id + "' cannot be found (or is already killed)");
            })
        .thenCompose(a -> a);
  }

  /** What Mesos's validation refuses (400), and nested containers (501). */
  private static Optional<Answer> refused(String field, ContainerId id) {
    if (id == null) {
      return Optional.of(Answer.error(400, "Expecting '" + field + ".container_id' to be present"));
    }
    if (id.value().isEmpty()) {
      return Optional.of(
          Answer.error(400, "'" + field + ".container_id' is invalid: ID must not be empty"));
    }
    if (id.parent() != null) {
      return Optional.of(
          Answer.error(
              501,
              "'"
                  + field
                  + ".container_id' names nested container "
                  + id
                  + ": Mezzo's agent plays the default executor itself and does not expose its"
                  + " tasks' nested containers to WAIT_CONTAINER or KILL_CONTAINER (KILL_TASK"
                  + " ends such a task)"));
    }
    return Optional.empty();
  }

  /**
   * 404 as Mesos, unless the id is a default executor's container: the agent knows it, but it has
   * no process (the agent plays that executor), so no containerizer does.
   */
  private CompletionStage<Answer> notFound(ContainerId id, String call, String message) {
    return snapshot
        .get()
        .thenApply(
            s -> {
              for (AgentSnapshot.FrameworkView f : s.frameworks()) {
                for (AgentSnapshot.ExecutorView e : f.executors()) {
                  boolean parentOfTasks =
                      e.tasks().stream()
                          .anyMatch(
                              t -> t.containerId() != null && id.equals(t.containerId().parent()));
                  if (id.equals(e.containerId()) && parentOfTasks) {
                    return Answer.error(
                        501,
                        call
                            + " of container "
                            + id
                            + " (executor "
                            + e.executorId().value()
                            + "): the agent plays this default executor itself, so the container"
                            + " has no process of its own; KILL_TASK ends its tasks");
                  }
                }
              }
              return Answer.error(404, message);
            });
  }

  /**
   * How the container ended in Mesos's terms: state and reason only for a resource limitation,
   * which is when a Mesos agent sets them.
   */
  static Response.WaitContainer ended(Termination t) {
    if (t.limitation() == null) {
      return new Response.WaitContainer(t.waitStatus(), null, null, null, t.message());
    }
    return new Response.WaitContainer(
        t.waitStatus(),
        TaskState.TASK_FAILED,
        t.limitation().reason(),
        t.limitation().resources().isEmpty()
            ? null
            : new Response.WaitContainer.Limitation(t.limitation().resources()),
        t.message());
  }
}
