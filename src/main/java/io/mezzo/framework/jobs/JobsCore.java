package io.mezzo.framework.jobs;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.Timers;
import io.mezzo.framework.jobs.graph.DependencyTracker;
import io.mezzo.framework.jobs.graph.JobGraph;
import io.mezzo.framework.jobs.job.JobDefinition;
import io.mezzo.framework.jobs.schedule.Schedule;
import io.mezzo.framework.jobs.schedule.Schedules;
import io.mezzo.framework.sdk.SchedulerDriver;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * What the parts of the jobs framework ({@link SlotClaims}, {@link JobLauncher}, {@link
 * RunOutcomes}, {@link JobCommands}) share: the jobs, the dependency graph and tracker, the store,
 * the clock and timers, and the current driver, with the effects they all need (persist, kill,
 * acknowledge). Owner thread only.
 *
 * <p>A failed write (the store refused a stale version because another master now leads, or the
 * store is down) fences the framework: it stops acting at once rather than act on a state it could
 * not record; the next leader's copy takes over from the stored state.
 */
final class JobsCore {
  private static final Logger LOG = Logger.getLogger(JobsCore.class);
  final JobsConfig config;
  final Timers timers;
  final Clock clock;
  final JobsStore store;
  final Executor owner;
  final Map<String, JobRecord> jobs = new TreeMap<>();
  JobGraph graph = JobGraph.empty();
  DependencyTracker tracker = new DependencyTracker(Map.of());
  Optional<FrameworkId> frameworkId = Optional.empty();

  /** The subscription's driver; null while not subscribed. */
  SchedulerDriver driver;

  boolean loaded;
  String fencedBecause;
  Runnable onFence = () -> {};

  JobsCore(JobsConfig config, Timers timers, JobsStore store, Executor owner) {
    this.config = config;
    this.timers = timers;
    this.clock = timers.clock();
    this.store = store;
    this.owner = owner;
  }

  /** Now, to the millisecond: task ids and the stored instants carry milliseconds. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  void checkUsable() {
    if (fencedBecause != null) {
      throw new JobsException(503, "jobs framework stopped: " + fencedBecause);
    }
    if (!loaded) {
      throw new JobsException(503, "jobs framework is still loading its state");
    }
  }

  boolean usable() {
    return fencedBecause == null && loaded;
  }

  JobRecord job(String name) {
    JobRecord j = jobs.get(name);
    if (j == null) {
      throw new JobsException(404, "Job '" + name + "' not found");
    }
    return j;
  }

  void saveJob(JobRecord j) {
    durably(() -> store.saveJob(j));
  }

  void dropJob(String name) {
    durably(() -> store.dropJob(name));
  }

  void saveGraph() {
    durably(() -> store.saveGraph(new JobsStore.GraphDoc(graph.topological(), tracker.toMap())));
  }

  void saveFrameworkId(FrameworkId id) {
    durably(() -> store.saveFrameworkId(id));
  }

  private void durably(Runnable write) {
    if (fencedBecause != null) {
      throw new JobsException(503, "jobs framework stopped: " + fencedBecause);
    }
    try {
      write.run();
    } catch (RuntimeException e) {
      fence("state store write failed: " + e.getMessage());
      throw new JobsException(503, "jobs framework stopped: " + fencedBecause);
    }
  }

  /** Stops acting for good: no timer, offer or update is acted on any more. */
  void fence(String why) {
    if (fencedBecause != null) {
      return;
    }
    fencedBecause = why;
    LOG.errorf("jobs framework fenced: %s", why);
    for (JobRecord j : jobs.values()) {
      cancelWake(j);
    }
    onFence.run();
  }

  static void cancelWake(JobRecord j) {
    if (j.wake != null) {
      j.wake.cancel();
      j.wake = null;
    }
  }

  /**
   * The job's schedule, parsed in its time zone; an ISO schedule with an empty start starts at
   * {@code origin}, which is kept so the slots stay where they were across restarts.
   */
  static Schedule schedule(JobDefinition def, Instant origin) {
    return Schedules.parse(def.schedule().orElseThrow(), def.scheduleTimeZone(), origin);
  }

  /** Why {@code def}'s schedule cannot be parsed, or empty; the validator's schedule check. */
  Optional<String> scheduleProblem(JobDefinition def) {
    if (def.schedule().isEmpty()) {
      return Optional.empty();
    }
    try {
      schedule(def, now());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Asks the master to kill the run's task; re-sent after the next SUBSCRIBED if not subscribed.
   */
  void sendKill(JobRun run) {
    if (driver == null) {
      return;
    }
    driver
        .kill(run.taskId(), run.agent().orElse(null), null)
        .exceptionally(
            e -> {
              LOG.warnf("kill of task %s refused: %s", run.taskId().value(), e.getMessage());
              return null;
            });
  }

  void acknowledge(TaskStatus status) {
    if (status.uuid() != null && driver != null) {
      driver
          .acknowledge(status)
          .exceptionally(
              e -> {
                LOG.debugf("ack of %s failed: %s", status.taskId().value(), e.getMessage());
                return null;
              });
    }
  }

  JobsSnapshot snapshot() {
    return new JobsSnapshot(
        frameworkId.map(FrameworkId::value), jobs.values().stream().map(JobRecord::view).toList());
  }
}
