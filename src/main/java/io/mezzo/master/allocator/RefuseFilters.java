package io.mezzo.master.allocator;

import io.mezzo.core.resources.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Refuse filters (Mesos {@code RefusedOfferFilter}): installed by a decline, keyed by (framework,
 * role, agent), blocking while what the agent could offer is a subset of the refused resources, and
 * lapsing at a fixed time.
 *
 * <p>There may be millions (Mesos's DeclineOffers benchmark ends with one per agent and framework),
 * so a filter is one small object linked into two intrusive lists: the chain of its framework's
 * filters on its agent (found through one map entry per agent and framework) and the list of all
 * its framework's filters (for revive and removal). Lapsing uses buckets of filters by lapse time,
 * drained at the start of each run: a decline of many offers at one moment fills one bucket, and no
 * timer or heap entry exists per filter. Revived or removed filters are marked dead and leave their
 * bucket when it is drained, or sooner if dead ones pile up.
 */
final class RefuseFilters {

  /** One filter. */
  static final class Filter {
    final FrameworkState framework;
    final String role;
    final AgentState agent;
    final Resources refused;
    final Instant until;

    /** The next filter of the same framework on the same agent. */
    Filter next;

    /** Neighbours in the list of all filters of the framework. */
    Filter previousOfFramework;

    Filter nextOfFramework;
    boolean dead;

    Filter(
        FrameworkState framework, String role, AgentState agent, Resources refused, Instant until) {
      this.framework = framework;
      this.role = role;
      this.agent = agent;
      this.refused = refused;
      this.until = until;
    }

    /**
     * The first filter of this chain for {@code role} that blocks {@code offerable} at {@code now},
     * or null.
     */
    Filter blocking(String role, Resources offerable, Instant now) {
      for (Filter f = this; f != null; f = f.next) {
        if ((f.role == role || f.role.equals(role))
            && now.isBefore(f.until)
            && f.refused.contains(offerable)) {
          return f;
        }
      }
      return null;
    }
  }

  private final TreeMap<Instant, List<Filter>> byLapse = new TreeMap<>();
  private final Map<String, Integer> activeByRole = new HashMap<>();
  private int live;
  private int dead;

  void install(
      FrameworkState framework,
      String role,
      AgentState agent,
      Resources refused,
      Instant now,
      Instant until) {
    // Filters lapsing at the same moment share the bucket's Instant as well as the bucket.
    Map.Entry<Instant, List<Filter>> bucket = byLapse.floorEntry(until);
    List<Filter> sameLapse;
    if (bucket != null && bucket.getKey().equals(until)) {
      until = bucket.getKey();
      sameLapse = bucket.getValue();
    } else {
      sameLapse = new ArrayList<>();
      byLapse.put(until, sameLapse);
    }
    Filter filter = new Filter(framework, role, agent, refused, until);
    sameLapse.add(filter);
    filter.next = agent.filters.put(framework.id, filter);
    filter.nextOfFramework = framework.firstFilter;
    if (framework.firstFilter != null) {
      framework.firstFilter.previousOfFramework = filter;
    }
    framework.firstFilter = filter;
    // Keep a still-valid set of refused frameworks exact instead of rebuilding it on the next run.
    BlockedFrameworks blocked = agent.blocked.get(role);
    if (blocked != null && blocked.filterVersion == agent.filterVersion) {
      blocked.consider(filter, role, now);
    }
    activeByRole.merge(role, 1, Integer::sum);
    live++;
  }

  /** Removes the filters that lapsed at or before {@code now}. */
  void expire(Instant now) {
    while (!byLapse.isEmpty() && !byLapse.firstKey().isAfter(now)) {
      for (Filter f : byLapse.pollFirstEntry().getValue()) {
        if (f.dead) {
          dead--;
        } else {
          unlink(f);
          f.dead = true;
        }
      }
    }
  }

  /** Removes the framework's filters whose role passes {@code roles}. */
  void removeFor(FrameworkState framework, Predicate<String> roles) {
    for (Filter f = framework.firstFilter; f != null; ) {
      Filter following = f.nextOfFramework;
      if (roles.test(f.role)) {
        kill(f);
      }
      f = following;
    }
    compactIfMostlyDead();
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
    compactIfMostlyDead();
  }

  int active(String role) {
    return activeByRole.getOrDefault(role, 0);
  }

  private void kill(Filter f) {
    if (!f.dead) {
      unlink(f);
      f.dead = true;
      dead++;
    }
  }

  /**
   * Dead filters normally leave with their bucket; long filters revived early would linger for up
   * to a year, so drop them once they outnumber the live ones.
   */
  private void compactIfMostlyDead() {
    if (dead > 1024 && dead > live) {
      byLapse
          .values()
          .removeIf(
              bucket -> {
                bucket.removeIf(f -> f.dead);
                return bucket.isEmpty();
              });
      dead = 0;
    }
  }

  private void unlink(Filter f) {
    live--;
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
    if (f.previousOfFramework == null) {
      f.framework.firstFilter = f.nextOfFramework;
    } else {
      f.previousOfFramework.nextOfFramework = f.nextOfFramework;
    }
    if (f.nextOfFramework != null) {
      f.nextOfFramework.previousOfFramework = f.previousOfFramework;
    }
    activeByRole.merge(f.role, -1, (a, b) -> a + b == 0 ? null : a + b);
  }
}
