package io.mezzo.agent.isolator;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.Resource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Applies one kind of isolation or accounting to containers (Mesos {@code Isolator}): cgroups
 * limits, disk quotas, port checks. A containerizer calls the hooks of every configured isolator in
 * this order for each container:
 *
 * <pre>
 *   prepare ──▶ (fork; the main command waits) ──▶ isolate(pid) ──▶ (exec) ──▶ watch
 *                                                                      │  update, usage
 *                                                                      ▼
 *                                                          (container ends) ──▶ cleanup
 *   recover: once at agent start, before any prepare, for the containers of the previous run
 * </pre>
 *
 * <p>Every hook has a no-op default, so an isolator overrides only what it needs. Common contracts:
 * hooks are called from the containerizer's single context, never concurrently for one container;
 * they must not block (do I/O on their own threads if slow) and complete on any thread. A hook that
 * completes exceptionally fails the step it belongs to: a failed prepare or isolate fails the
 * launch (the container is then cleaned up), a failed update fails the update.
 */
public interface Isolator {

  /** The Mesos name this isolator is selected by, e.g. {@code cgroups/mem}. */
  String name();

  /**
   * Re-attaches to the containers of a previous agent run, before any {@link #prepare}. Called
   * once.
   *
   * @param states the containers the agent recovered
   * @param orphans ids the containerizer found (e.g. in cgroups) that the agent does not know; the
   *     isolator should be ready for {@link #cleanup} of them
   */
  default CompletionStage<Void> recover(List<ContainerConfig> states, Set<ContainerId> orphans) {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Sets up isolation for a new container before its process exists (create a cgroup, reserve
   * ports). May contribute to how the command is launched (e.g. environment variables).
   */
  default CompletionStage<Optional<ContainerLaunchInfo>> prepare(ContainerConfig config) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  /**
   * Puts the container's first process under isolation (e.g. writes {@code pid} to {@code
   * cgroup.procs}). The process is forked but waits until every isolator's isolate completed, so
   * everything it starts is isolated too.
   */
  default CompletionStage<Void> isolate(ContainerId id, long pid) {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Completes when the container exceeds a limit this isolator enforces (OOM, disk quota); the
   * containerizer then destroys the container and reports the limitation. Called once per container
   * after it started; a stage that never completes (the default) means "no limitation". An isolator
   * that polls may miss a limit hit just before the container ended (an OOM kill of the main
   * process ends it at once): it completes this stage from {@link #cleanup} then, before it
   * releases what it measured, and the containerizer reads the stages again after cleanup.
   */
  default CompletionStage<ContainerLimitation> watch(ContainerId id) {
    return new CompletableFuture<>();
  }

  /** Applies new resources to a running container. Unknown id: complete normally. */
  default CompletionStage<Void> update(ContainerId id, List<Resource> resources) {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Reports what this isolator measures; fields it does not measure stay null so reports merge.
   * Unknown id: a report with only the timestamp.
   */
  default CompletionStage<ContainerUsage> usage(ContainerId id) {
    return CompletableFuture.completedFuture(
        ContainerUsage.at(System.currentTimeMillis() / 1000.0));
  }

  /**
   * Releases everything held for a container after all its processes are gone. May be called for a
   * container this isolator never prepared (a launch that failed earlier, an orphan) and more than
   * once: it must be idempotent and complete normally for unknown ids. Processes the containerizer
   * could not reach (they left the process tree) but that are still in the isolator's cgroup are
   * killed here; nothing of the container may outlive a completed cleanup.
   */
  default CompletionStage<Void> cleanup(ContainerId id) {
    return CompletableFuture.completedFuture(null);
  }
}
