package io.mezzo.framework.services;

import io.mezzo.api.v1.TaskId;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.instance.Instance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v2/tasks/delete} and {@code DELETE /v2/apps/{id}/tasks}: kills the named instances. The
 * chosen instances are marked STOPPED (durably) before anything else, so when {@code scale} lowers
 * the app's instance count the scale step finds exactly the right number left and kills no other;
 * without {@code scale} the healing replaces them. {@code wipe} forgets them at once.
 */
final class TaskKiller {
  private final ServicesCore core;
  private final DeploymentRunner runner;
  private final Converger converger;

  TaskKiller(ServicesCore core, DeploymentRunner runner, Converger converger) {
    this.core = core;
    this.runner = runner;
    this.converger = converger;
  }

  Optional<Deployment> kill(
      Collection<String> taskIds, boolean scale, boolean wipe, boolean force) {
    ServicesState s = core.state;
    Map<PathId, List<Instance>> byApp = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (String id : taskIds) {
      Optional<Instance> i = s.instance(TaskId.of(id));
      if (i.isEmpty()) {
        unknown.add(id);
      } else {
        byApp.computeIfAbsent(i.get().appId(), k -> new ArrayList<>()).add(i.get());
      }
    }
    if (!unknown.isEmpty()) {
      throw new ServicesException(404, "Unknown task ids: " + String.join(", ", unknown));
    }
    if (scale && !force) {
      List<Deployment> blocking = s.blocking(byApp.keySet());
      if (!blocking.isEmpty()) {
        List<String> ids = blocking.stream().map(Deployment::id).toList();
        throw new ServicesException(
            409,
            "App is locked by one or more deployments. Override with the option '?force=true'."
                + " Deployments: "
                + String.join(", ", ids),
            List.of(),
            ids);
      }
    }
    for (Map.Entry<PathId, List<Instance>> e : byApp.entrySet()) {
      core.kill(e.getValue(), s.root.app(e.getKey()).orElse(null));
    }
    if (wipe) {
      byApp.values().forEach(list -> list.forEach(s::remove));
      core.saveApps(byApp.keySet());
    }
    if (!scale) {
      converger.converge();
      return Optional.empty();
    }
    return runner.deploy(
        root -> {
          Group out = root;
          for (Map.Entry<PathId, List<Instance>> e : byApp.entrySet()) {
            Optional<AppDefinition> app = root.app(e.getKey());
            if (app.isPresent()) {
              int left = Math.max(0, app.get().instances() - e.getValue().size());
              out = out.withApp(app.get().withInstances(left), core.now());
            }
          }
          return out;
        },
        force);
  }
}
