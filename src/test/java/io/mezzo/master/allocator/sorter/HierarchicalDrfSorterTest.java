package io.mezzo.master.allocator.sorter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mezzo.core.resources.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The hierarchical sorter: the {@link SorterContract}, the tree order with shares written beside
 * each assertion (total cpus:10;mem:1024), and a seeded comparison with an order recomputed from
 * scratch.
 */
class HierarchicalDrfSorterTest extends SorterContract {

  @Override
  Sorter newSorter() {
    return new HierarchicalDrfSorter();
  }

  private HierarchicalDrfSorter tree() {
    return (HierarchicalDrfSorter) sorter;
  }

  @Test
  void siblingsSortBySubtreeShareThenDescend() {
    sorter.add("eng/a");
    sorter.add("eng/b");
    sorter.add("ops");
    sorter.allocated("eng/a", "a1", Resources.parse("cpus:3")); // eng/a 0.3
    sorter.allocated("eng/b", "a1", Resources.parse("cpus:1")); // eng/b 0.1
    sorter.allocated("ops", "a1", Resources.parse("cpus:3")); // ops 0.3
    // eng = (3 + 1) / 10 = 0.4 > ops 0.3: ops first, then eng's children eng/b 0.1, eng/a 0.3.
    // (Flat DRF would say eng/b, eng/a, ops.)
    assertThat(tree().subtreeShare("eng")).isCloseTo(0.4, within(1e-9));
    assertThat(sorter.sort()).containsExactly("ops", "eng/b", "eng/a");
  }

  @Test
  void aWeightAppliesToTheNodeOfItsPath() {
    sorter.add("eng/a");
    sorter.add("ops");
    sorter.allocated("eng/a", "a1", Resources.parse("cpus:4")); // eng = 0.4
    sorter.allocated("ops", "a1", Resources.parse("cpus:3")); // ops = 0.3
    assertThat(sorter.sort()).containsExactly("ops", "eng/a");
    sorter.setWeight("eng", 2); // eng = 0.4 / 2 = 0.2 < ops 0.3; eng/a itself is still 0.4
    assertThat(sorter.sort()).containsExactly("eng/a", "ops");
    assertThat(sorter.dominantShare("eng/a")).isCloseTo(0.4, within(1e-9));
    assertThat(tree().subtreeShare("eng")).isCloseTo(0.2, within(1e-9));
  }

  @Test
  void aWeightGivenBeforeTheNodeExistsAppliesWhenItIsCreated() {
    sorter.setWeight("eng", 4);
    sorter.add("eng/a");
    sorter.add("ops");
    sorter.allocated("eng/a", "a1", Resources.parse("cpus:8")); // eng = 0.8 / 4 = 0.2
    sorter.allocated("ops", "a1", Resources.parse("cpus:1")); // ops = 0.1
    assertThat(sorter.sort()).containsExactly("ops", "eng/a");
    sorter.allocated("ops", "a1", Resources.parse("cpus:2")); // ops = 0.3 > eng 0.2
    assertThat(sorter.sort()).containsExactly("eng/a", "ops");
  }

  @Test
  void aClientAtAnInternalNodeCompetesBesideItsChildren() {
    sorter.add("eng");
    sorter.add("eng/a");
    sorter.add("eng/b");
    sorter.add("ops");
    sorter.allocated("eng", "a1", Resources.parse("cpus:2")); // eng itself 0.2
    sorter.allocated("eng/a", "a1", Resources.parse("cpus:3")); // 0.3
    sorter.allocated("eng/b", "a1", Resources.parse("cpus:1")); // 0.1
    sorter.allocated("ops", "a1", Resources.parse("mem:512")); // ops 0.5
    // eng subtree = 6 / 10 = 0.6 > ops 0.5: ops first; inside eng: eng/b 0.1, eng 0.2, eng/a 0.3.
    assertThat(sorter.sort()).containsExactly("ops", "eng/b", "eng", "eng/a");
    assertThat(sorter.dominantShare("eng")).isCloseTo(0.2, within(1e-9));
    assertThat(tree().subtreeShare("eng")).isCloseTo(0.6, within(1e-9));
  }

  @Test
  void anInactiveSubtreeIsSkippedButItsAllocationStillCounts() {
    sorter.add("eng/a");
    sorter.add("eng/b");
    sorter.add("ops");
    sorter.allocated("eng/a", "a1", Resources.parse("cpus:5")); // eng 0.5
    sorter.allocated("ops", "a1", Resources.parse("cpus:4")); // ops 0.4
    sorter.deactivate("eng/a");
    // eng = 0.5 (eng/a's allocation counts while inactive) > ops 0.4; only eng/b is listed there.
    assertThat(sorter.sort()).containsExactly("ops", "eng/b");
    sorter.deactivate("eng/b");
    assertThat(sorter.sort()).containsExactly("ops");
    sorter.activate("eng/b");
    assertThat(sorter.sort()).containsExactly("ops", "eng/b");
  }

  @Test
  void removingTheLastClientUnderANodeDropsItAndItsAllocation() {
    sorter.add("eng/a");
    sorter.add("eng/b");
    sorter.allocated("eng/a", "a1", Resources.parse("cpus:5")); // eng 0.5
    sorter.allocated("eng/b", "a1", Resources.parse("cpus:1")); // eng 0.6
    sorter.remove("eng/a"); // eng = 0.1
    assertThat(tree().subtreeShare("eng")).isCloseTo(0.1, within(1e-9));
    sorter.remove("eng/b");
    assertThat(tree().subtreeShare("eng")).isZero();
    assertThat(sorter.sort()).isEmpty();
    sorter.add("eng/a"); // comes back empty
    assertThat(sorter.dominantShare("eng/a")).isZero();
  }

