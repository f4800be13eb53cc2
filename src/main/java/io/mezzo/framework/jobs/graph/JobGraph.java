package io.mezzo.framework.jobs.graph;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The immutable DAG of job dependencies: every job is a node, every parent an edge parent → child.
 * Changes return a new graph or throw {@link io.mezzo.framework.jobs.JobsException} (400) naming
 * the cycle or the unknown parent.
 */
public final class JobGraph {
  private JobGraph() {}

  public static JobGraph empty() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Adds or replaces {@code name} with these parents (empty for a scheduled job). */
  public JobGraph with(String name, List<String> parents) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Removes {@code name}; 400 naming them while other jobs depend on it. */
  public JobGraph without(String name) {
    throw new UnsupportedOperationException("not built yet");
  }

  public boolean contains(String name) {
    throw new UnsupportedOperationException("not built yet");
  }

  public Set<String> parents(String name) {
    throw new UnsupportedOperationException("not built yet");
  }

  public Set<String> children(String name) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Every job, parents before children, ties by name. */
  public List<String> topological() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** A graphviz digraph of every job and edge, as Chronos's {@code /graph/dot}. */
  public String dot() {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * Chronos's {@code /graph/csv}: {@code node,<name>,<lastState>,<state>} per job and {@code
   * link,<parent>,<child>} per edge; {@code states} gives {lastState, state} of a job.
   */
  public String csv(Function<String, String[]> states) {
    throw new UnsupportedOperationException("not built yet");
  }
}
