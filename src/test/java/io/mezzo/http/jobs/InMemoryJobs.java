package io.mezzo.http.jobs;

import io.mezzo.framework.jobs.JobsApi;
import io.mezzo.framework.jobs.JobsException;
import io.mezzo.framework.jobs.JobsSnapshot;
import io.mezzo.framework.jobs.job.JobDefinition;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A jobs framework in memory that records every call: changes apply at once, unknown jobs are 404,
 * an unknown parent is 400 and a job with children cannot be deleted (as the real framework).
 */
class InMemoryJobs implements JobsApi {
  /** Every call, as {@code "put web"}, {@code "run web -v"}, {@code "delete web"}, …. */
  final List<String> calls = new CopyOnWriteArrayList<>();

  private final TreeMap<String, JobsSnapshot.Job> jobs = new TreeMap<>();

  /** When set, the next snapshot never completes (a framework that does not answer). */
  volatile boolean stalled;

  synchronized InMemoryJobs with(JobsSnapshot.Job job) {
    jobs.put(job.definition().name(), job);
    return this;
  }

  static JobsSnapshot.Job job(JobDefinition d) {
    return new JobsSnapshot.Job(
        d, JobsSnapshot.Counters.ZERO, Optional.empty(), "idle", 0, List.of());
  }

  synchronized Optional<JobsSnapshot.Job> get(String name) {
    return Optional.ofNullable(jobs.get(name));
  }

  @Override
  public synchronized CompletionStage<JobsSnapshot> snapshot() {
    if (stalled) {
      return new CompletableFuture<>();
    }
    return CompletableFuture.completedFuture(
        new JobsSnapshot(Optional.of("fw-1"), List.copyOf(jobs.values())));
  }

  @Override
  public synchronized CompletionStage<Void> put(
      JobDefinition job, Optional<JobsSnapshot.Counters> counters) {
    calls.add("put " + job.name() + counters.map(c -> " counters=" + c.successCount()).orElse(""));
    for (String parent : job.parents()) {
      if (!jobs.containsKey(parent)) {
        return failed(400, "parents: job '" + parent + "' does not exist");
      }
    }
    JobsSnapshot.Counters kept =
        counters.orElse(
            Optional.ofNullable(jobs.get(job.name()))
                .map(JobsSnapshot.Job::counters)
                .orElse(JobsSnapshot.Counters.ZERO));
    jobs.put(job.name(), new JobsSnapshot.Job(job, kept, Optional.empty(), "idle", 0, List.of()));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<Void> delete(String name) {
    calls.add("delete " + name);
    if (!jobs.containsKey(name)) {
      return failed(404, "Job '" + name + "' not found");
    }
    for (JobsSnapshot.Job j : jobs.values()) {
      if (j.definition().parents().contains(name)) {
        return failed(400, "Job '" + name + "' has children: " + j.definition().name());
      }
    }
    jobs.remove(name);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<Void> run(String name, Optional<String> arguments) {
    calls.add(("run " + name + " " + arguments.orElse("")).trim());
    return known(name);
  }

  @Override
  public synchronized CompletionStage<Void> killTasks(String name) {
    calls.add("kill " + name);
    return known(name);
  }

  @Override
  public synchronized CompletionStage<Boolean> markSuccess(String name) {
    calls.add("success " + name);
    return CompletableFuture.completedFuture(jobs.containsKey(name));
  }

  private CompletionStage<Void> known(String name) {
    return jobs.containsKey(name)
        ? CompletableFuture.completedFuture(null)
        : failed(404, "Job '" + name + "' not found");
  }

  private static <T> CompletionStage<T> failed(int status, String message) {
    return CompletableFuture.failedFuture(new JobsException(status, message));
  }
}
