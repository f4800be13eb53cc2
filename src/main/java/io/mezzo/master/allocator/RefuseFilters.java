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
 * lapsing at a fixed time. Several filters for one key form a chain; any one of them blocks.
 *
 * <p>Lapsing uses a heap ordered by lapse time, drained at the start of each run, instead of one
 * timer per filter; revived or removed filters are marked dead and dropped lazily.
 */
final class RefuseFilters {

  /** One filter; {@code next} chains filters of the same key. */
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

    /** The first live filter of this chain that blocks {@code offerable} at {@code now}, or null. */
    Filter blocking(Resources offerable, Instant now) {
      for (Filter f = this; f != null; f = f.next) {
        if (now.isBefore(f.until) && f.refused.contains(offerable)) {
          return f;
        }
      }
      return null;
    }

    /** The earliest lapse in the chain (after which it may stop blocking). */
    Instant earliestUntil() {
      Instant min = until;
      for (Filter f = next; f != null; f = f.next) {
        if (f.until.isBefore(min)) {
          min = f.until;
        }
      }
      return min;
    }
  }

  private final PriorityQueue<Filter> byLapse = new PriorityQueue<>((a, b) -> a.until.compareTo(b.until));
  private final Map<String, Integer> activeByRole = new HashMap<>();
  private int deadInHeap;

  void install(FrameworkState framework, String role, AgentState agent, Resources refused, Instant until) {
    Filter filter = new Filter(framework, role, agent, refused, until);
    Map<String, Filter> byRole = agent.filters.computeIfAbsent(framework.id, k -> new HashMap<>(4));
    filter.next = byRole.get(role);
    byRole.put(role, filter);
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
    for (Map<String, Filter> byRole : agent.filters.values()) {
      for (Filter head : byRole.values()) {
        for (Filter f = head; f != null; f = f.next) {
          doomed.add(f);
        }
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
    Map<String, Filter> byRole = f.agent.filters.get(f.framework.id);
    if (byRole != null) {
      Filter head = byRole.get(f.role);
      if (head == f) {
        if (f.next == null) {
          byRole.remove(f.role);
          if (byRole.isEmpty()) {
            f.agent.filters.remove(f.framework.id);
          }
        } else {
          byRole.put(f.role, f.next);
        }
      } else {
        for (Filter prev = head; prev != null; prev = prev.next) {
          if (prev.next == f) {
            prev.next = f.next;
            break;
          }
        }
      }
    }
    f.framework.filters.remove(f);
    activeByRole.merge(f.role, -1, (a, b) -> a + b == 0 ? null : a + b);
  }
}
