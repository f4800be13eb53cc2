package io.mezzo.framework.jobs;

import io.mezzo.core.time.Timers;
import io.mezzo.framework.jobs.job.JobDefinition;
import io.mezzo.framework.jobs.schedule.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One job as the framework holds it: its definition, parsed schedule, counters, cursor (the next
 * unclaimed slot), skipped count and runs, newest first. Mutable, owner thread only.
 */
final class JobRecord {
  JobDefinition definition;

  /** The parsed schedule, null for a dependent job. */
  Schedule schedule;

  /** The instant the schedule was parsed at: an ISO schedule with an empty start starts there. */
  Instant origin;

  JobsSnapshot.Counters counters = JobsSnapshot.Counters.ZERO;
  Optional<Instant> cursor = Optional.empty();
  long skipped;
  final List<JobRun> runs = new ArrayList<>();
  Timers.Cancellable wake;

  JobRecord(JobDefinition definition) {
    this.definition = definition;
  }

  String name() {
    return definition.name();
  }

  boolean active() {
    return runs.stream().anyMatch(r -> !r.ended());
  }

  Optional<JobRun> run(String taskId) {
    return runs.stream().filter(r -> r.taskId().value().equals(taskId)).findFirst();
  }

  /** Runs not ended, oldest first. */
  List<JobRun> open() {
    return runs.stream()
        .filter(r -> !r.ended())
        .sorted(Comparator.comparingLong((JobRun r) -> r.base))
        .toList();
  }

  /** Adds a run as the newest and drops the oldest ended runs beyond {@code limit}. */
  void add(JobRun run, int limit) {
    runs.add(0, run);
    for (int i = runs.size() - 1; i >= 0 && runs.size() > limit; i--) {
      if (runs.get(i).ended()) {
        runs.remove(i);
      }
    }
  }

  /** A trigger time not used by another run of this job, so its task ids stay unique. */
  long freeBase(long millis) {
    long b = millis;
    while (true) {
      long c = b;
      if (runs.stream().noneMatch(r -> r.base == c)) {
        return b;
      }
      b++;
    }
  }

  String state() {
    if (runs.stream().anyMatch(JobRun::launched)) {
      return "running";
    }
    if (runs.stream().anyMatch(JobRun::claimed)) {
      return "queued";
    }
    return "idle";
  }

  JobsSnapshot.Job view() {
    Optional<Instant> next =
        definition.scheduled() && !definition.disabled() ? cursor : Optional.empty();
    return new JobsSnapshot.Job(
        definition, counters, next, state(), skipped, runs.stream().map(JobRun::view).toList());
  }
}
