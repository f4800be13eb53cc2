package io.mezzo.loadgen;

import java.util.Arrays;

/**
 * A growable list of measurements (nanoseconds, or any long) with exact percentiles. Exact rather
 * than a histogram: a run holds at most a few hundred thousand samples, a few MB.
 *
 * <p>Not thread-safe: one owner adds; read it after the run.
 */
public final class Samples {
  private long[] values = new long[1024];
  private int size;

  public void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  public void addAll(Samples other) {
    for (int i = 0; i < other.size; i++) {
      add(other.values[i]);
    }
  }

  public int size() {
    return size;
  }

  /**
   * The nearest-rank percentile: the smallest value at least {@code p}% of the samples do not
   * exceed.
   *
   * @param p in (0, 100]
   * @throws IllegalStateException if there are no samples
   */
  public long percentile(double p) {
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    if (size == 0) {
      throw new IllegalStateException("no samples");
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, rank - 1)];
  }

  public long max() {
    return percentile(100);
  }
}
