package io.mezzo.framework.services.deploy;

import io.mezzo.framework.services.ServicesException;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which apps of a root group depend on which, as Marathon reads dependencies: an app's dependency
 * on an app is on that app, on a group is on every app under it; a group's dependency makes every
 * app under the group depend on the target's apps. Ids that name nothing are ignored here (the
 * validator refuses them).
 *
 * <p>{@link #depth} is the length of the longest chain of dependencies starting at an app (1 for an
 * app that depends on nothing): apps of equal depth can be deployed together, after all apps of
 * smaller depth.
 */
final class DependencyGraph {
  private final Map<PathId, Set<PathId>> edges = new TreeMap<>();
  private final Map<PathId, Integer> depths = new HashMap<>();

  DependencyGraph(Group root) {
    Map<PathId, AppDefinition> apps = root.allApps();
    apps.keySet().forEach(id -> edges.put(id, new TreeSet<>()));
    for (AppDefinition app : apps.values()) {
      for (PathId dep : app.dependencies()) {
        edges.get(app.id()).addAll(appsUnder(root, dep));
      }
    }
    addGroupDependencies(root, root);
  }

  private void addGroupDependencies(Group root, Group group) {
    for (PathId dep : group.dependencies()) {
      Set<PathId> targets = appsUnder(root, dep);
      for (PathId app : group.allApps().keySet()) {
        edges.get(app).addAll(targets);
      }
    }
    group.groups().values().forEach(g -> addGroupDependencies(root, g));
  }

  private static Set<PathId> appsUnder(Group root, PathId id) {
    if (root.app(id).isPresent()) {
      return Set.of(id);
    }
    return root.group(id).map(g -> g.allApps().keySet()).orElse(Set.of());
  }

  /**
   * Throws 422 naming the first cycle found ({@code /a → /b → /a}), in id order so the message is
   * stable.
   */
  void requireAcyclic() {
    Map<PathId, Integer> color = new HashMap<>();
    for (PathId start : edges.keySet()) {
      List<PathId> path = new ArrayList<>();
      List<PathId> cycle = findCycle(start, color, path);
      if (cycle != null) {
        StringBuilder s = new StringBuilder();
        cycle.forEach(id -> s.append(s.isEmpty() ? "" : " → ").append(id));
        throw new ServicesException(
            422,
            "Dependency graph has a cyclic dependency: " + s + " (dependencies must not loop)");
      }
    }
  }

  private List<PathId> findCycle(PathId node, Map<PathId, Integer> color, List<PathId> path) {
    int c = color.getOrDefault(node, 0);
    if (c == 2) {
      return null;
    }
    if (c == 1) {
      List<PathId> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      cycle.add(node);
      return cycle;
    }
    color.put(node, 1);
    path.add(node);
    for (PathId next : edges.get(node)) {
      List<PathId> cycle = findCycle(next, color, path);
      if (cycle != null) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    color.put(node, 2);
    return null;
  }

  /**
   * Longest dependency chain from {@code app}, counting the app itself. Edges that would close a
   * cycle are skipped, so this terminates on any graph (an old root that was stored with a cycle
   * can still be taken apart).
   */
  int depth(PathId app) {
    return depth(app, new TreeSet<>());
  }

  private int depth(PathId app, Set<PathId> onPath) {
    Integer known = depths.get(app);
    if (known != null) {
      return known;
    }
    onPath.add(app);
    int best = 0;
    for (PathId next : edges.getOrDefault(app, Set.of())) {
      if (!onPath.contains(next)) {
        best = Math.max(best, depth(next, onPath));
      }
    }
    onPath.remove(app);
    depths.put(app, best + 1);
    return best + 1;
  }
}
