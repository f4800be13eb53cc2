package io.mezzo.framework.services.api;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.framework.services.QueueEntry;
import io.mezzo.framework.services.ServicesApi;
import io.mezzo.framework.services.ServicesEvent;
import io.mezzo.framework.services.ServicesException;
import io.mezzo.framework.services.ServicesSnapshot;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.instance.Instance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A services framework in memory for the REST tests: changes apply at once, every change is a
 * deployment {@code d1}, {@code d2}, …; apps in {@link #locked} refuse unforced changes with 409.
 * Records the kills, restarts and cancellations asked for.
 */
final class FakeServicesApi implements ServicesApi {
  static final Instant NOW = Instant.parse("2026-12-02T05:00:00.123Z");

  Group root = Group.empty(PathId.ROOT, NOW);
  final Map<PathId, List<Instance>> instances = new HashMap<>();
  final List<Deployment> deployments = new ArrayList<>();
  final List<QueueEntry> queue = new ArrayList<>();
  final Map<PathId, NavigableMap<Instant, AppDefinition>> history = new HashMap<>();
  final Map<PathId, ServicesSnapshot.TaskFailure> failures = new HashMap<>();
  final Map<PathId, String> locked = new HashMap<>();
  final List<String> killed = new ArrayList<>();
  final List<String> calls = new ArrayList<>();
  final List<Consumer<ServicesEvent>> listeners = new CopyOnWriteArrayList<>();
  boolean delayed = true;
  private int next = 1;

  @Override
  public CompletionStage<ServicesSnapshot> snapshot() {
    return CompletableFuture.completedFuture(
        new ServicesSnapshot(
            new FrameworkId("fw-1"),
            root,
            Map.copyOf(instances),
            List.copyOf(deployments),
            List.copyOf(queue),
            Map.copyOf(history),
            Map.copyOf(failures)));
  }

  @Override
  public CompletionStage<Optional<Deployment>> deploy(UnaryOperator<Group> change, boolean force) {
    try {
      Group target = change.apply(root);
      List<PathId> affected = new ArrayList<>();
      for (PathId id : union(root, target)) {
        if (!unversioned(root, id).equals(unversioned(target, id))) {
          affected.add(id);
          if (locked.containsKey(id) && !force) {
            throw new ServicesException(
                409,
                "App is locked by one or more deployments. Override with the option"
                    + " '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.",
                List.of(),
                List.of(locked.get(id)));
          }
        }
      }
      if (affected.isEmpty() && target.allApps().keySet().equals(root.allApps().keySet())) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      Group stamped = target;
      for (PathId id : affected) {
        Optional<AppDefinition> a = target.app(id);
        if (a.isPresent()) {
          stamped =
              stamped.withApp(
                  a.get().withVersion(NOW, new AppDefinition.VersionInfo(NOW, NOW)), NOW);
        }
      }
      Deployment d = deployment(root, stamped, affected);
      root = stamped;
      calls.add("deploy force=" + force);
      return CompletableFuture.completedFuture(Optional.of(d));
    } catch (ServicesException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Deployment> restart(PathId app, boolean force) {
    if (root.app(app).isEmpty()) {
      return CompletableFuture.failedFuture(
          new ServicesException(404, "App '" + app + "' does not exist"));
    }
    calls.add("restart " + app + " force=" + force);
    return CompletableFuture.completedFuture(deployment(root, root, List.of(app)));
  }

  @Override
  public CompletionStage<Optional<Deployment>> killTasks(
      Collection<String> taskIds, boolean scale, boolean wipe, boolean force) {
    killed.addAll(taskIds);
    calls.add("kill scale=" + scale + " wipe=" + wipe + " force=" + force);
    return CompletableFuture.completedFuture(
        scale ? Optional.of(deployment(root, root, List.of())) : Optional.empty());
  }

  @Override
  public CompletionStage<Optional<Deployment>> cancelDeployment(String id, boolean force) {
    calls.add("cancel " + id + " force=" + force);
    return CompletableFuture.completedFuture(
        force ? Optional.empty() : Optional.of(deployment(root, root, List.of())));
  }

  @Override
  public CompletionStage<Boolean> resetDelay(PathId app) {
    calls.add("resetDelay " + app);
    return CompletableFuture.completedFuture(delayed);
  }

  @Override
  public AutoCloseable subscribe(Consumer<ServicesEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  void emit(ServicesEvent e) {
    listeners.forEach(l -> l.accept(e));
  }

  /** Adds an app (version NOW) directly, as if deployed long ago. */
  AppDefinition add(String json) {
    AppDefinition app =
        AppCodec.parse(Json.read(json), PathId.ROOT)
            .withVersion(NOW, new AppDefinition.VersionInfo(NOW, NOW));
    root = root.withApp(app, NOW);
    return app;
  }

  Instance run(AppDefinition app, String taskId, String host, Boolean healthy) {
    Instance i =
        new Instance(
            new TaskId(taskId),
            app.id(),
            app.version(),
            new AgentId("agent-1"),
            host,
            List.of(31000),
            NOW,
            NOW,
            TaskState.TASK_RUNNING,
            healthy,
            null,
            null,
            Instance.Goal.RUNNING,
            null);
    instances.computeIfAbsent(app.id(), k -> new ArrayList<>()).add(i);
    return i;
  }

  private Deployment deployment(Group from, Group to, List<PathId> affected) {
    Deployment d =
        new Deployment(
            "d" + next++,
            NOW,
            from,
            to,
            affected,
            List.of(
                new Deployment.Step(
                    affected.stream()
                        .map(a -> new Deployment.Action(Deployment.ActionType.StartApplication, a))
                        .toList())),
            1);
    deployments.add(d);
    return d;
  }

  private static Optional<AppDefinition> unversioned(Group g, PathId id) {
    return g.app(id).map(a -> a.withVersion(null, null));
  }

  private static List<PathId> union(Group a, Group b) {
    java.util.TreeSet<PathId> ids = new java.util.TreeSet<>(a.allApps().keySet());
    ids.addAll(b.allApps().keySet());
    return List.copyOf(ids);
  }
}
