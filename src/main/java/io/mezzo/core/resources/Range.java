package io.mezzo.core.resources;

/**
 * An inclusive range of non-negative integers, as in Mesos {@code Value.Range} ({@code
 * 31000-32000}).
 *
 * @param begin first value, {@code >= 0}
 * @param end last value, {@code >= begin}
 */
public record Range(long begin, long end) implements Comparable<Range> {

  public Range {
    if (begin < 0) {
      throw new IllegalArgumentException("range " + begin + "-" + end + " has a negative bound");
    }
    if (begin > end) {
      throw new IllegalArgumentException("range " + begin + "-" + end + " has begin > end");
    }
  }

  /** A range holding the single value {@code value}. */
  public static Range of(long value) {
    return new Range(value, value);
  }

  /** Number of values in the range. */
  public long size() {
    return end - begin + 1;
  }

  @Override
  public int compareTo(Range other) {
    int c = Long.compare(begin, other.begin);
    return c != 0 ? c : Long.compare(end, other.end);
  }

  @Override
  public String toString() {
    return begin + "-" + end;
  }
}
