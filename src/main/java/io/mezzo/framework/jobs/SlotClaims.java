package io.mezzo.framework.jobs;

import io.mezzo.framework.jobs.schedule.SlotPlanner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The time-driven part of the jobs framework: on each wake-up of a job it claims the slot the
 * {@link SlotPlanner} says is due (stored, with the new cursor and the run in state CLAIMED, before
 * the run may ask for an offer, so no failover can run a slot twice or lose it), counts the slots a
 * disabled job lets pass, releases runs whose retry time came, kills runs that overran {@code
 * maxCompletionTime}, and sets the job's next wake-up. Owner thread only.
 *
 * <p>A run waits ({@link JobRun.Phase#HELD}) until it may launch: its retry time came and, for a
 * job with {@code concurrent: false}, it is the oldest run of the job not ended, so such a job
 * never has two runs at once.
 */
final class SlotClaims {
  private static final Logger LOG = Logger.getLogger(SlotClaims.class);

  /** Bounds the counting of slots a disabled job let pass, for a tiny period after a long pause. */
  private static final int MAX_COUNTED = 100_000;

  private static final Duration IDLE_GUARD = Duration.ofSeconds(1);
  private final JobsCore core;
  private Runnable queueGrew = () -> {};

  SlotClaims(JobsCore core) {
    this.core = core;
  }

  /** What to call when a run starts waiting for an offer (the launcher revives). */
  void onQueueGrew(Runnable r) {
    this.queueGrew = r;
  }

  /** Decides what is due for {@code j} now, stores it, releases its runs and sets its wake-up. */
  void plan(JobRecord j) {
    if (!core.usable() || core.jobs.get(j.name()) != j) {
      return;
    }
    Instant now = core.now();
    boolean changed = false;
    Optional<Instant> wake = Optional.empty();
    if (j.schedule != null) {
      if (j.definition.disabled()) {
        long passed = 0;
        Optional<Instant> c = j.cursor;
        while (c.isPresent() && !c.get().isAfter(now) && passed < MAX_COUNTED) {
          passed++;
          c = j.schedule.after(c.get());
        }
        if (c.isPresent() && !c.get().isAfter(now)) {
          c = j.schedule.first(now);
        }
        if (passed > 0) {
          j.skipped += passed;
          j.cursor = c;
          changed = true;
        }
        wake = c;
      } else {
        SlotPlanner.Decision d =
            SlotPlanner.decide(
                j.schedule,
                j.cursor,
                j.definition.epsilon(),
                now,
                j.active(),
                j.definition.concurrent());
        changed = d.claim().isPresent() || d.skipped() > 0 || !d.cursor().equals(j.cursor);
        j.cursor = d.cursor();
        j.skipped += d.skipped();
        if (d.claim().isPresent()) {
          Instant slot = d.claim().get();
          JobRun r =
              new JobRun(
                  runId(j, slot.toEpochMilli()),
                  "schedule",
                  Optional.of(slot),
                  j.freeBase(slot.toEpochMilli()),
                  j.name(),
                  Optional.empty());
          r.phase = JobRun.Phase.HELD;
          j.add(r, core.config.historyLimit());
        }
        if (d.claim().isPresent() || d.skipped() > 0) {
          LOG.infof("job %s: %s", j.name(), d.reason());
        }
        wake = d.wakeUp();
      }
    }
    if (changed) {
      core.saveJob(j); // claimed before it may ask for an offer
    }
    wake = earliest(wake, overruns(j, now));
    release(j);
    for (JobRun r : j.open()) {
      if (r.claimed() && r.phase == JobRun.Phase.HELD && r.retryAt.isPresent()) {
        wake = earliest(wake, r.retryAt.filter(t -> t.isAfter(now)));
      }
    }
    wakeAt(j, wake, changed, now);
  }

  /** Kills runs that overran {@code maxCompletionTime}; returns the next such deadline. */
  private Optional<Instant> overruns(JobRecord j, Instant now) {
    Optional<Long> max = j.definition.maxCompletionTime();
    if (max.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> next = Optional.empty();
    for (JobRun r : j.open()) {
      if (!r.launched() || r.startTime.isEmpty() || r.endReason.isPresent()) {
        continue;
      }
      Instant deadline = r.startTime.get().plusSeconds(max.get());
      if (now.isBefore(deadline)) {
        next = earliest(next, Optional.of(deadline));
        continue;
      }
      r.endReason = Optional.of("ran longer than maxCompletionTime " + max.get() + "s");
      core.saveJob(j); // a restarted copy must not retry it either
      LOG.infof("job %s: killing %s: %s", j.name(), r.taskId().value(), r.endReason.get());
      core.sendKill(r);
    }
    return next;
  }

  /**
   * Lets the job's held runs ask for an offer once they may: their retry time came and, for a
   * non-concurrent job, they are its oldest run not ended.
   */
  void release(JobRecord j) {
    if (!core.usable()) {
      return;
    }
    Instant now = core.now();
    boolean grew = false;
    List<JobRun> open = j.open();
    for (int i = 0; i < open.size(); i++) {
      if (!j.definition.concurrent() && i > 0) {
        break;
      }
      JobRun r = open.get(i);
      if (r.claimed()
          && r.phase == JobRun.Phase.HELD
          && r.retryAt.map(t -> !t.isAfter(now)).orElse(true)) {
        r.phase = JobRun.Phase.QUEUED;
        grew = true;
      }
    }
    if (grew) {
      queueGrew.run();
    }
  }

  private void wakeAt(JobRecord j, Optional<Instant> wake, boolean changed, Instant now) {
    JobsCore.cancelWake(j);
    if (wake.isEmpty()) {
      return;
    }
    Duration delay = Duration.between(core.clock.instant(), wake.get());
    if (!wake.get().isAfter(now) && !changed) {
      delay = IDLE_GUARD; // nothing moved although due: do not spin
    }
    String name = j.name();
    j.wake =
        core.timers.schedule(
            delay.isNegative() ? Duration.ZERO : delay,
            () ->
                core.owner.execute(
                    () -> {
                      JobRecord current = core.jobs.get(name);
                      if (current == j) {
                        j.wake = null;
                        guarded(() -> plan(j));
                      }
                    }));
  }

  /** Runs work of a timer; a failed write has fenced the framework already. */
  static void guarded(Runnable work) {
    try {
      work.run();
    } catch (JobsException e) {
      LOG.debugf("jobs framework: %s", e.getMessage());
    }
  }

  static String runId(JobRecord j, long millis) {
    return Long.toString(j.freeBase(millis));
  }

  private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().isBefore(b.get()) ? a : b;
  }
}
