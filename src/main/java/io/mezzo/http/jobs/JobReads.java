package io.mezzo.http.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.jobs.JobsApi;
import io.mezzo.framework.jobs.JobsException;
import io.mezzo.framework.jobs.JobsSnapshot;
import io.mezzo.framework.jobs.graph.JobGraph;
import io.mezzo.framework.jobs.job.JobJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The Chronos endpoints that read jobs, each from one snapshot of the framework: the job list,
 * search, summary, one job, its run statistics, the ranking by run time and the dependency graph.
 * An unknown job is 404 (Chronos answers 400 with a stack trace).
 */
final class JobReads {
  private static final Logger LOG = Logger.getLogger(JobReads.class);
  private final JobsApi api;

  JobReads(JobsApi api) {
    this.api = api;
  }

  /** {@code GET /jobs}: every job as Chronos's job JSON, by name. */
  CompletionStage<ChronosReply> list(ChronosRequest r) {
    r.allow();
    return read(s -> ChronosReply.ok(render(s.jobs())));
  }

  /** {@code GET /jobs/search?name=&command=&any=&limit=&offset=}. */
  CompletionStage<ChronosReply> search(ChronosRequest r) {
    JobSearch search = JobSearch.of(r);
    return read(s -> ChronosReply.ok(render(search.apply(s.jobs()))));
  }

  /**
   * {@code GET /jobs/summary}: {@code {"jobs": [{name, status, state, schedule, parents,
   * disabled}]}} where {@code status} is how the last run ended ({@code success}, {@code failure},
   * {@code fresh} when never run) and {@code state} what it does now ({@code idle}, {@code queued},
   * {@code running}), as Chronos names them; {@code schedule} is empty for a dependent job.
   */
  CompletionStage<ChronosReply> summary(ChronosRequest r) {
    r.allow();
    return read(
        s -> {
          ObjectNode out = ChronosJson.object();
          ArrayNode jobs = out.putArray("jobs");
          for (JobsSnapshot.Job job : s.jobs()) {
            ObjectNode o = jobs.addObject();
            o.put("name", job.definition().name());
            o.put("status", lastState(job.counters()));
            o.put("state", job.state());
            // The list's form of the schedule, so the summary and /jobs never disagree.
            o.put("schedule", JobJson.render(job).path("schedule").asText(""));
            ArrayNode parents = o.putArray("parents");
            job.definition().parents().forEach(parents::add);
            o.put("disabled", job.definition().disabled());
          }
          return ChronosReply.ok(out);
        });
  }

  /** {@code GET /job/{name}}: the job as {@code /jobs} lists it. */
  CompletionStage<ChronosReply> show(ChronosRequest r, String name) {
    r.allow();
    return read(s -> ChronosReply.ok(JobJson.render(job(s, name))));
  }

  /** {@code GET /job/stat/{name}}: Chronos's histogram and task history of the job. */
  CompletionStage<ChronosReply> stat(ChronosRequest r, String name) {
    r.allow();
    return read(s -> ChronosReply.ok(JobStats.stat(job(s, name), s.frameworkId())));
  }

  /**
   * {@code GET /stats/{figure}}: every job with its run time by that figure, in seconds, slowest
   * first: {@code [{"jobNameLabel": …, "time": …}]}. Chronos answers an empty list for a figure it
   * does not know; Mezzo refuses it naming the ones it takes.
   */
  CompletionStage<ChronosReply> ranking(ChronosRequest r, String figure) {
    r.allow();
    if (!JobStats.FIGURES.contains(figure)) {
      throw new JobsException(
          404,
          "No such statistic '"
              + figure
              + "'; "
              + r.prefix()
              + "/stats/ takes "
              + String.join(", ", JobStats.FIGURES));
    }
    return read(
        s -> {
          record Ranked(String name, double millis) {}
          List<Ranked> ranked = new ArrayList<>();
          for (JobsSnapshot.Job job : s.jobs()) {
            ranked.add(new Ranked(job.definition().name(), JobStats.figure(job, figure)));
          }
          ranked.sort(
              Comparator.comparingDouble(Ranked::millis).reversed().thenComparing(Ranked::name));
          ArrayNode out = ChronosJson.array();
          for (Ranked x : ranked) {
            out.addObject().put("jobNameLabel", x.name()).put("time", x.millis() / 1000.0);
          }
          return ChronosReply.ok(out);
        });
  }

  /** {@code GET /graph/dot}: a graphviz digraph, as text/plain like Chronos. */
  CompletionStage<ChronosReply> dot(ChronosRequest r) {
    r.allow();
    return read(s -> ChronosReply.text(200, graph(s).dot()));
  }

  /**
   * {@code GET /graph/csv}: {@code node,<name>,<lastState>,<state>} per job and {@code
   * link,<parent>,<child>} per dependency, as text/plain.
   */
  CompletionStage<ChronosReply> csv(ChronosRequest r) {
    r.allow();
    return read(
        s -> {
          Map<String, String[]> states = new HashMap<>();
          for (JobsSnapshot.Job job : s.jobs()) {
            states.put(
                job.definition().name(), new String[] {lastState(job.counters()), job.state()});
          }
          return ChronosReply.text(
              200, graph(s).csv(n -> states.getOrDefault(n, new String[] {"fresh", "idle"})));
        });
  }

  /**
   * Chronos's last state: {@code fresh} if the job never ended, else whichever of its last success
   * and last error is later ({@code failure} on a tie, as Chronos).
   */
  static String lastState(JobsSnapshot.Counters c) {
    if (c.lastSuccess().isEmpty()) {
      return c.lastError().isEmpty() ? "fresh" : "failure";
    }
    if (c.lastError().isEmpty()) {
      return "success";
    }
    return c.lastSuccess().get().isAfter(c.lastError().get()) ? "success" : "failure";
  }

  /**
   * The dependency graph of the snapshot's jobs. {@link JobGraph#with} refuses a parent it does not
   * hold yet, so jobs are added parents first; a job whose parents never all appear (a snapshot the
   * framework should never produce) is left out rather than failing the whole graph.
   */
  static JobGraph graph(JobsSnapshot s) {
    JobGraph g = JobGraph.empty();
    List<JobsSnapshot.Job> pending = new ArrayList<>(s.jobs());
    boolean progressed = true;
    while (!pending.isEmpty() && progressed) {
      progressed = false;
      for (var it = pending.iterator(); it.hasNext(); ) {
        JobsSnapshot.Job job = it.next();
        List<String> parents = job.definition().parents();
        if (parents.stream().allMatch(g::contains)) {
          g = g.with(job.definition().name(), parents);
          it.remove();
          progressed = true;
        }
      }
    }
    for (JobsSnapshot.Job job : pending) {
      LOG.warnf(
          "job %s left out of the dependency graph: parents %s are not all jobs",
          job.definition().name(), job.definition().parents());
    }
    return g;
  }

  private static ArrayNode render(List<JobsSnapshot.Job> jobs) {
    ArrayNode out = ChronosJson.array();
    jobs.forEach(j -> out.add(JobJson.render(j)));
    return out;
  }

  private static JobsSnapshot.Job job(JobsSnapshot s, String name) {
    return s.job(name).orElseThrow(() -> new JobsException(404, "Job '" + name + "' not found"));
  }

  private CompletionStage<ChronosReply> read(Function<JobsSnapshot, ChronosReply> answer) {
    return api.snapshot().thenApply(answer);
  }
}
