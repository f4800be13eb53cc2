package io.mezzo.framework.services;

import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.deploy.Deployment.ActionType;
import io.mezzo.framework.services.instance.Instance;
import io.mezzo.framework.services.placement.MatchReport;
import io.mezzo.framework.services.placement.Placement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Decisions simple enough to predict in a test of the framework's plumbing: one step for every
 * change, one instance per offer, scale to the count (killing the youngest), and a restart that
 * launches all new instances first and kills the old ones once the new ones run.
 */
final class SimpleDecisions implements Decisions {
  private static final java.util.concurrent.atomic.AtomicInteger NEXT =
      new java.util.concurrent.atomic.AtomicInteger();

  @Override
  public Optional<Deployment> plan(Group original, Group target, String id, Instant version) {
    Map<PathId, AppDefinition> before = original.allApps();
    Map<PathId, AppDefinition> after = target.allApps();
    TreeSet<PathId> ids = new TreeSet<>(before.keySet());
    ids.addAll(after.keySet());
    List<Deployment.Action> actions = new ArrayList<>();
    for (PathId app : ids) {
      AppDefinition o = before.get(app);
      AppDefinition t = after.get(app);
      if (t == null) {
        actions.add(new Deployment.Action(ActionType.StopApplication, app));
      } else if (o == null) {
        actions.add(new Deployment.Action(ActionType.StartApplication, app));
      } else if (o.needsRestartFor(t)) {
        actions.add(new Deployment.Action(ActionType.RestartApplication, app));
      } else if (o.instances() != t.instances()) {
        actions.add(new Deployment.Action(ActionType.ScaleApplication, app));
      }
    }
    if (actions.isEmpty()) {
      return Optional.empty();
    }
    List<PathId> affected = actions.stream().map(Deployment.Action::app).toList();
    return Optional.of(
        new Deployment(
            id, version, original, target, affected, List.of(new Deployment.Step(actions)), 0));
  }

  @Override
  public Step restart(AppDefinition app, List<Instance> instances) {
    List<Instance> wanted =
        instances.stream().filter(i -> i.goal() == Instance.Goal.RUNNING).toList();
    List<Instance> fresh =
        wanted.stream().filter(i -> i.appVersion().equals(app.version())).toList();
    List<Instance> old =
        instances.stream().filter(i -> !i.appVersion().equals(app.version())).toList();
    long running = fresh.stream().filter(i -> i.state() == TaskState.TASK_RUNNING).count();
    boolean enough = running >= app.instances();
    return new Step(
        Math.max(0, app.instances() - fresh.size()),
        enough
            ? old.stream()
                .filter(i -> i.goal() == Instance.Goal.RUNNING)
                .map(Instance::taskId)
                .toList()
            : List.of(),
        enough && old.isEmpty(),
        running + " of " + app.instances() + " new instances running");
  }

  @Override
  public Step scale(AppDefinition app, List<Instance> instances) {
    List<Instance> wanted =
        instances.stream().filter(i -> i.goal() == Instance.Goal.RUNNING).toList();
    int n = wanted.size();
    List<TaskId> kill =
        wanted.stream()
            .sorted(Comparator.comparing(Instance::stagedAt).reversed())
            .limit(Math.max(0, n - app.instances()))
            .map(Instance::taskId)
            .toList();
    long running = wanted.stream().filter(i -> i.state() == TaskState.TASK_RUNNING).count();
    boolean dying = wanted.size() < instances.size();
    return new Step(
        Math.max(0, app.instances() - n),
        kill,
        n == app.instances() && running == n && !dying,
        running + " of " + app.instances() + " running");
  }

  @Override
  public Match match(
      AppDefinition app,
      int wanted,
      List<Offer> offers,
      List<Instance> placed,
      Map<io.mezzo.api.v1.AgentId, List<io.mezzo.api.v1.Attribute>> attributes) {
    List<Placement> out = new ArrayList<>();
    List<Offer> remaining = new ArrayList<>();
    for (Offer o : offers) {
      if (out.size() < wanted) {
        out.add(new Placement(o, List.of(), List.of(31000)));
      } else {
        remaining.add(o);
      }
    }
    return new Match(out, remaining, new MatchReport(offers.size(), Map.of(), List.of()));
  }

  @Override
  public TaskInfo task(AppDefinition app, Placement placement, TaskId taskId) {
    return new TaskInfo(
        app.id().name(),
        taskId,
        placement.offer().agentId(),
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Override
  public TaskId newTaskId(PathId app) {
    return TaskId.of(app.safeName() + ".t" + NEXT.incrementAndGet());
  }

  @Override
  public Optional<PathId> appOf(TaskId taskId) {
    String v = taskId.value();
    int dot = v.lastIndexOf('.');
    return dot < 0
        ? Optional.empty()
        : Optional.of(new PathId(List.of(v.substring(0, dot).split("_"))));
  }
}
