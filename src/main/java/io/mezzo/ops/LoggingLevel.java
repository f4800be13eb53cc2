package io.mezzo.ops;

import io.mezzo.core.logging.Verbosity;
import io.mezzo.core.time.SystemTimers;
import io.mezzo.core.time.Timers;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's logging verbosity as Mesos's GET_LOGGING_LEVEL / SET_LOGGING_LEVEL and {@code
 * /logging/toggle} see it: a glog-style level, 0 being the configured default. Mezzo maps it onto
 * the {@code io.mezzo} log category: 0 is that category's level at start-up (INFO unless
 * configured), 1 is DEBUG, 2 and above TRACE (Quarkus drops records below {@code
 * quarkus.log.min-level}, DEBUG by default, so TRACE shows as DEBUG unless that is lowered).
 *
 * <p>A level set for a duration reverts to the original when it ends, as in Mesos; a later set
 * replaces the pending revert. Thread-safe.
 */
public final class LoggingLevel implements Verbosity, AutoCloseable {
  private static final String CATEGORY = "io.mezzo";

  private final Timers timers;
  private final Logger logger = Logger.getLogger(CATEGORY);
  private final Level original;
  private int level;
  private Timers.Cancellable revert;
  private long generation;
  private final AutoCloseable ownedTimers;

  /** A level whose reverts run on {@code timers}, which the caller owns. */
  public LoggingLevel(Timers timers) {
    this(timers, null);
  }

  private LoggingLevel(Timers timers, AutoCloseable ownedTimers) {
    this.timers = timers;
    this.ownedTimers = ownedTimers;
    this.original = logger.getLevel();
  }

  /** A level with a timer thread of its own (named {@code name}), stopped by {@link #close}. */
  public static LoggingLevel withOwnTimers(String name) {
    SystemTimers own = new SystemTimers(name);
    return new LoggingLevel(own, own::close);
  }

  /** Cancels a pending revert and stops the timers this level owns (none if they were given). */
  @Override
  public synchronized void close() {
    if (revert != null) {
      revert.cancel();
      revert = null;
    }
    generation++;
    if (ownedTimers != null) {
      try {
        ownedTimers.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop the logging level's timers", e);
      }
    }
  }

  /** The current level: 0 unless one was set and has not reverted. */
  @Override
  public synchronized int level() {
    return level;
  }

  /**
   * Sets {@code level} for {@code duration}, then goes back to 0.
   *
   * @throws IllegalArgumentException if the duration is not positive (Mesos requires one)
   */
  @Override
  public synchronized void set(int level, Duration duration) {
    if (level < 0) {
      throw new IllegalArgumentException("'level' must not be negative, got " + level);
    }
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(
          "'duration' must be positive, got " + (duration == null ? "none" : duration));
    }
    if (revert != null) {
      revert.cancel();
    }
    apply(level);
    long mine = ++generation;
    // The generation check covers a revert already running when a newer set cancels it.
    revert = timers.schedule(duration, () -> revert(mine));
  }

  private synchronized void revert(long setBy) {
    if (setBy != generation) {
      return;
    }
    revert = null;
    apply(0);
  }

  private void apply(int newLevel) {
    level = newLevel;
    logger.setLevel(
        switch (newLevel) {
          case 0 -> original;
          case 1 -> org.jboss.logmanager.Level.DEBUG;
          default -> org.jboss.logmanager.Level.TRACE;
        });
  }
}
