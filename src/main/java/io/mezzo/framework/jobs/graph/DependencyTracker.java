package io.mezzo.framework.jobs.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which parents of each dependent job have succeeded since the job was last triggered: a child runs
 * once per successful completion of all its parents. Mutable, owned by the jobs framework's thread;
 * {@link #toMap} / {@link #DependencyTracker(Map)} store and restore it.
 *
 * <p>A parent that succeeds twice before the child's other parents do counts once: the child still
 * runs once, when the last of its parents succeeds. The child's parents are read from the graph at
 * each success, so a parent removed from the child's definition stops counting (and stops being
 * waited for) at once, and a parent added to it is waited for from then on.
 */
public final class DependencyTracker {
  /** child → parents that succeeded since the child last ran; no empty sets. */
  private final Map<String, SortedSet<String>> satisfied = new TreeMap<>();

  /**
   * Restores a tracker from {@link #toMap}; the map is copied, so later changes to it do not reach
   * the tracker.
   *
   * @throws NullPointerException when the map, a key or a set holds null
   */
  public DependencyTracker(Map<String, Set<String>> satisfied) {
    Objects.requireNonNull(satisfied, "satisfied")
        .forEach(
            (child, parents) -> {
              Objects.requireNonNull(child, "satisfied: a child name is null");
              Objects.requireNonNull(parents, "satisfied: parents of '" + child + "' are null");
              if (!parents.isEmpty()) {
                this.satisfied.put(child, new TreeSet<>(parents));
              }
            });
  }

  /**
   * Records that {@code parent} succeeded; returns the children now due (sorted), reset. A child is
   * due when every one of its parents in {@code graph} has succeeded since it was last due. A
   * parent unknown to {@code graph}, or with no children, makes nothing due.
   */
  public List<String> parentSucceeded(String parent, JobGraph graph) {
    Objects.requireNonNull(parent, "parent");
    List<String> due = new ArrayList<>();
    for (String child : graph.children(parent)) {
      Set<String> parents = graph.parents(child);
      SortedSet<String> done = satisfied.computeIfAbsent(child, c -> new TreeSet<>());
      done.add(parent);
      done.retainAll(parents);
      if (done.containsAll(parents)) {
        satisfied.remove(child);
        due.add(child);
      }
    }
    return Collections.unmodifiableList(due);
  }

  /**
   * Forgets a deleted or redefined job (as child and as parent): it waits for none of its parents
   * afresh, and its earlier successes no longer count for its children. Unknown jobs are a no-op.
   */
  public void forget(String job) {
    satisfied.remove(job);
    satisfied.values().removeIf(parents -> parents.remove(job) && parents.isEmpty());
  }

  /** child → parents satisfied so far, sorted, as an unmodifiable copy; no child with none. */
  public Map<String, Set<String>> toMap() {
    Map<String, Set<String>> copy = new TreeMap<>();
    satisfied.forEach(
        (child, parents) ->
            copy.put(child, Collections.unmodifiableSortedSet(new TreeSet<>(parents))));
    return Collections.unmodifiableMap(copy);
  }
}
