package io.mezzo.framework.jobs.graph;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which parents of each dependent job have succeeded since the job was last triggered: a child runs
 * once per successful completion of all its parents. Mutable, owned by the jobs framework's thread;
 * {@link #toMap} / {@link #DependencyTracker(Map)} store and restore it.
 */
public final class DependencyTracker {
  public DependencyTracker(Map<String, Set<String>> satisfied) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Records that {@code parent} succeeded; returns the children now due (sorted), reset. */
  public List<String> parentSucceeded(String parent, JobGraph graph) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Forgets a deleted or redefined job (as child and as parent). */
  public void forget(String job) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** child → parents satisfied so far. */
  public Map<String, Set<String>> toMap() {
    throw new UnsupportedOperationException("not built yet");
  }
}
