package io.mezzo.master.allocator;

import java.util.Arrays;

/**
 * A growable bit set over small non-negative indexes (framework indexes), with the two word-wise
 * operations the allocation run needs and java.util.BitSet would make it allocate for.
 */
final class IndexBits {
  private long[] words = new long[1];
  private int count;

  boolean get(int i) {
    int w = i >>> 6;
    return w < words.length && (words[w] & (1L << i)) != 0;
  }

  void set(int i) {
    int w = i >>> 6;
    if (w >= words.length) {
      words = Arrays.copyOf(words, Math.max(w + 1, words.length * 2));
    }
    if ((words[w] & (1L << i)) == 0) {
      words[w] |= 1L << i;
      count++;
    }
  }

  void clear(int i) {
    int w = i >>> 6;
    if (w < words.length && (words[w] & (1L << i)) != 0) {
      words[w] &= ~(1L << i);
      count--;
    }
  }

  void clearAll() {
    if (count > 0) {
      Arrays.fill(words, 0L);
      count = 0;
    }
  }

  int count() {
    return count;
  }

  /** How many indexes are in this set but not in {@code other}. */
  int countAndNot(IndexBits other) {
    if (other.count == 0) {
      return count;
    }
    int n = 0;
    for (int w = 0; w < words.length; w++) {
      long o = w < other.words.length ? other.words[w] : 0L;
      n += Long.bitCount(words[w] & ~o);
    }
    return n;
  }

  /** The smallest index {@code >= from} in this set but not in {@code other}, or -1. */
  int nextSetAndNot(IndexBits other, int from) {
    int w = from >>> 6;
    if (w >= words.length) {
      return -1;
    }
    long m = (words[w] & ~(w < other.words.length ? other.words[w] : 0L)) & (-1L << from);
    while (true) {
      if (m != 0) {
        return (w << 6) + Long.numberOfTrailingZeros(m);
      }
      if (++w >= words.length) {
        return -1;
      }
      m = words[w] & ~(w < other.words.length ? other.words[w] : 0L);
    }
  }

  /** The smallest index {@code >= from} in both this set and {@code other}, or -1. */
  int nextSetAnd(IndexBits other, int from) {
    int w = from >>> 6;
    int n = Math.min(words.length, other.words.length);
    if (w >= n) {
      return -1;
    }
    long m = words[w] & other.words[w] & (-1L << from);
    while (true) {
      if (m != 0) {
        return (w << 6) + Long.numberOfTrailingZeros(m);
      }
      if (++w >= n) {
        return -1;
      }
      m = words[w] & other.words[w];
    }
  }
}