  @Test
  void aChangedTotalReordersEveryLevel() {
    sorter.add("eng/cpu");
    sorter.add("ops/mem");
    sorter.allocated("eng/cpu", "a1", Resources.parse("cpus:4")); // eng 0.4
    sorter.allocated("ops/mem", "a1", Resources.parse("mem:512")); // ops 0.5
    assertThat(sorter.sort()).containsExactly("eng/cpu", "ops/mem");
    sorter.addTotal("a2", Resources.parse("mem:3072")); // ops = 512 / 4096 = 0.125
    assertThat(sorter.sort()).containsExactly("ops/mem", "eng/cpu");
  }

  @Test
  void orderAlwaysMatchesATreeRecomputedFromScratch() {
    long seed = Long.getLong("mezzo.seed", 20261204L);
    SplittableRandom random = new SplittableRandom(seed);
    List<String> names = List.of("a", "a/x", "a/y", "a/y/z", "b", "b/x", "c/d/e", "c/f");
    Map<String, long[]> held = new HashMap<>(); // cpus, mem of each client
    Map<String, Double> weights = new HashMap<>();
    Set<String> inactive = new HashSet<>();
    long[] total = {10, 1024};
    Set<String> present = new TreeSet<>();
    for (int step = 0; step < 3000; step++) {
      String c = names.get(random.nextInt(names.size()));
      if (!present.contains(c)) {
        sorter.add(c);
        present.add(c);
        held.put(c, new long[2]);
        inactive.remove(c);
      }
      long cpus = random.nextInt(3);
      long mem = random.nextInt(100);
      Resources r = Resources.builder().scalar("cpus", cpus).scalar("mem", mem).build();
      switch (random.nextInt(8)) {
        case 0, 1 -> {
          sorter.allocated(c, "a1", r);
          held.get(c)[0] += cpus;
          held.get(c)[1] += mem;
        }
        case 2 -> {
          if (held.get(c)[0] >= cpus && held.get(c)[1] >= mem) {
            sorter.unallocated(c, "a1", r);
            held.get(c)[0] -= cpus;
            held.get(c)[1] -= mem;
          }
        }
        case 3 -> {
          // A weight on a client's path or on one of its ancestors.
          String path = random.nextBoolean() || !c.contains("/") ? c : c.split("/")[0];
          double w = 1 + random.nextInt(4);
          sorter.setWeight(path, w);
          weights.put(path, w);
        }
        case 4 -> {
          sorter.addTotal("a" + step, Resources.parse("cpus:1;mem:100"));
          total[0] += 1;
          total[1] += 100;
        }
        case 5 -> {
          sorter.remove(c);
          present.remove(c);
          held.remove(c);
        }
        default -> {
          if (random.nextBoolean()) {
            sorter.deactivate(c);
            inactive.add(c);
          } else {
            sorter.activate(c);
            inactive.remove(c);
          }
        }
      }
      List<String> expected = new Reference(held, weights, inactive, total).order();
      assertThat(sorter.sort()).as("seed %d step %d", seed, step).isEqualTo(expected);
    }
  }

  /** The hierarchical order computed the slow way: every node's share from the clients' holds. */
  private record Reference(
      Map<String, long[]> held, Map<String, Double> weights, Set<String> inactive, long[] total) {

    List<String> order() {
      List<String> out = new ArrayList<>();
      descend("", out);
      return out;
    }

    /** Children of {@code path}: its direct sub-paths that have clients under them, and "." */
    private void descend(String path, List<String> out) {
      Map<String, Double> shareOf = new HashMap<>();
      for (String client : held.keySet()) {
        String child = childOf(path, client);
        if (child != null && !shareOf.containsKey(child)) {
          shareOf.put(child, child.equals(".") ? own(path) : subtree(child));
        }
      }
      List<String> kids = new ArrayList<>(shareOf.keySet());
      kids.sort(Comparator.<String>comparingDouble(shareOf::get).thenComparing(k -> levelName(k)));
      for (String k : kids) {
        if (k.equals(".")) {
          if (!inactive.contains(path)) {
            out.add(path);
          }
        } else {
          descend(k, out);
        }
      }
    }

    private static String levelName(String k) {
      return k.equals(".") ? "." : k.substring(k.lastIndexOf('/') + 1);
    }

    /** The direct child of {@code path} on the way to {@code client}, "." for itself, or null. */
    private static String childOf(String path, String client) {
      if (client.equals(path)) {
        return ".";
      }
      String prefix = path.isEmpty() ? "" : path + "/";
      if (!client.startsWith(prefix)) {
        return null;
      }
      int next = client.indexOf('/', prefix.length());
      return next < 0 ? client : client.substring(0, next);
    }

    private double own(String client) {
      return share(held.get(client), client);
    }

    private double subtree(String path) {
      long[] sum = new long[2];
      for (Map.Entry<String, long[]> e : held.entrySet()) {
        if (e.getKey().equals(path) || e.getKey().startsWith(path + "/")) {
          sum[0] += e.getValue()[0];
          sum[1] += e.getValue()[1];
        }
      }
      return share(sum, path);
    }

    private double share(long[] q, String path) {
      double max = Math.max((double) q[0] / total[0], (double) q[1] / total[1]);
      return max / weights.getOrDefault(path, 1.0);
    }
  }
}
