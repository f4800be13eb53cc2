package io.mezzo.framework.services;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.instance.Instance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The services framework's whole state: the desired root group, running deployments in start order,
 * and one {@link AppRecord} per app that has a definition or still has instances (an app being
 * stopped has the latter only). Mutable, and touched only on the framework's owner thread;
 * everything read elsewhere goes out as an immutable {@link ServicesSnapshot}.
 */
final class ServicesState {
  FrameworkId frameworkId;
  Group root = Group.empty(PathId.ROOT, Instant.EPOCH);
  final Map<String, Deployment> deployments = new LinkedHashMap<>();
  final TreeMap<PathId, AppRecord> apps = new TreeMap<>();
  private final Map<TaskId, PathId> taskIndex = new LinkedHashMap<>();

  AppRecord record(PathId app) {
    return apps.computeIfAbsent(app, AppRecord::new);
  }

  Optional<Instance> instance(TaskId taskId) {
    PathId app = taskIndex.get(taskId);
    return app == null
        ? Optional.empty()
        : Optional.ofNullable(apps.get(app).instances.get(taskId));
  }

  void put(Instance instance) {
    record(instance.appId()).instances.put(instance.taskId(), instance);
    taskIndex.put(instance.taskId(), instance.appId());
  }

  void remove(Instance instance) {
    AppRecord r = apps.get(instance.appId());
    if (r != null) {
      r.instances.remove(instance.taskId());
    }
    taskIndex.remove(instance.taskId());
  }

  void forget(PathId app) {
    AppRecord r = apps.remove(app);
    if (r != null) {
      r.instances.keySet().forEach(taskIndex::remove);
    }
  }

  List<Instance> allInstances() {
    List<Instance> out = new ArrayList<>();
    apps.values().forEach(r -> out.addAll(r.instances.values()));
    return out;
  }

  /** The deployments whose affected apps include any of {@code apps}. */
  List<Deployment> blocking(java.util.Collection<PathId> touched) {
    List<Deployment> out = new ArrayList<>();
    for (Deployment d : deployments.values()) {
      if (d.affectedApps().stream().anyMatch(touched::contains)) {
        out.add(d);
      }
    }
    return out;
  }

  ServicesSnapshot snapshot(Instant now) {
    Map<PathId, List<Instance>> instances = new TreeMap<>();
    Map<PathId, NavigableMap<Instant, AppDefinition>> history = new TreeMap<>();
    Map<PathId, ServicesSnapshot.TaskFailure> failures = new TreeMap<>();
    List<QueueEntry> queue = new ArrayList<>();
    Map<PathId, AppDefinition> defined = root.allApps();
    for (AppRecord r : apps.values()) {
      instances.put(r.id, List.copyOf(r.instances.values()));
      history.put(r.id, Collections.unmodifiableNavigableMap(new TreeMap<>(r.history)));
      if (r.lastFailure != null) {
        failures.put(r.id, r.lastFailure);
      }
      AppDefinition app = defined.get(r.id);
      if (app != null && r.toLaunch > 0) {
        queue.add(
            new QueueEntry(
                app,
                r.toLaunch,
                r.waitingSince,
                r.delayed(now) ? r.delayUntil : null,
                r.lastReport,
                r.processedOffers,
                r.unusedOffers,
                r.lastUnusedOfferAt,
                r.lastUsedOfferAt));
      }
    }
    return new ServicesSnapshot(
        frameworkId,
        root,
        Collections.unmodifiableMap(instances),
        List.copyOf(deployments.values()),
        List.copyOf(queue),
        Collections.unmodifiableMap(history),
        Collections.unmodifiableMap(failures));
  }
}
