package io.mezzo.master.allocator;

import io.mezzo.core.resources.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Refuse filters (Mesos {@code RefusedOfferFilter}): installed by a decline, keyed by (framework,
 * role, agent), blocking while what the agent could offer is a subset of the refused resources, and
 * lapsing at a fixed time. An agent keeps one chain of filters per framework, covering all its
 * roles (one map entry per pair instead of a map per pair: there may be millions of filters); any
 * filter of the chain with the right role blocks.
 *
 * <p>Lapsing uses a heap ordered by lapse time, drained at the start of each run, instead of one
 * timer per filter; revived or removed filters are marked dead and dropped lazily.
 */
final class RefuseFilters {

  /** One filter; {@code next} chains the filters of one framework on one agent. */
  static final class Filter {
    final FrameworkState framework;
    final String role;
    final AgentState agent;
    final Resources refused;
    final Instant until;
    Filter next;
    boolean dead;

    Filter(FrameworkState framework, String role, AgentState agent, Resources refused, Instant until) {
      this.framework = framework;
      this.role = role;
      this.agent = agent;
      this.refused = refused;
      this.until = until;
    }

    /** The first filter of this chain for {@code role} that blocks {@code offerable} at {@code now}, or null. */
    Filter blocking(String role, Resources offerable, Instant now) {
      for (Filter f = this; f != null; f = f.next) {
        if ((f.role == role || f.role.equals(role)) && now.isBefore(f.until) && f.refused.contains(offerable)) {
          return f;
        }
      }
      return null;
    }

    /** The earliest lapse of the chain's filters for {@code role} (after which it may stop blocking). */
    Instant earliestUntil(String role) {
      Instant min = Instant.MAX;
      for (Filter f = this; f != null; f = f.next) {
        if (f.role.equals(role) && f.until.isBefore(min)) {
          min = f.until;
        }
      }
      return min;
    }
  }

  private final PriorityQueue<Filter> byLapse = new PriorityQueue<>((a, b) -> a.until.compareTo(b.until));
  private final Map<String, Integer> activeByRole = new HashMap<>();
  private int deadInHeap;

  void install(FrameworkState framework, String role, AgentState agent, Resources refused, Instant now, Instant until) {
    Filter filter = new Filter(framework, role, agent, refused, until);
    filter.next = agent.filters.put(framework.id, filter);
    // Keep a still-valid set of refused frameworks exact instead of rebuilding it on the next run.
    BlockedFrameworks blocked = agent.blocked.get(role);
    if (blocked != null && blocked.filterVersion == agent.filterVersion) {
      blocked.consider(filter, role, now);
    }
    framework.filters.add(filter);
    byLapse.add(filter);
    activeByRole.merge(role, 1, Integer::sum);
  }

  /** Removes the filters that lapsed at or before {@code now}. */
  void expire(Instant now) {
    while (!byLapse.isEmpty() && !byLapse.peek().until.isAfter(now)) {
      Filter f = byLapse.poll();
      if (f.dead) {
        deadInHeap--;
      } else {
        unlink(f);
      }
    }
  }

  /** Removes the framework's filters whose role passes {@code roles}. */
  void removeFor(FrameworkState framework, Predicate<String> roles) {
    if (framework.filters.isEmpty()) {
      return;
    }
    List<Filter> doomed = new ArrayList<>();
    for (Filter f : framework.filters) {
      if (roles.test(f.role)) {
        doomed.add(f);
      }
    }
    doomed.forEach(this::kill);
  }

  /** Removes every filter on the agent. */
  void removeFor(AgentState agent) {
    List<Filter> doomed = new ArrayList<>();
    for (Filter head : agent.filters.values()) {
      for (Filter f = head; f != null; f = f.next) {
        doomed.add(f);
      }
    }
    doomed.forEach(this::kill);
  }

  int active(String role) {
    return activeByRole.getOrDefault(role, 0);
  }

  private void kill(Filter f) {
    if (f.dead) {
      return;
    }
    unlink(f);
    f.dead = true;
    deadInHeap++;
    // Dead entries are normally dropped when they reach the top of the heap; long filters that
    // are revived early would linger, so rebuild the heap once they are the majority.
    if (deadInHeap > 1024 && deadInHeap > byLapse.size() / 2) {
      byLapse.removeIf(x -> x.dead);
      deadInHeap = 0;
    }
  }

  private void unlink(Filter f) {
    f.agent.filterVersion++;
    Filter head = f.agent.filters.get(f.framework.id);
    if (head == f) {
      if (f.next == null) {
        f.agent.filters.remove(f.framework.id);
      } else {
        f.agent.filters.put(f.framework.id, f.next);
      }
    } else {
      for (Filter prev = head; prev != null; prev = prev.next) {
        if (prev.next == f) {
          prev.next = f.next;
          break;
        }
      }
    }
    f.framework.filters.remove(f);
    activeByRole.merge(f.role, -1, (a, b) -> a + b == 0 ? null : a + b);
  }
}
