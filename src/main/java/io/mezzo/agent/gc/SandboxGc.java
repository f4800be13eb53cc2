package io.mezzo.agent.gc;

import io.mezzo.agent.state.Paths;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.Timers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Removes the directories of completed container runs, as Mesos's agent garbage collector does.
 *
 * <p>A run is scheduled once all its tasks are terminal and acknowledged ({@link #schedule}), or
 * when a restarted agent finds it so in its checkpoint ({@link #scheduleRecovered}, aged from the
 * run's last checkpoint write). Every {@code disk_watch_interval} the collector measures the work
 * dir's disk and removes each run older than {@link GcPolicy#maxAllowedAge} of that usage — {@code
 * gc_delay} on an empty disk, less as it fills, nothing kept past {@code 1 - headroom}. A removal
 * takes the run's sandbox and its meta dir; then, on the agent's context (where tasks are launched,
 * so no launch sees a half-pruned framework dir), the executor and framework dirs left empty go too
 * and the agent is told, so its completed views stop offering the sandbox.
 *
 * <pre>
 *   schedule ──▶ PENDING ──(age ≥ max allowed age, on a watch tick)──▶ removed ──▶ parents pruned
 *                   └──────────(removal fails: logged, counted)───────▶ dropped
 * </pre>
 *
 * <p>Threading: the schedule belongs to the collector's own context, so deleting a large sandbox
 * never blocks the agent; public methods enqueue there. Counts are readable from any thread.
 */
public final class SandboxGc implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SandboxGc.class);

  private final GcPolicy policy;
  private final Paths paths;
  private final Timers timers;
  private final DiskUsage disk;
  private final SerialContext context;
  private final Executor agentCtx;
  private final Consumer<Paths.Run> removed;
  private final Map<Path, Entry> scheduled = new LinkedHashMap<>();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private Timers.Cancellable tick;
  private volatile boolean closed;

  private record Entry(Paths.Run run, Instant completedAt) {}

  /**
   * @param agentCtx the agent's context, where empty parents are pruned and {@code removed} runs
   * @param removed told (on {@code agentCtx}) of each run whose directories are gone
   */
  public SandboxGc(
      GcPolicy policy,
      Paths paths,
      Timers timers,
      DiskUsage disk,
      Executor agentCtx,
      Consumer<Paths.Run> removed) {
    this.policy = policy;
    this.paths = paths;
    this.timers = timers;
    this.disk = disk;
    this.agentCtx = agentCtx;
    this.removed = removed;
    this.context = new SerialContext("agent-gc");
  }

  /** Starts the periodic disk check; idempotent. */
  public void start() {
    context.execute(
        () -> {
          if (tick == null) {
            arm();
          }
        });
  }

  /** Schedules a run that completed now; scheduling a run again keeps its first time. */
  public CompletionStage<Void> schedule(Paths.Run run) {
    Instant now = timers.clock().instant();
    return context.call(() -> add(run, now));
  }

  /** Schedules a run a restarted agent found completed, aged from its last checkpoint write. */
  public CompletionStage<Void> scheduleRecovered(Paths.Run run) {
    return context.call(() -> add(run, lastWrite(run)));
  }

  /**
   * Checks the disk and removes what is due now, as a watch tick does.
   *
   * @return how many runs were removed
   */
  public CompletionStage<Integer> collect() {
    return context.call(this::collectDue);
  }

  /** What has been removed, failed and is pending so far; any thread. */
  public GcCounts counts() {
    return new GcCounts(succeeded.get(), failed.get(), pending.get());
  }

  @Override
  public void close() {
    closed = true;
    context.execute(
        () -> {
          if (tick != null) {
            tick.cancel();
          }
        });
    context.close(Duration.ofSeconds(5));
  }

  private Void add(Paths.Run run, Instant completedAt) {
    if (scheduled.putIfAbsent(run.sandbox(), new Entry(run, completedAt)) == null) {
      pending.addAndGet(2);
      LOG.debugf(
          "Scheduled run %s of executor %s for removal after %s",
          run.containerId(), run.executorId(), completedAt.plus(policy.delay()));
    }
    return null;
  }

  private void arm() {
    if (closed) {
      return;
    }
    tick =
        timers.schedule(
            policy.diskWatchInterval(),
            () ->
                context.execute(
                    () -> {
                      collectDue();
                      arm();
                    }));
  }

  private int collectDue() {
    if (scheduled.isEmpty()) {
      return 0;
    }
    double usage;
    try {
      usage = disk.usage(paths.workDir());
    } catch (IOException | RuntimeException e) {
      // Without a measurement only gc_delay itself applies, as on an empty disk.
      LOG.warnf("Cannot measure the disk of %s: %s", paths.workDir(), e.toString());
      usage = 0.0;
    }
    Duration maxAge = policy.maxAllowedAge(usage);
    if (maxAge.compareTo(policy.delay()) < 0) {
      LOG.infof(
          "Disk of %s is %.1f%% full: removing completed sandboxes older than %s",
          paths.workDir(), usage * 100, maxAge);
    }
    Instant now = timers.clock().instant();
    List<Entry> due = new ArrayList<>();
    for (Entry e : scheduled.values()) {
      if (Duration.between(e.completedAt(), now).compareTo(maxAge) >= 0) {
        due.add(e);
      }
    }
    for (Entry e : due) {
      scheduled.remove(e.run().sandbox());
      remove(e, Duration.between(e.completedAt(), now));
    }
    return due.size();
  }

  private void remove(Entry e, Duration age) {
    Paths.Run run = e.run();
    boolean ok = true;
    for (Path dir : List.of(run.sandbox(), run.metaDir())) {
      pending.decrementAndGet();
      try {
        Tree.delete(paths.workDir(), dir);
        succeeded.incrementAndGet();
      } catch (IOException | RuntimeException x) {
        ok = false;
        failed.incrementAndGet();
        LOG.warnf("Failed to remove %s of run %s: %s", dir, run.containerId(), x.toString());
      }
    }
    LOG.infof(
        "Removed%s the sandbox of run %s of executor %s of framework %s, completed %s ago",
        ok ? "" : " part of", run.containerId(), run.executorId(), run.frameworkId(), age);
    agentCtx.execute(
        () -> {
          Tree.pruneEmptyParents(paths, run);
          removed.accept(run);
        });
  }

  private Instant lastWrite(Paths.Run run) {
    Instant latest = null;
    List<Path> candidates = new ArrayList<>();
    run.listTasks().forEach(t -> candidates.add(run.taskUpdatesFile(t)));
    candidates.add(run.metaDir());
    for (Path p : candidates) {
      try {
        Instant t = Files.getLastModifiedTime(p).toInstant();
        latest = latest == null || t.isAfter(latest) ? t : latest;
      } catch (NoSuchFileException ignored) {
        // A task without an update stream ages from the run's other writes.
      } catch (IOException e) {
        LOG.debugf("Cannot read the age of %s: %s", p, e.toString());
      }
    }
    return latest == null ? timers.clock().instant() : latest;
  }
}
