package io.mezzo.framework.services.deploy;

import io.mezzo.api.v1.TaskState;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppDefinition.KillSelection;
import io.mezzo.framework.services.instance.Instance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which instances go first when some must be killed. Those that serve least go first, as in
 * Marathon: ended ones waiting for relaunch, then unreachable, staging, starting, running but
 * unhealthy, and only then healthy ones; within one class the app's {@code killSelection} decides
 * (YOUNGEST_FIRST: latest started, OLDEST_FIRST: earliest), and the task id breaks ties so the
 * choice is the same on every call.
 */
public final class KillOrder {
  private KillOrder() {}

  /** The first {@code count} of {@code candidates} in kill order (all of them if fewer). */
  public static List<Instance> pick(AppDefinition app, List<Instance> candidates, int count) {
    List<Instance> sorted = new ArrayList<>(candidates);
    sorted.sort(comparator(app));
    return List.copyOf(sorted.subList(0, Math.max(0, Math.min(count, sorted.size()))));
  }

  static Comparator<Instance> comparator(AppDefinition app) {
    Comparator<Instance> byAge =
        Comparator.comparing(KillOrder::since, Comparator.nullsFirst(Comparator.naturalOrder()));
    if (app.killSelection() != KillSelection.OLDEST_FIRST) {
      byAge =
          Comparator.comparing(KillOrder::since, Comparator.nullsFirst(Comparator.reverseOrder()));
    }
    return Comparator.<Instance>comparingInt(i -> weight(i, app))
        .thenComparing(byAge)
        .thenComparing(i -> i.taskId().value());
  }

  private static Instant since(Instance i) {
    return i.startedAt() != null ? i.startedAt() : i.stagedAt();
  }

  private static int weight(Instance i, AppDefinition app) {
    if (!i.isActive()) {
      return 0;
    }
    if (InstanceChecks.isUnreachable(i)) {
      return 1;
    }
    if (i.state() == null || i.state() == TaskState.TASK_STAGING) {
      return 2;
    }
    if (i.state() == TaskState.TASK_STARTING) {
      return 3;
    }
    return InstanceChecks.isHealthy(i, app) ? 5 : 4;
  }
}
