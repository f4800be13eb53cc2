package io.mezzo.framework.services.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Marathon group: apps and subgroups under one path, with dependencies on other apps or groups.
 * The root group ({@code /}) is the whole desired state of the services framework; every change is
 * a new root, and a deployment takes the cluster from the old root to the new one.
 *
 * <p>Maps are keyed by the full id of the child. Immutable; the {@code with…} methods return a new
 * tree and create missing intermediate groups.
 */
public record Group(
    PathId id,
    Map<PathId, AppDefinition> apps,
    Map<PathId, Group> groups,
    List<PathId> dependencies,
    Instant version) {

  public Group {
    apps = java.util.Collections.unmodifiableMap(new TreeMap<>(apps));
    groups = java.util.Collections.unmodifiableMap(new TreeMap<>(groups));
    dependencies = List.copyOf(dependencies);
  }

  public static Group empty(PathId id, Instant version) {
    return new Group(id, Map.of(), Map.of(), List.of(), version);
  }

  /** Every app in this group and its subgroups, keyed by id, in id order. */
  public Map<PathId, AppDefinition> allApps() {
    Map<PathId, AppDefinition> out = new TreeMap<>(apps);
    for (Group g : groups.values()) {
      out.putAll(g.allApps());
    }
    return out;
  }

  public Optional<AppDefinition> app(PathId appId) {
    return Optional.ofNullable(allApps().get(appId));
  }

  public Optional<Group> group(PathId groupId) {
    if (groupId.equals(id)) {
      return Optional.of(this);
    }
    for (Group g : groups.values()) {
      if (groupId.isUnder(g.id())) {
        return g.group(groupId);
      }
    }
    return Optional.empty();
  }

  /** This tree with {@code app} added or replaced, creating its parent groups as needed. */
  public Group withApp(AppDefinition app, Instant at) {
    PathId parent = app.id().parent();
    if (parent.equals(id)) {
      Map<PathId, AppDefinition> a = new TreeMap<>(apps);
      a.put(app.id(), app);
      return new Group(id, a, groups, dependencies, at);
    }
    PathId childId = childTowards(parent);
    Group child = groups.getOrDefault(childId, empty(childId, at));
    Map<PathId, Group> g = new TreeMap<>(groups);
    g.put(childId, child.withApp(app, at));
    return new Group(id, apps, g, dependencies, at);
  }

  /** This tree without the app or group {@code target} (and everything under it). */
  public Group without(PathId target, Instant at) {
    Map<PathId, AppDefinition> a = new TreeMap<>(apps);
    Map<PathId, Group> g = new TreeMap<>(groups);
    boolean changed = a.remove(target) != null | g.remove(target) != null;
    for (Map.Entry<PathId, Group> e : groups.entrySet()) {
      if (target.isUnder(e.getKey()) && !target.equals(e.getKey())) {
        g.put(e.getKey(), e.getValue().without(target, at));
        changed = true;
      }
    }
    return changed ? new Group(id, a, g, dependencies, at) : this;
  }

  /** This tree with {@code group} put in place of the group with its id (parents created). */
  public Group withGroup(Group group, Instant at) {
    if (group.id().equals(id)) {
      return group;
    }
    PathId childId = childTowards(group.id());
    Map<PathId, Group> g = new TreeMap<>(groups);
    if (childId.equals(group.id())) {
      g.put(childId, group);
    } else {
      g.put(childId, groups.getOrDefault(childId, empty(childId, at)).withGroup(group, at));
    }
    return new Group(id, apps, g, dependencies, at);
  }

  private PathId childTowards(PathId descendant) {
    if (!descendant.isUnder(id) || descendant.equals(id)) {
      throw new IllegalArgumentException(descendant + " is not under group " + id);
    }
    List<String> s = new ArrayList<>(id.segments());
    s.add(descendant.segments().get(id.segments().size()));
    return new PathId(s);
  }
}
