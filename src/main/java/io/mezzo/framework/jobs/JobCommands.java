package io.mezzo.framework.jobs;

import io.mezzo.api.v1.TaskState;
import io.mezzo.framework.jobs.graph.JobGraph;
import io.mezzo.framework.jobs.job.JobDefinition;
import io.mezzo.framework.jobs.job.JobValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The changes {@link JobsApi} asks for, each decided, stored and only then carried out (kills,
 * launches): create or replace, delete, run now, kill, mark a success. Owner thread only; refusals
 * are {@link JobsException}s.
 */
final class JobCommands {
  private static final Logger LOG = Logger.getLogger(JobCommands.class);
  private final JobsCore core;
  private final SlotClaims claims;
  private final JobLauncher launcher;
  private final RunOutcomes outcomes;

  JobCommands(JobsCore core, SlotClaims claims, JobLauncher launcher, RunOutcomes outcomes) {
    this.core = core;
    this.claims = claims;
    this.launcher = launcher;
    this.outcomes = outcomes;
  }

  /**
   * Creates or replaces a job. A new scheduled job's cursor is its schedule's first slot from now;
   * a replaced one keeps its cursor unless its schedule or time zone changed. A job whose parents
   * changed starts its dependency tracking afresh.
   */
  void put(JobDefinition def, Optional<JobsSnapshot.Counters> counters) {
    JobValidator.validate(
        def,
        def.scheduled() ? JobValidator.Kind.SCHEDULED : JobValidator.Kind.DEPENDENT,
        core::scheduleProblem);
    JobGraph next = core.graph.with(def.name(), def.parents());
    Instant now = core.now();
    JobRecord existing = core.jobs.get(def.name());
    boolean created = existing == null;
    JobRecord j = created ? new JobRecord(def) : existing;
    JobDefinition old = j.definition;
    boolean parentsChanged = created || !old.parents().equals(def.parents());
    boolean scheduleChanged =
        created
            || !old.schedule().equals(def.schedule())
            || !old.scheduleTimeZone().equals(def.scheduleTimeZone());
    j.definition = def;
    counters.ifPresent(c -> j.counters = c);
    if (!def.scheduled()) {
      j.schedule = null;
      j.origin = null;
      j.cursor = Optional.empty();
    } else if (scheduleChanged || j.schedule == null) {
      j.origin = now;
      j.schedule = JobsCore.schedule(def, now);
      j.cursor = j.schedule.first(now);
    }
    core.graph = next;
    if (parentsChanged && !created) {
      core.tracker.forget(def.name());
    }
    core.jobs.put(def.name(), j);
    if (parentsChanged) {
      core.saveGraph(); // first: a job is only listed once the graph write passed the fence
    }
    core.saveJob(j);
    LOG.infof("job %s %s", def.name(), created ? "created" : "replaced");
    claims.plan(j);
  }

  /** Deletes a job (400 while others depend on it) and kills its tasks. */
  void delete(String name) {
    JobRecord j = core.job(name);
    JobGraph next = core.graph.without(name);
    core.graph = next;
    core.tracker.forget(name);
    core.jobs.remove(name);
    JobsCore.cancelWake(j);
    core.saveGraph();
    core.dropJob(name);
    LOG.infof("job %s deleted", name);
    for (JobRun r : j.open()) {
      if (r.mayRun()) {
        core.sendKill(r);
      }
    }
    launcher.updateSuppression();
  }

  /** Runs the job once now, outside its schedule; {@code arguments} go to its command. */
  void run(String name, Optional<String> arguments) {
    JobRecord j = core.job(name);
    long base = j.freeBase(core.now().toEpochMilli());
    JobRun r =
        new JobRun(
            Long.toString(base),
            "manual",
            Optional.empty(),
            base,
            name,
            arguments.map(String::strip).filter(a -> !a.isEmpty()));
    r.phase = JobRun.Phase.HELD;
    j.add(r, core.config.historyLimit());
    core.saveJob(j);
    LOG.infof("job %s: manual run %s", name, r.runId);
    claims.release(j);
  }

  /**
   * Kills the job's runs: those that may be at the master get a kill and end failed when it is
   * confirmed; those never launched end failed at once. None is retried.
   */
  void killTasks(String name) {
    JobRecord j = core.job(name);
    Instant now = core.now();
    List<JobRun> kill = new ArrayList<>();
    boolean changed = false;
    for (JobRun r : j.open()) {
      if (r.mayRun()) {
        if (r.endReason.isEmpty()) {
          r.endReason = Optional.of("killed by request");
          changed = true;
        }
        kill.add(r);
      } else {
        r.state = TaskState.TASK_KILLED.name();
        r.endTime = Optional.of(now);
        r.endReason = Optional.of("killed by request");
        r.message = Optional.of("killed by request before it was launched");
        j.counters = JobCounters.failed(j.counters, now);
        changed = true;
      }
    }
    if (changed) {
      core.saveJob(j);
    }
    kill.forEach(core::sendKill);
    launcher.updateSuppression();
    claims.plan(j);
  }

  /** Counts a success without a run and triggers the children; false if the job is unknown. */
  boolean markSuccess(String name) {
    JobRecord j = core.jobs.get(name);
    if (j == null) {
      return false;
    }
    List<JobRecord> children = outcomes.succeeded(j, core.now());
    outcomes.save(j, children);
    children.forEach(claims::plan);
    return true;
  }
}
