package io.mezzo.agent;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The launches of an agent that wait for one of a fixed number of slots, so a burst of thousands of
 * tasks runs a few launches at a time instead of forking everything at once.
 *
 * <pre>
 *   submit ──▶ QUEUED ──slot free (FIFO)──▶ STARTED ──done──▶ (slot freed, next one starts)
 *                 │
 *                 └──cancel──▶ gone (never started)
 * </pre>
 *
 * Launches start in submission order; at most {@code limit} are started and not yet done at any
 * time (the back-pressure: the rest wait, cheaply, as entries here). A cancel removes a queued
 * launch before it starts, which is how a kill overtakes the queue. Not thread-safe: owned by one
 * context (the agent's), like the task table whose entries it holds.
 *
 * @param <K> what identifies a launch; compared with {@code equals}
 */
final class LaunchQueue<K> {
  private final int limit;
  private final Consumer<K> start;
  private final Set<K> queued = new LinkedHashSet<>();
  private final Set<K> started = new LinkedHashSet<>();
  private boolean draining;

  /**
   * @param limit how many launches may be started and not done at once; at least 1
   * @param start begins a launch; called on the owner's context, possibly from inside {@link
   *     #submit} or {@link #done}; it must call {@link #done} exactly once when that launch is over
   *     (at once if it fails at once)
   * @throws IllegalArgumentException if {@code limit} is below 1
   */
  LaunchQueue(int limit, Consumer<K> start) {
    if (limit < 1) {
      throw new IllegalArgumentException("the launch limit must be at least 1, got " + limit);
    }
    this.limit = limit;
    this.start = start;
  }

  /**
   * Queues a launch, and starts it at once if a slot is free and nothing queued is ahead of it.
   *
   * @throws IllegalStateException if {@code key} is already queued or started
   */
  void submit(K key) {
    if (queued.contains(key) || started.contains(key)) {
      throw new IllegalStateException("cannot submit " + key + ": it is already queued or started");
    }
    queued.add(key);
    drain();
  }

  /**
   * Removes a launch that has not started yet.
   *
   * @return true if it was queued (it will never start); false if it started already or is unknown
   */
  boolean cancel(K key) {
    return queued.remove(key);
  }

  /**
   * A started launch is over (it runs, or it failed): frees its slot and starts the next.
   *
   * @throws IllegalStateException if {@code key} was not started or is already done
   */
  void done(K key) {
    if (!started.remove(key)) {
      throw new IllegalStateException("cannot finish " + key + ": it is not a started launch");
    }
    drain();
  }

  boolean isQueued(K key) {
    return queued.contains(key);
  }

  int queued() {
    return queued.size();
  }

  int started() {
    return started.size();
  }

  int limit() {
    return limit;
  }

  /**
   * Starts queued launches while slots are free. A start that finishes at once calls {@link #done}
   * from inside the loop; the flag keeps that from recursing, and the loop picks up the freed slot.
   */
  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (started.size() < limit && !queued.isEmpty()) {
        K next = queued.iterator().next();
        queued.remove(next);
        started.add(next);
        try {
          start.accept(next);
        } catch (RuntimeException e) {
          // A start that throws did not begin a launch: its slot goes back, then the caller learns.
          started.remove(next);
          throw e;
        }
      }
    } finally {
      draining = false;
    }
  }
}
