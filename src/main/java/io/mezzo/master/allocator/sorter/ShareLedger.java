package io.mezzo.master.allocator.sorter;

import io.mezzo.core.resources.ResourceValue;
import io.mezzo.core.resources.Resources;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The cluster total and per-client allocations as scalar quantities, indexed by resource name, and
 * the dominant share they give. Quantities are exact thousandths, so allocating and unallocating
 * the same resources returns to exactly zero.
 */
final class ShareLedger {
  private final Map<String, Integer> nameIndex = new HashMap<>();
  private String[] names = new String[0];
  private long[] totals = new long[0];

  private int index(String name) {
    Integer i = nameIndex.get(name);
    if (i != null) {
      return i;
    }
    int next = names.length;
    nameIndex.put(name, next);
    names = Arrays.copyOf(names, next + 1);
    names[next] = name;
    return next;
  }

  void addTotal(Resources resources) {
    totals = apply(totals, resources, 1, null);
  }

  void removeTotal(Resources resources) {
    totals = apply(totals, resources, -1, null);
  }

  /**
   * Adds ({@code sign} 1) or removes ({@code sign} -1) the scalar quantities of {@code resources}
   * to {@code quantities}, growing the array for names not seen before; returns the array to keep.
   *
   * @param client the client's name for the error message, null for the cluster total
   * @throws IllegalArgumentException if a quantity would become negative (then nothing changed)
   */
  long[] apply(long[] quantities, Resources resources, int sign, String client) {
    long[] q = quantities;
    for (int i = 0, n = resources.size(); i < n; i++) {
      if (resources.valueAt(i) instanceof ResourceValue.Scalar s) {
        int idx = index(resources.keyAt(i).name());
        if (idx >= q.length) {
          q = Arrays.copyOf(q, names.length);
        }
        q[idx] += sign * s.millis();
        if (q[idx] < 0) {
          // Undo what this call changed so that a failed removal leaves the quantities untouched.
          for (int j = 0; j <= i; j++) {
            if (resources.valueAt(j) instanceof ResourceValue.Scalar t) {
              q[index(resources.keyAt(j).name())] -= sign * t.millis();
            }
          }
          String who = client == null ? "the cluster total" : "sorter client " + client;
          throw new IllegalArgumentException(
              who + " holds less " + names[idx] + " than " + resources);
        }
      }
    }
    return q;
  }

  /** max over names with a non-zero total of allocated / total, divided by {@code weight}. */
  double share(long[] allocated, double weight) {
    double max = 0;
    for (int i = 0; i < allocated.length && i < totals.length; i++) {
      if (totals[i] > 0 && allocated[i] > 0) {
        max = Math.max(max, (double) allocated[i] / totals[i]);
      }
    }
    return max / weight;
  }
}
