package io.mezzo.core.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Generates random {@link Resources} over a small universe of names and roles, so that random pairs
 * often share keys and overlap, which is where the arithmetic has edge cases.
 */
final class RandomResources {
  static final String[] SCALARS = {"cpus", "mem", "disk"};
  static final String[] ROLES = {"*", "eng", "ops"};
  static final String[] ITEMS = {"a", "b", "c", "d", "e"};

  /** Ranges live in [0, RANGE_LIMIT), small enough that random ranges collide. */
  static final int RANGE_LIMIT = 64;

  private final SplittableRandom random;

  RandomResources(SplittableRandom random) {
    this.random = random;
  }

  Resources next() {
    Resources.Builder b = Resources.builder();
    for (String role : ROLES) {
      for (String name : SCALARS) {
        if (random.nextInt(3) == 0) {
          b.add(new ResourceKey(name, role), new ResourceValue.Scalar(random.nextLong(0, 100_000)));
        }
      }
      if (random.nextInt(3) == 0) {
        b.add(new ResourceKey("ports", role), ranges());
      }
      if (random.nextInt(4) == 0) {
        TreeSet<String> items = new TreeSet<>();
        for (String item : ITEMS) {
          if (random.nextBoolean()) {
            items.add(item);
          }
        }
        b.add(new ResourceKey("bugs", role), new ResourceValue.Items(items));
      }
    }
    return b.build();
  }

  ResourceValue.Ranges ranges() {
    List<Range> list = new ArrayList<>();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      long begin = random.nextInt(RANGE_LIMIT);
      list.add(new Range(begin, Math.min(RANGE_LIMIT - 1, begin + random.nextInt(8))));
    }
    return new ResourceValue.Ranges(list);
  }
}
