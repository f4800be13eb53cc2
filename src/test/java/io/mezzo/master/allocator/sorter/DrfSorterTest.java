package io.mezzo.master.allocator.sorter;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DrfSorterTest extends SorterContract {

  @Override
  Sorter newSorter() {
    return new DrfSorter();
  }

  @Test
  void clientsSortByAscendingDominantShareThenName() {
    sorter.add("c");
    sorter.add("b");
    sorter.add("a");
    sorter.allocated("a", "a1", Resources.parse("cpus:5")); // a: cpus 5/10 = 0.5
    sorter.allocated("b", "a1", Resources.parse("mem:256")); // b: mem 256/1024 = 0.25
    // c: 0; b: 0.25; a: 0.5
    assertThat(sorter.sort()).containsExactly("c", "b", "a");
    sorter.allocated(
        "c", "a1", Resources.parse("cpus:1;mem:256")); // c: max(0.1, 0.25) = 0.25, ties b by name
    assertThat(sorter.sort()).containsExactly("b", "c", "a");
  }

  @Test
  void weightDividesTheShare() {
    sorter.add("heavy");
    sorter.add("light");
    sorter.setWeight("heavy", 3);
    sorter.allocated("heavy", "a1", Resources.parse("cpus:6")); // 6/10 = 0.6 / 3 = 0.2
    sorter.allocated("light", "a1", Resources.parse("cpus:3")); // 3/10 = 0.3 / 1 = 0.3
    assertThat(sorter.sort()).containsExactly("heavy", "light");
  }

  @Test
  void aChangedTotalReordersClients() {
    sorter.add("cpuHeavy");
    sorter.add("memHeavy");
    sorter.allocated("cpuHeavy", "a1", Resources.parse("cpus:4")); // 4/10 = 0.4
    sorter.allocated("memHeavy", "a1", Resources.parse("mem:512")); // 512/1024 = 0.5
    assertThat(sorter.sort()).containsExactly("cpuHeavy", "memHeavy");
    sorter.addTotal("a2", Resources.parse("mem:3072")); // memHeavy: 512/4096 = 0.125
    assertThat(sorter.sort()).containsExactly("memHeavy", "cpuHeavy");
  }

  @Test
  void sortOrderAlwaysMatchesRecomputedSharesUnderRandomUpdates() {
    long seed =
        Long.getLong("mezzo.seed", 20261125L); // fixed so CI repeats; -Dmezzo.seed=N explores
    SplittableRandom random = new SplittableRandom(seed);
    List<String> names = List.of("a", "b", "c", "d", "e", "f");
    names.forEach(sorter::add);
    for (int step = 0; step < 2000; step++) {
      String c = names.get(random.nextInt(names.size()));
      Resources r =
          Resources.builder()
              .scalar("cpus", random.nextInt(3))
              .scalar("mem", random.nextInt(100))
              .build();
      switch (random.nextInt(6)) {
        case 0, 1 -> sorter.allocated(c, "a1", r);
        case 2 -> {
          try {
            sorter.unallocated(c, "a1", r);
          } catch (IllegalArgumentException notHeld) {
            // Fine: the client held less than r; nothing changed.
          }
        }
        case 3 -> sorter.setWeight(c, 1 + random.nextInt(4));
        case 4 -> sorter.addTotal("a" + step, Resources.parse("cpus:1;mem:100"));
        default -> {
          if (random.nextBoolean()) {
            sorter.deactivate(c);
          } else {
            sorter.activate(c);
          }
        }
      }
      List<String> order = sorter.sort();
      List<String> expected = new ArrayList<>(order);
      expected.sort(
          (x, y) -> {
            int cmp = Double.compare(sorter.dominantShare(x), sorter.dominantShare(y));
            return cmp != 0 ? cmp : x.compareTo(y);
          });
      assertThat(order).as("seed %d step %d", seed, step).isEqualTo(expected);
    }
  }
}
