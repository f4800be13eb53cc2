package io.mezzo.framework.services.deploy;

import io.mezzo.framework.services.ServicesException;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment.Action;
import io.mezzo.framework.services.deploy.Deployment.ActionType;
import io.mezzo.framework.services.deploy.Deployment.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a change of the root group into the ordered steps of a deployment, as Marathon orders them:
 *
 * <ol>
 *   <li>Removed apps stop first, which frees their resources for what follows. An app that others
 *       depended on stops after them (reverse dependency order in the original group).
 *   <li>New, scaled and changed apps follow in dependency order of the target group: an app's step
 *       comes after the steps of everything it depends on; apps whose longest dependency chain has
 *       the same length share a step and are deployed together.
 * </ol>
 *
 * A new app gets StartApplication (to its instance count), a change of {@code instances} only
 * ScaleApplication, any other change RestartApplication (also a new configuration version with an
 * equal definition: that is how {@code /v2/apps/{id}/restart} asks for one), and scaling to zero is
 * always a ScaleApplication (nothing to replace). A cycle in the target's dependencies is refused
 * with 422 naming it, whether or not the change touches it.
 */
public final class DeploymentPlanner {

  /**
   * The deployment from {@code original} to {@code target}, or empty if no app differs.
   *
   * @throws ServicesException 422 if the target's dependencies form a cycle
   */
  public Optional<Deployment> plan(Group original, Group target, String id, Instant version) {
    DependencyGraph targetGraph = new DependencyGraph(target);
    targetGraph.requireAcyclic();
    Map<PathId, AppDefinition> before = original.allApps();
    Map<PathId, AppDefinition> after = target.allApps();

    DependencyGraph originalGraph = new DependencyGraph(original);
    TreeMap<Integer, List<Action>> stops = new TreeMap<>(Comparator.reverseOrder());
    for (PathId app : before.keySet()) {
      if (!after.containsKey(app)) {
        stops
            .computeIfAbsent(originalGraph.depth(app), d -> new ArrayList<>())
            .add(new Action(ActionType.StopApplication, app));
      }
    }

    TreeMap<Integer, List<Action>> changes = new TreeMap<>();
    for (AppDefinition app : after.values()) {
      ActionType type = actionFor(before.get(app.id()), app);
      if (type != null) {
        changes
            .computeIfAbsent(targetGraph.depth(app.id()), d -> new ArrayList<>())
            .add(new Action(type, app.id()));
      }
    }

    List<Step> steps = new ArrayList<>();
    stops.values().forEach(actions -> steps.add(new Step(actions)));
    changes.values().forEach(actions -> steps.add(new Step(actions)));
    if (steps.isEmpty()) {
      return Optional.empty();
    }
    TreeSet<PathId> affected = new TreeSet<>();
    steps.forEach(s -> s.actions().forEach(a -> affected.add(a.app())));
    return Optional.of(
        new Deployment(id, version, original, target, List.copyOf(affected), steps, 0));
  }

  /** The action that takes {@code old} (null if new) to {@code now}, or null if none is needed. */
  static ActionType actionFor(AppDefinition old, AppDefinition now) {
    if (old == null) {
      return ActionType.StartApplication;
    }
    boolean restart = old.needsRestartFor(now) || configVersionChanged(old, now);
    if (restart && now.instances() > 0) {
      return ActionType.RestartApplication;
    }
    if (restart || old.instances() != now.instances()) {
      return ActionType.ScaleApplication;
    }
    return null;
  }

  private static boolean configVersionChanged(AppDefinition old, AppDefinition now) {
    Instant was = old.versionInfo() == null ? null : old.versionInfo().lastConfigChangeAt();
    Instant is = now.versionInfo() == null ? null : now.versionInfo().lastConfigChangeAt();
    return was != null && is != null && !Objects.equals(was, is);
  }
}
