package io.mezzo.framework.services.placement;

import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What is left of one offer while instances are placed on it. Each wire resource of the offer is
 * kept as it came (role, reservations, allocation) with the amount still free, so what is taken
 * goes back to Mesos exactly as offered. Resources reserved to a role the app accepts are used
 * before unreserved ones (a reservation exists to be used). Scalars count in thousandths, as Mesos
 * does, so sums never drift.
 *
 * <p>Owned by one {@link OfferMatcher#match} call; not shared.
 */
final class OfferPool {
  final Offer offer;
  private final List<Entry> entries = new ArrayList<>();

  private static final class Entry {
    final Resource resource;
    final String role;
    long millis;
    final TreeSet<Long> takenPorts = new TreeSet<>();

    Entry(Resource resource) {
      this.resource = resource;
      this.role = ResourceMapping.roleOf(resource);
      this.millis =
          resource.scalar() == null || resource.scalar().value() == null
              ? 0
              : Math.round(resource.scalar().value() * 1000);
    }

    boolean isScalar() {
      return resource.type() == Value.Type.SCALAR;
    }

    boolean isRanges() {
      return resource.type() == Value.Type.RANGES && resource.ranges() != null;
    }
  }

  OfferPool(Offer offer) {
    this.offer = offer;
    for (Resource r : offer.resources() == null ? List.<Resource>of() : offer.resources()) {
      entries.add(new Entry(r));
    }
    // Stable: reserved entries first, otherwise in offer order.
    entries.sort(Comparator.comparing(e -> e.role.equals("*") ? 1 : 0));
  }

  /** Whether any resource of the offer is in one of {@code roles}. */
  boolean hasAnyIn(Set<String> roles) {
    return entries.stream().anyMatch(e -> roles.contains(e.role));
  }

  /** Free amount of scalar {@code name} in {@code roles}, in thousandths. */
  long freeMillis(String name, Set<String> roles) {
    long sum = 0;
    for (Entry e : entries) {
      if (e.isScalar() && e.resource.name().equals(name) && roles.contains(e.role)) {
        sum += e.millis;
      }
    }
    return sum;
  }

  /** Takes {@code millis} of scalar {@code name}; the caller checked {@link #freeMillis}. */
  void takeScalar(String name, long millis, Set<String> roles, List<Resource> out) {
    long left = millis;
    for (Entry e : entries) {
      if (left == 0) {
        return;
      }
      if (e.isScalar() && e.resource.name().equals(name) && roles.contains(e.role)) {
        long take = Math.min(left, e.millis);
        if (take > 0) {
          e.millis -= take;
          left -= take;
          out.add(copy(e.resource, new Value.Scalar(take / 1000d), null));
        }
      }
    }
  }

  /**
   * Chooses host ports: {@code -1} asks for none (0 in the answer), {@code 0} for any free port,
   * other numbers for exactly that port. Fixed ports are chosen first so "any" cannot take them.
   * Returns null if the offer cannot serve every request. Takes nothing.
   */
  List<Integer> choosePorts(List<Integer> requests, Set<String> roles) {
    Integer[] chosen = new Integer[requests.size()];
    TreeSet<Long> used = new TreeSet<>();
    for (int i = 0; i < requests.size(); i++) {
      int r = requests.get(i);
      if (r < 0) {
        chosen[i] = 0;
      } else if (r > 0) {
        if (used.contains((long) r) || entryWithFree(r, roles) == null) {
          return null;
        }
        used.add((long) r);
        chosen[i] = r;
      }
    }
    for (int i = 0; i < requests.size(); i++) {
      if (requests.get(i) == 0) {
        Long port = lowestFree(roles, used);
        if (port == null) {
          return null;
        }
        used.add(port);
        chosen[i] = port.intValue();
      }
    }
    return List.of(chosen);
  }

  /** Takes ports chosen by {@link #choosePorts} (0 entries are skipped). */
  void takePorts(List<Integer> ports, Set<String> roles, List<Resource> out) {
    List<Entry> touched = new ArrayList<>();
    for (int p : ports) {
      if (p > 0) {
        Entry e = entryWithFree(p, roles);
        e.takenPorts.add((long) p);
        if (!touched.contains(e)) {
          touched.add(e);
        }
      }
    }
    for (Entry e : touched) {
      TreeSet<Long> mine = new TreeSet<>();
      for (int p : ports) {
        if (p > 0 && contains(e, p)) {
          mine.add((long) p);
        }
      }
      out.add(copy(e.resource, null, new Value.Ranges(toRanges(mine))));
    }
  }

  private Entry entryWithFree(long port, Set<String> roles) {
    for (Entry e : entries) {
      if (isPorts(e, roles) && contains(e, port) && !e.takenPorts.contains(port)) {
        return e;
      }
    }
    return null;
  }

  private Long lowestFree(Set<String> roles, Set<Long> used) {
    for (Entry e : entries) {
      if (!isPorts(e, roles)) {
        continue;
      }
      List<Value.Range> ranges = new ArrayList<>(e.resource.ranges().range());
      ranges.sort(Comparator.comparing(Value.Range::begin));
      for (Value.Range r : ranges) {
        for (long p = r.begin(); p <= r.end(); p++) {
          if (!e.takenPorts.contains(p) && !used.contains(p)) {
            return p;
          }
        }
      }
    }
    return null;
  }

  private static boolean isPorts(Entry e, Set<String> roles) {
    return e.isRanges() && e.resource.name().equals("ports") && roles.contains(e.role);
  }

  private static boolean contains(Entry e, long port) {
    for (Value.Range r : e.resource.ranges().range()) {
      if (r.begin() <= port && port <= r.end()) {
        return true;
      }
    }
    return false;
  }

  /** The offer as it is now: what is left of each resource, entries used up dropped. */
  Offer remaining() {
    List<Resource> left = new ArrayList<>();
    for (Resource r : offer.resources() == null ? List.<Resource>of() : offer.resources()) {
      Entry e = entries.stream().filter(x -> x.resource == r).findFirst().orElseThrow();
      if (e.isScalar()) {
        if (e.millis > 0) {
          left.add(copy(r, new Value.Scalar(e.millis / 1000d), null));
        }
      } else if (e.isRanges() && !e.takenPorts.isEmpty()) {
        List<Value.Range> free = subtract(r.ranges().range(), e.takenPorts);
        if (!free.isEmpty()) {
          left.add(copy(r, null, new Value.Ranges(free)));
        }
      } else {
        left.add(r);
      }
    }
    return new Offer(
        offer.id(),
        offer.frameworkId(),
        offer.agentId(),
        offer.hostname(),
        offer.url(),
        offer.allocationInfo(),
        left,
        offer.attributes(),
        offer.executorIds());
  }

  boolean isUsedUp() {
    return remaining().resources().isEmpty();
  }

  private Resource copy(Resource r, Value.Scalar scalar, Value.Ranges ranges) {
    Resource.AllocationInfo alloc =
        r.allocationInfo() != null ? r.allocationInfo() : offer.allocationInfo();
    return new Resource(
        r.name(),
        r.type(),
        scalar,
        ranges,
        r.set(),
        r.role(),
        alloc,
        r.reservations(),
        r.reservation(),
        null,
        null,
        null,
        null);
  }

  private static List<Value.Range> toRanges(TreeSet<Long> ports) {
    List<Value.Range> out = new ArrayList<>();
    Long begin = null;
    Long prev = null;
    for (long p : ports) {
      if (prev != null && p == prev + 1) {
        prev = p;
        continue;
      }
      if (begin != null) {
        out.add(new Value.Range(begin, prev));
      }
      begin = p;
      prev = p;
    }
    if (begin != null) {
      out.add(new Value.Range(begin, prev));
    }
    return out;
  }

  private static List<Value.Range> subtract(List<Value.Range> ranges, TreeSet<Long> taken) {
    List<Value.Range> out = new ArrayList<>();
    for (Value.Range r : ranges) {
      long begin = r.begin();
      for (long p : taken.subSet(r.begin(), true, r.end(), true)) {
        if (p > begin) {
          out.add(new Value.Range(begin, p - 1));
        }
        begin = p + 1;
      }
      if (begin <= r.end()) {
        out.add(new Value.Range(begin, r.end()));
      }
    }
    return out;
  }
}
