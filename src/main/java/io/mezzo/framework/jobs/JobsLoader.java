package io.mezzo.framework.jobs;

import io.mezzo.framework.jobs.graph.DependencyTracker;
import io.mezzo.framework.jobs.graph.JobGraph;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads the stored state into a fresh {@link JobsCore}: the framework id, the graph document's jobs
 * (parents before children, so the graph is rebuilt edge by edge) with each job's document, and the
 * dependency tracker. A job listed without a document (created by a leader that stopped between the
 * two writes) was never acknowledged and is left out. Claimed runs whose retry time has not come
 * cannot have been launched; every other claimed run may have been, and waits for reconciliation.
 */
final class JobsLoader {
  private static final Logger LOG = Logger.getLogger(JobsLoader.class);
  private final JobsCore core;

  JobsLoader(JobsCore core) {
    this.core = core;
  }

  void load() {
    core.frameworkId = core.store.frameworkId();
    Optional<JobsStore.GraphDoc> graph = core.store.graph();
    if (graph.isEmpty()) {
      return;
    }
    Instant now = core.now();
    JobGraph g = JobGraph.empty();
    for (String name : graph.get().jobs()) {
      Optional<JobsStore.JobDoc> doc = core.store.job(name);
      if (doc.isEmpty()) {
        LOG.warnf("job %s is listed but has no document; left out", name);
        continue;
      }
      JobRecord j = JobsStore.record(doc.get());
      if (j.definition.scheduled()) {
        if (j.origin == null) {
          j.origin = j.cursor.orElse(now);
        }
        j.schedule = JobsCore.schedule(j.definition, j.origin);
      }
      for (JobRun r : j.runs) {
        if (r.claimed() && r.retryAt.map(t -> t.isAfter(now)).orElse(false)) {
          r.phase = JobRun.Phase.HELD;
        }
      }
      g = g.with(name, j.definition.parents());
      core.jobs.put(name, j);
    }
    core.graph = g;
    Map<String, java.util.Set<String>> satisfied = graph.get().satisfied();
    core.tracker = new DependencyTracker(satisfied == null ? Map.of() : satisfied);
  }
}
