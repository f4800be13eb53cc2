package io.mezzo.framework.services.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules of a whole group tree that no single app can check: an app and a group may not share an
 * id, every dependency must name an existing app or group, and dependencies may not form a cycle
 * (so the deployment planner can always order apps: dependencies first). Checked here for every new
 * root, so the planner may assume an acyclic tree. Pure.
 */
public final class GroupValidator {
  private GroupValidator() {}

  /** Every problem of the tree under {@code root}; empty if it is valid. */
  public static Violations validate(Group root) {
    Violations v = new Violations();
    validate(root, v);
    return v;
  }

  /**
   * Throws a 422 naming every problem of the tree under {@code root}, for the services API to call
   * on each new root before it is stored.
   */
  public static void requireValid(Group root) {
    validate(root).throwIfAny();
  }

  static void validate(Group root, Violations v) {
    Map<PathId, AppDefinition> apps = root.allApps();
    Map<PathId, Group> groups = new TreeMap<>();
    collect(root, groups);
    for (PathId id : apps.keySet()) {
      if (groups.containsKey(id)) {
        v.add("/id", "app " + id + " has the id of a group: an id names an app or a group");
      }
    }
    Map<PathId, List<PathId>> declared = new TreeMap<>();
    apps.values().forEach(a -> declared.put(a.id(), a.dependencies()));
    groups.values().forEach(g -> declared.put(g.id(), g.dependencies()));
    declared.forEach(
        (owner, deps) -> {
          for (PathId d : deps) {
            if (!apps.containsKey(d) && !groups.containsKey(d)) {
              v.add(
                  "/dependencies",
                  (apps.containsKey(owner) ? "app " : "group ")
                      + owner
                      + " depends on "
                      + d
                      + ", which is neither an app nor a group");
            }
          }
        });
    cycle(apps, groups).ifPresent(c -> v.add("/dependencies", "dependency cycle: " + c));
  }

  private static void collect(Group g, Map<PathId, Group> out) {
    out.put(g.id(), g);
    g.groups().values().forEach(c -> collect(c, out));
  }

  /**
   * The apps each app must wait for: its own dependencies and those of its enclosing groups, where
   * a group dependency means every app under that group (but never the app itself).
   */
  public static Map<PathId, Set<PathId>> appDependencies(Group root) {
    Map<PathId, AppDefinition> apps = root.allApps();
    Map<PathId, Group> groups = new TreeMap<>();
    collect(root, groups);
    return appDependencies(apps, groups);
  }

  private static Map<PathId, Set<PathId>> appDependencies(
      Map<PathId, AppDefinition> apps, Map<PathId, Group> groups) {
    Map<PathId, Set<PathId>> out = new TreeMap<>();
    for (AppDefinition a : apps.values()) {
      List<PathId> deps = new ArrayList<>(a.dependencies());
      for (PathId p = a.id().parent(); ; p = p.parent()) {
        Group g = groups.get(p);
        if (g != null) {
          deps.addAll(g.dependencies());
        }
        if (p.isRoot()) {
          break;
        }
      }
      Set<PathId> expanded = new LinkedHashSet<>();
      for (PathId d : deps) {
        if (apps.containsKey(d)) {
          expanded.add(d);
        } else {
          apps.keySet().stream().filter(x -> x.isUnder(d)).forEach(expanded::add);
        }
      }
      expanded.remove(a.id());
      out.put(a.id(), expanded);
    }
    return out;
  }

  private static java.util.Optional<String> cycle(
      Map<PathId, AppDefinition> apps, Map<PathId, Group> groups) {
    Map<PathId, Set<PathId>> edges = appDependencies(apps, groups);
    Set<PathId> done = new HashSet<>();
    Map<PathId, Integer> onPath = new HashMap<>();
    for (PathId start : edges.keySet()) {
      if (done.contains(start)) {
        continue;
      }
      // Iterative depth-first search: a path of thousands of apps must not overflow the stack.
      Deque<PathId> path = new ArrayDeque<>();
      Deque<java.util.Iterator<PathId>> its = new ArrayDeque<>();
      path.push(start);
      onPath.put(start, 0);
      its.push(edges.get(start).iterator());
      while (!path.isEmpty()) {
        java.util.Iterator<PathId> it = its.peek();
        if (!it.hasNext()) {
          PathId finished = path.pop();
          its.pop();
          onPath.remove(finished);
          done.add(finished);
          continue;
        }
        PathId next = it.next();
        if (onPath.containsKey(next)) {
          List<PathId> loop = new ArrayList<>(path);
          java.util.Collections.reverse(loop);
          List<PathId> c = new ArrayList<>(loop.subList(onPath.get(next), loop.size()));
          c.add(next);
          return java.util.Optional.of(
              String.join(" → ", c.stream().map(PathId::toString).toList()));
        }
        if (!done.contains(next)) {
          onPath.put(next, path.size());
          path.push(next);
          its.push(edges.getOrDefault(next, Set.of()).iterator());
        }
      }
    }
    return java.util.Optional.empty();
  }
}
