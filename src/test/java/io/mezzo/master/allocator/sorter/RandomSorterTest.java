package io.mezzo.master.allocator.sorter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomSorterTest extends SorterContract {

  @Override
  Sorter newSorter() {
    return new RandomSorter(new SplittableRandom(42));
  }

  @Test
  void theSameSeedGivesTheSameOrders() {
    RandomSorter one = new RandomSorter(new SplittableRandom(7));
    RandomSorter two = new RandomSorter(new SplittableRandom(7));
    for (String c : new String[] {"a", "b", "c", "d", "e"}) {
      one.add(c);
      two.add(c);
    }
    for (int i = 0; i < 20; i++) {
      assertThat(one.sort()).isEqualTo(two.sort());
    }
  }

  @Test
  void aHeavierClientComesFirstInProportionToItsWeight() {
    RandomSorter sorter = new RandomSorter(new SplittableRandom(1234));
    sorter.add("heavy");
    sorter.add("light");
    sorter.setWeight("heavy", 3);
    int heavyFirst = 0;
    int runs = 20_000;
    for (int i = 0; i < runs; i++) {
      if (sorter.sort().get(0).equals("heavy")) {
        heavyFirst++;
      }
    }
    // P(heavy first) = 3 / (3 + 1) = 0.75
    assertThat(heavyFirst / (double) runs).isCloseTo(0.75, within(0.02));
  }

  @Test
  void everyOrderOfEqualWeightsShowsUp() {
    RandomSorter sorter = new RandomSorter(new SplittableRandom(99));
    sorter.add("a");
    sorter.add("b");
    sorter.add("c");
    java.util.Set<java.util.List<String>> seen = new java.util.HashSet<>();
    for (int i = 0; i < 500; i++) {
      seen.add(sorter.sort());
    }
    assertThat(seen).hasSize(6);
  }
}
