package io.mezzo.framework.services;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.instance.Instance;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A consistent, immutable view of the services framework, taken on its owner thread: what the REST
 * API and the UI read.
 *
 * @param root the desired state (the root group)
 * @param instances active and recently ended instances per app
 * @param history the stored versions of each app, oldest first (bounded)
 * @param lastFailures the last failed instance of each app, if any
 * @param readiness the readiness-check results of instances under a running deployment, per app
 */
public record ServicesSnapshot(
    FrameworkId frameworkId,
    Group root,
    Map<PathId, List<Instance>> instances,
    List<Deployment> deployments,
    List<QueueEntry> queue,
    Map<PathId, NavigableMap<Instant, AppDefinition>> history,
    Map<PathId, TaskFailure> lastFailures,
    Map<PathId, List<ReadinessResult>> readiness) {

  /** A snapshot without readiness results (none are being checked). */
  public ServicesSnapshot(
      FrameworkId frameworkId,
      Group root,
      Map<PathId, List<Instance>> instances,
      List<Deployment> deployments,
      List<QueueEntry> queue,
      Map<PathId, NavigableMap<Instant, AppDefinition>> history,
      Map<PathId, TaskFailure> lastFailures) {
    this(frameworkId, root, instances, deployments, queue, history, lastFailures, Map.of());
  }

  public ServicesSnapshot {
    readiness = Map.copyOf(readiness);
  }

  public ServicesSnapshot withReadiness(Map<PathId, List<ReadinessResult>> results) {
    return new ServicesSnapshot(
        frameworkId, root, instances, deployments, queue, history, lastFailures, results);
  }

  /** The readiness results of {@code app}'s instances, empty when none are checked. */
  public List<ReadinessResult> readinessOf(PathId app) {
    return readiness.getOrDefault(app, List.of());
  }

  /** Marathon's {@code lastTaskFailure}. */
  public record TaskFailure(
      String taskId,
      String state,
      String message,
      String host,
      Instant timestamp,
      Instant version) {}
}
