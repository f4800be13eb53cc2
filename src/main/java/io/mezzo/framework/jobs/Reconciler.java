package io.mezzo.framework.jobs;

import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.scheduler.Call;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reconciliation after every SUBSCRIBED: the master is asked about every run that may be at it
 * (launched, or claimed and maybe launched before a failover or a disconnection), until it answers.
 * A claimed run the master does not know (its answer is TASK_LOST, UNKNOWN, GONE or DROPPED; or,
 * for one never sent to an agent, no answer within the reconcile timeout) was never launched and is
 * launched now under its recorded task id; one sent to an agent that has not re-registered yet is
 * asked about again every {@link #RE_ASK}, as are launched runs not answered for. Owner thread
 * only.
 */
final class Reconciler {
  private static final Logger LOG = Logger.getLogger(Reconciler.class);

  /** How often runs on an agent that has not answered are asked about again. */
  private static final Duration RE_ASK = Duration.ofSeconds(2);

  /**
   * How often launched runs are reconciled while subscribed, as Chronos does: an update lost on the
   * way (a bug, an operator's cleanup) would otherwise leave a run, and a non-concurrent job,
   * stuck.
   */
  static final Duration PERIOD = Duration.ofMinutes(10);

  private final JobsCore core;
  private final SlotClaims claims;
  private long reconciliation;

  /** Launched runs' tasks asked about since the last SUBSCRIBED and not answered yet. */
  private final Set<String> awaiting = new HashSet<>();

  Reconciler(JobsCore core, SlotClaims claims) {
    this.core = core;
    this.claims = claims;
  }

  /** Reconciles the launched runs every {@link #PERIOD} from now on, while usable. */
  void everyPeriod() {
    core.timers.schedule(
        PERIOD,
        () ->
            core.owner.execute(
                () -> {
                  if (core.usable()) {
                    SlotClaims.guarded(this::launched);
                    everyPeriod();
                  }
                }));
  }

  /** Asks the master about every launched run (not claimed ones: their ACCEPT may be in flight). */
  private void launched() {
    if (core.driver == null) {
      return;
    }
    List<Call.Reconcile.Task> tasks = new ArrayList<>();
    for (JobRecord j : core.jobs.values()) {
      for (JobRun r : j.open()) {
        if (r.launched()) {
          tasks.add(new Call.Reconcile.Task(r.taskId(), r.agent().orElse(null)));
        }
      }
    }
    if (!tasks.isEmpty()) {
      LOG.debugf("periodic reconciliation of %d task(s)", tasks.size());
      core.driver.reconcile(tasks);
    }
  }

  /** The master said something about the task: it is not awaited any more. */
  void heard(String taskId) {
    awaiting.remove(taskId);
  }

  /** A claimed run the master does not know: launched now, or ended if it was killed meanwhile. */
  void notAtTheMaster(JobRecord j, JobRun run, Instant now) {
    if (run.endReason.isPresent()) {
      run.state = TaskState.TASK_KILLED.name();
      run.endTime = Optional.of(now);
      run.message = run.endReason;
      j.counters = JobCounters.failed(j.counters, now);
      core.saveJob(j);
      claims.plan(j);
      return;
    }
    if (run.phase != JobRun.Phase.QUEUED && run.phase != JobRun.Phase.LAUNCHING) {
      LOG.infof("job %s: %s is not at the master; launching it", j.name(), run.taskId().value());
      run.phase = JobRun.Phase.HELD;
      claims.release(j);
    }
  }

  /**
   * After every SUBSCRIBED: asks the master about every run that may be there (launched, or claimed
   * and maybe launched before a failover or a disconnection), and re-sends kills decided before.
   * Claimed runs it does not answer for within the reconcile timeout are launched.
   */
  void reconcile() {
    Instant now = core.now();
    awaiting.clear();
    List<Call.Reconcile.Task> tasks = new ArrayList<>();
    Set<JobRecord> asked = new LinkedHashSet<>();
    for (JobRecord j : core.jobs.values()) {
      for (JobRun r : j.open()) {
        if (r.launched()) {
          tasks.add(new Call.Reconcile.Task(r.taskId(), r.agent().orElse(null)));
          awaiting.add(r.taskId().value());
          asked.add(j);
          if (r.endReason.isPresent()) {
            core.sendKill(r);
          }
        } else if (r.phase == JobRun.Phase.UNKNOWN
            || r.phase == JobRun.Phase.LAUNCHING
            || r.phase == JobRun.Phase.RECONCILING) {
          if (r.retryAt.map(t -> t.isAfter(now)).orElse(false)) {
            r.phase = JobRun.Phase.HELD; // its retry has not come: it cannot have been launched
            continue;
          }
          r.phase = JobRun.Phase.RECONCILING;
          tasks.add(new Call.Reconcile.Task(r.taskId(), r.agent().orElse(null)));
          asked.add(j);
        }
      }
    }
    if (tasks.isEmpty() || core.driver == null) {
      return;
    }
    LOG.infof("reconciling %d task(s)", tasks.size());
    core.driver.reconcile(tasks);
    long round = ++reconciliation;
    awaitAnswers(asked, now, round);
  }

  private void awaitAnswers(Set<JobRecord> asked, Instant since, long round) {
    Duration tick =
        RE_ASK.compareTo(core.config.reconcileTimeout()) < 0
            ? RE_ASK
            : core.config.reconcileTimeout();
    core.timers.schedule(
        tick,
        () ->
            core.owner.execute(
                () -> {
                  if (round == reconciliation && core.usable()) {
                    SlotClaims.guarded(() -> unanswered(asked, since, round));
                  }
                }));
  }

  /**
   * Runs still unanswered. A launched one, or a claimed one sent to an agent, is asked about again,
   * since the master answers for it once that agent re-registers or is given up (and until then it
   * may run there; without asking, a task on an agent that never comes back would stay running here
   * for ever). One never sent to an agent is not at the master once the reconcile timeout passed,
   * and is launched.
   */
  private void unanswered(Set<JobRecord> asked, Instant since, long round) {
    Instant now = core.now();
    boolean timedOut = !now.isBefore(since.plus(core.config.reconcileTimeout()));
    List<Call.Reconcile.Task> again = new ArrayList<>();
    Set<JobRecord> still = new LinkedHashSet<>();
    for (JobRecord j : asked) {
      if (core.jobs.get(j.name()) != j) {
        continue;
      }
      for (JobRun r : j.open()) {
        if (r.launched() && awaiting.contains(r.taskId().value())) {
          again.add(new Call.Reconcile.Task(r.taskId(), r.agent().orElse(null)));
          still.add(j);
          continue;
        }
        if (!r.claimed() || r.phase != JobRun.Phase.RECONCILING) {
          continue;
        }
        if (r.agent().isPresent()) {
          again.add(new Call.Reconcile.Task(r.taskId(), r.agent().get()));
          still.add(j);
        } else if (timedOut) {
          notAtTheMaster(j, r, now);
        } else {
          still.add(j);
        }
      }
    }
    if (!again.isEmpty() && core.driver != null) {
      LOG.debugf("reconciling %d task(s) again: their agents have not answered", again.size());
      core.driver.reconcile(again);
    }
    if (!still.isEmpty()) {
      awaitAnswers(still, since, round);
    }
  }

  /** The subscription ended: an ACCEPT in flight may or may not have reached the master. */
  void disconnected() {
    for (JobRecord j : core.jobs.values()) {
      for (JobRun r : j.runs) {
        if (r.claimed() && r.phase == JobRun.Phase.LAUNCHING) {
          r.phase = JobRun.Phase.UNKNOWN;
        }
      }
    }
  }
}
