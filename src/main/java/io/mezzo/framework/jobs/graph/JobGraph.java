package io.mezzo.framework.jobs.graph;

import io.mezzo.framework.jobs.JobsException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The immutable DAG of job dependencies: every job is a node, every parent an edge parent → child.
 * Changes return a new graph or throw {@link io.mezzo.framework.jobs.JobsException} (400) naming
 * the cycle or the unknown parent.
 *
 * <p>A change touches only the changed job and its old and new parents, sharing everything else
 * with the previous graph ({@link PersistentTreap}, O(log jobs) per touched entry), so building a
 * graph of 10,000 jobs one {@link #with} at a time stays O(n log n) even when they share one
 * parent. The cycle check walks only the jobs reachable from the changed one. Walks are iterative,
 * so a 10,000-job chain does not overflow the stack. Job names are expected to be what the job
 * validator allows (no commas or line breaks, which {@link #csv} would not escape).
 */
public final class JobGraph {
  private static final JobGraph EMPTY = new JobGraph(PersistentTreap.empty());

  /** Per job, its parents and children. */
  private final PersistentTreap<Node> nodes;

  /** {@code children} maps each child to TRUE: the treap serves as a persistent sorted set. */
  private record Node(SortedSet<String> parents, PersistentTreap<Boolean> children) {}

  private JobGraph(PersistentTreap<Node> nodes) {
    this.nodes = nodes;
  }

  public static JobGraph empty() {
    return EMPTY;
  }

  /**
   * Adds or replaces {@code name} with these parents (empty for a scheduled job). A replaced job
   * keeps its children.
   *
   * @throws JobsException 400 when a parent is {@code name} itself ({@code dependency cycle: a ->
   *     a}), is not in the graph ({@code parents: unknown job 'x'}), or would close a cycle, named
   *     from {@code name} back to it ({@code dependency cycle: a -> b -> c -> a})
   */
  public JobGraph with(String name, List<String> parents) {
    Objects.requireNonNull(name, "name");
    SortedSet<String> newParents = new TreeSet<>(Objects.requireNonNull(parents, "parents"));
    if (newParents.contains(name)) {
      throw new JobsException(400, "dependency cycle: " + name + " -> " + name);
    }
    for (String parent : newParents) {
      if (!nodes.containsKey(parent)) {
        throw new JobsException(400, "parents: unknown job '" + parent + "'");
      }
    }
    List<String> cycle = pathToAny(name, newParents);
    if (!cycle.isEmpty()) {
      throw new JobsException(
          400, "dependency cycle: " + String.join(" -> ", cycle) + " -> " + name);
    }
    PersistentTreap<Node> next = nodes;
    Node old = nodes.get(name);
    PersistentTreap<Boolean> children = old == null ? PersistentTreap.empty() : old.children();
    if (old != null) {
      for (String parent : old.parents()) {
        if (!newParents.contains(parent)) {
          next = withChild(next, parent, name, false);
        }
      }
    }
    for (String parent : newParents) {
      if (old == null || !old.parents().contains(parent)) {
        next = withChild(next, parent, name, true);
      }
    }
    next = next.put(name, new Node(Collections.unmodifiableSortedSet(newParents), children));
    return new JobGraph(next);
  }

  /**
   * Removes {@code name}; an unknown name leaves the graph as it is (the caller answers 404).
   *
   * @throws JobsException 400 naming the jobs that still depend on {@code name}
   */
  public JobGraph without(String name) {
    Node node = nodes.get(name);
    if (node == null) {
      return this;
    }
    if (!node.children().isEmpty()) {
      throw new JobsException(
          400,
          "job '"
              + name
              + "' has dependent jobs "
              + String.join(", ", node.children().keySet())
              + ": delete or re-parent them first");
    }
    PersistentTreap<Node> next = nodes.remove(name);
    for (String parent : node.parents()) {
      next = withChild(next, parent, name, false);
    }
    return new JobGraph(next);
  }

  public boolean contains(String name) {
    return nodes.containsKey(name);
  }

  /** The parents of {@code name}, sorted; empty for a scheduled or unknown job. */
  public Set<String> parents(String name) {
    Node node = nodes.get(name);
    return node == null ? Collections.emptySortedSet() : node.parents();
  }

  /** The jobs depending on {@code name}, sorted; empty for a leaf or unknown job. */
  public Set<String> children(String name) {
    Node node = nodes.get(name);
    return node == null ? Collections.emptySortedSet() : node.children().keySet();
  }

  /** Every job, parents before children, ties by name. */
  public List<String> topological() {
    Map<String, Integer> waitingFor = new HashMap<>();
    PriorityQueue<String> ready = new PriorityQueue<>();
    nodes.forEach(
        (name, node) -> {
          waitingFor.put(name, node.parents().size());
          if (node.parents().isEmpty()) {
            ready.add(name);
          }
        });
    List<String> order = new ArrayList<>(nodes.size());
    while (!ready.isEmpty()) {
      String job = ready.poll();
      order.add(job);
      for (String child : nodes.get(job).children().keySet()) {
        if (waitingFor.merge(child, -1, Integer::sum) == 0) {
          ready.add(child);
        }
      }
    }
    return Collections.unmodifiableList(order);
  }

  /**
   * A graphviz digraph of every job and edge, as Chronos's {@code /graph/dot}: one quoted node per
   * job by name, then one {@code "parent" -> "child";} per edge, by parent then child.
   */
  public String dot() {
    StringBuilder out = new StringBuilder("digraph G {\n");
    for (String name : nodes.keySet()) {
      out.append("  ").append(quoted(name)).append(";\n");
    }
    forEachEdge(
        (parent, child) ->
            out.append("  ")
                .append(quoted(parent))
                .append(" -> ")
                .append(quoted(child))
                .append(";\n"));
    return out.append("}\n").toString();
  }

  /**
   * Chronos's {@code /graph/csv}: {@code node,<name>,<lastState>,<state>} per job and {@code
   * link,<parent>,<child>} per edge; {@code states} gives {lastState, state} of a job. Nodes come
   * first by name, then links by parent then child, one per line.
   *
   * @throws IllegalArgumentException when {@code states} does not give exactly two values for a job
   */
  public String csv(Function<String, String[]> states) {
    StringBuilder out = new StringBuilder();
    for (String name : nodes.keySet()) {
      String[] state = states.apply(name);
      if (state == null || state.length != 2) {
        throw new IllegalArgumentException(
            "states: job '"
                + name
                + "' needs exactly {lastState, state}, got "
                + (state == null ? "null" : state.length + " values"));
      }
      out.append("node,").append(name).append(',').append(state[0]).append(',').append(state[1]);
      out.append('\n');
    }
    forEachEdge(
        (parent, child) ->
            out.append("link,").append(parent).append(',').append(child).append('\n'));
    return out.toString();
  }

  /**
   * The shortest path of children edges from {@code start} to the first of {@code targets} found,
   * breadth first in name order, or empty when none is reachable. Only the jobs reachable from
   * {@code start} are visited.
   */
  private List<String> pathToAny(String start, Set<String> targets) {
    if (targets.isEmpty() || !nodes.containsKey(start)) {
      return List.of();
    }
    Map<String, String> reachedFrom = new HashMap<>();
    reachedFrom.put(start, null);
    ArrayDeque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String job = queue.poll();
      if (targets.contains(job)) {
        List<String> path = new ArrayList<>();
        for (String at = job; at != null; at = reachedFrom.get(at)) {
          path.add(at);
        }
        Collections.reverse(path);
        return path;
      }
      for (String child : nodes.get(job).children().keySet()) {
        if (!reachedFrom.containsKey(child)) {
          reachedFrom.put(child, job);
          queue.add(child);
        }
      }
    }
    return List.of();
  }

  private void forEachEdge(BiConsumer<String, String> edge) {
    nodes.forEach(
        (parent, node) -> node.children().forEach((child, present) -> edge.accept(parent, child)));
  }

  private static PersistentTreap<Node> withChild(
      PersistentTreap<Node> nodes, String parent, String child, boolean present) {
    Node node = nodes.get(parent);
    PersistentTreap<Boolean> children =
        present ? node.children().put(child, Boolean.TRUE) : node.children().remove(child);
    return nodes.put(parent, new Node(node.parents(), children));
  }

  private static String quoted(String name) {
    return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
