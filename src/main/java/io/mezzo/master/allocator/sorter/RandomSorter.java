package io.mezzo.master.allocator.sorter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Orders active clients at random, weighted: each {@link #sort()} draws a fresh order in which a
 * client of weight 2 is as likely to come before a client of weight 1 as two clients of weight 1
 * together (weighted sampling without replacement, by the Efraimidis–Spirakis keys {@code -ln(u) /
 * weight}). Shares are still tracked, for metrics.
 *
 * <p>Randomness comes from the injected generator, so a seeded generator gives a reproducible run.
 */
public final class RandomSorter extends ClientSorter {

  private final RandomGenerator random;

  public RandomSorter(RandomGenerator random) {
    this.random = random;
  }

  @Override
  void beforeChange(Client c) {}

  @Override
  void afterChange(Client c) {}

  @Override
  void totalsChanged() {
    recomputeShares();
  }

  @Override
  public List<String> sort() {
    List<Client> active = new ArrayList<>(clients.size());
    for (Client c : clients.values()) {
      if (c.active) {
        active.add(c);
      }
    }
    double[] keys = new double[active.size()];
    Integer[] idx = new Integer[active.size()];
    for (int i = 0; i < keys.length; i++) {
      // 1 - nextDouble() lies in (0, 1], so the logarithm is finite.
      keys[i] = -Math.log(1.0 - random.nextDouble()) / active.get(i).weight;
      idx[i] = i;
    }
    Arrays.sort(
        idx,
        (a, b) -> {
          int c = Double.compare(keys[a], keys[b]);
          return c != 0 ? c : active.get(a).name.compareTo(active.get(b).name);
        });
    List<String> out = new ArrayList<>(keys.length);
    for (Integer i : idx) {
      out.add(active.get(i).name);
    }
    return out;
  }

  /**
   * A weighted random pick among the candidates: the first of a fresh weighted order of just them.
   */
  @Override
  public String firstOf(List<String> candidates) {
    String best = null;
    double bestKey = Double.POSITIVE_INFINITY;
    for (String name : candidates) {
      Client c = client(name);
      if (c.active) {
        double key = -Math.log(1.0 - random.nextDouble()) / c.weight;
        if (key < bestKey) {
          best = name;
          bestKey = key;
        }
      }
    }
    return best;
  }

  @Override
  public double dominantShare(String name) {
    return client(name).share;
  }
}
