package io.mezzo.core.resources;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The value of one resource, with Mesos semantics: a fixed-point {@link Scalar}, a set of integer
 * {@link Ranges} or a set of strings ({@link Items}, Mesos {@code SET}).
 *
 * <p>Values are immutable. Arithmetic is only defined between values of the same type: {@link #add}
 * and {@link #subtract} throw {@link IllegalArgumentException} on mixed types, {@link #contains}
 * answers {@code false}. {@link #toString()} prints the Mesos text syntax ({@code 2.5}, {@code
 * [31000-32000,33000-33005]}, {@code {a,b}}).
 */
public sealed interface ResourceValue
    permits ResourceValue.Scalar, ResourceValue.Ranges, ResourceValue.Items {

  /** The sum of this and {@code other}; throws {@link IllegalArgumentException} on mixed types. */
  ResourceValue add(ResourceValue other);

  /**
   * This minus {@code other}; throws {@link IllegalArgumentException} on mixed types or when this
   * does not {@link #contains} {@code other} (resources never go negative).
   */
  ResourceValue subtract(ResourceValue other);

  /**
   * Whether {@code other} is of the same type and no larger than this (subset for ranges/items).
   */
  boolean contains(ResourceValue other);

  /**
   * Whether the value is zero or an empty set; empty values never appear inside {@link Resources}.
   */
  boolean isEmpty();

  /** A short name of the Mesos value type: {@code SCALAR}, {@code RANGES} or {@code SET}. */
  String typeName();

  private static IllegalArgumentException mismatch(String op, ResourceValue a, ResourceValue b) {
    return new IllegalArgumentException(
        "cannot "
            + op
            + " a "
            + b.typeName()
            + " value ("
            + b
            + ") and a "
            + a.typeName()
            + " value ("
            + a
            + ")");
  }

  private static IllegalArgumentException notContained(ResourceValue a, ResourceValue b) {
    return new IllegalArgumentException("cannot subtract " + b + " from " + a + ": not contained");
  }

  /**
   * A scalar with three decimal digits, stored exactly as thousandths ({@code millis}), the way
   * Mesos stores scalars since 1.0. Never negative.
   */
  record Scalar(long millis) implements ResourceValue {

    /** The largest scalar, in whole units, that fits the fixed-point representation. */
    public static final double MAX = Long.MAX_VALUE / 1000d;

    public Scalar {
      if (millis < 0) {
        throw new IllegalArgumentException("scalar " + millis / 1000d + " is negative");
      }
    }

    /**
     * The scalar nearest to {@code value} at three decimal digits (Mesos rounds the same way).
     *
     * @throws IllegalArgumentException for NaN, infinite, negative or too large values
     */
    public static Scalar of(double value) {
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("scalar " + value + " is not a finite number");
      }
      if (value < 0) {
        throw new IllegalArgumentException("scalar " + value + " is negative");
      }
      if (value >= MAX) {
        throw new IllegalArgumentException("scalar " + value + " is too large");
      }
      return new Scalar(Math.round(value * 1000d));
    }

    /**
     * Parses a non-negative decimal such as {@code 4}, {@code 0.5} or {@code 1e3}, rounding exactly
     * (half up) to three decimal digits.
     *
     * @throws IllegalArgumentException naming {@code text} if it is not such a number
     */
    public static Scalar parse(String text) {
      String t = text.strip();
      if (!isNumber(t)) {
        throw new IllegalArgumentException("'" + text + "' is not a non-negative number");
      }
      try {
        BigDecimal millis = new BigDecimal(t).setScale(3, RoundingMode.HALF_UP).movePointRight(3);
        return new Scalar(millis.longValueExact());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("'" + text + "' is too large for a scalar");
      }
    }

    /** Whether {@code t} is an unsigned decimal number (optionally with an exponent). */
    static boolean isNumber(String t) {
      int i = 0;
      int n = t.length();
      if (i < n && t.charAt(i) == '+') {
        i++;
      }
      int digits = 0;
      while (i < n && Character.isDigit(t.charAt(i))) {
        i++;
        digits++;
      }
      if (i < n && t.charAt(i) == '.') {
        i++;
        while (i < n && Character.isDigit(t.charAt(i))) {
          i++;
          digits++;
        }
      }
      if (digits == 0) {
        return false;
      }
      if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
        i++;
        if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
          i++;
        }
        int exp = 0;
        while (i < n && Character.isDigit(t.charAt(i))) {
          i++;
          exp++;
        }
        if (exp == 0) {
          return false;
        }
      }
      return i == n;
    }

    /** The value as a double (exact to the three decimal digits it holds). */
    public double value() {
      return millis / 1000d;
    }

    @Override
    public ResourceValue add(ResourceValue other) {
      if (other instanceof Scalar s) {
        return new Scalar(Math.addExact(millis, s.millis));
      }
      throw mismatch("add", this, other);
    }

    @Override
    public ResourceValue subtract(ResourceValue other) {
      if (other instanceof Scalar s) {
        if (s.millis > millis) {
          throw notContained(this, other);
        }
        return new Scalar(millis - s.millis);
      }
      throw mismatch("subtract", this, other);
    }

    @Override
    public boolean contains(ResourceValue other) {
      return other instanceof Scalar s && s.millis <= millis;
    }

    @Override
    public boolean isEmpty() {
      return millis == 0;
    }

    @Override
    public String typeName() {
      return "SCALAR";
    }

    @Override
    public String toString() {
      long whole = millis / 1000;
      int frac = (int) (millis % 1000);
      if (frac == 0) {
        return Long.toString(whole);
      }
      StringBuilder sb = new StringBuilder(24).append(whole).append('.');
      if (frac < 100) {
        sb.append('0');
      }
      if (frac < 10) {
        sb.append('0');
      }
      while (frac % 10 == 0) {
        frac /= 10;
      }
      return sb.append(frac).toString();
    }
  }

  /**
   * A normalised set of inclusive integer ranges: sorted, with overlapping and adjacent ranges
   * merged ({@code [1-2,3-4]} becomes {@code [1-4]}), as Mesos keeps port ranges.
   */
  record Ranges(List<Range> ranges) implements ResourceValue {

    private static final Ranges EMPTY = new Ranges(new Normalised(new Range[0]));

    /** Normalises (sorts and merges) the given ranges and keeps an immutable copy. */
    public Ranges {
      ranges = normalise(ranges);
    }

    public static Ranges of(Range... ranges) {
      return new Ranges(Arrays.asList(ranges));
    }

    public static Ranges empty() {
      return EMPTY;
    }

    /** Total number of values in all ranges. */
    public long size() {
      long n = 0;
      for (Range r : ranges) {
        n += r.size();
      }
      return n;
    }

    @Override
    public ResourceValue add(ResourceValue other) {
      if (!(other instanceof Ranges o)) {
        throw mismatch("add", this, other);
      }
      if (o.ranges.isEmpty()) {
        return this;
      }
      if (ranges.isEmpty()) {
        return o;
      }
      Range[] a = array(ranges);
      Range[] b = array(o.ranges);
      Range[] merged = new Range[a.length + b.length];
      int i = 0;
      int j = 0;
      int k = 0;
      while (i < a.length || j < b.length) {
        Range next =
            (j >= b.length || (i < a.length && a[i].begin() <= b[j].begin())) ? a[i++] : b[j++];
        if (k > 0 && next.begin() <= merged[k - 1].end() + 1) {
          if (next.end() > merged[k - 1].end()) {
            merged[k - 1] = new Range(merged[k - 1].begin(), next.end());
          }
        } else {
          merged[k++] = next;
        }
      }
      return new Ranges(new Normalised(k == merged.length ? merged : Arrays.copyOf(merged, k)));
    }

    @Override
    public ResourceValue subtract(ResourceValue other) {
      if (!(other instanceof Ranges o)) {
        throw mismatch("subtract", this, other);
      }
      if (!contains(o)) {
        throw notContained(this, other);
      }
      if (o.ranges.isEmpty()) {
        return this;
      }
      Range[] a = array(ranges);
      Range[] b = array(o.ranges);
      List<Range> out = new ArrayList<>(a.length + b.length);
      int j = 0;
      for (Range r : a) {
        long begin = r.begin();
        long end = r.end();
        // Skip removed ranges wholly before this one; they were inside an earlier range.
        while (j < b.length && b[j].end() < begin) {
          j++;
        }
        int jj = j;
        while (jj < b.length && b[jj].begin() <= end) {
          if (b[jj].begin() > begin) {
            out.add(new Range(begin, b[jj].begin() - 1));
          }
          begin = b[jj].end() + 1;
          jj++;
        }
        j = jj;
        if (begin <= end) {
          out.add(begin == r.begin() ? r : new Range(begin, end));
        }
      }
      return new Ranges(new Normalised(out.toArray(new Range[0])));
    }

    @Override
    public boolean contains(ResourceValue other) {
      if (!(other instanceof Ranges o)) {
        return false;
      }
      List<Range> a = ranges;
      List<Range> b = o.ranges;
      int i = 0;
      // Both lists are normalised, so each range of b must fit inside a single range of a.
      for (int j = 0, n = b.size(); j < n; j++) {
        Range r = b.get(j);
        while (i < a.size() && a.get(i).end() < r.begin()) {
          i++;
        }
        if (i == a.size() || a.get(i).begin() > r.begin() || a.get(i).end() < r.end()) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean isEmpty() {
      return ranges.isEmpty();
    }

    /** Compares the normalised arrays directly; List.equals would allocate iterators. */
    @Override
    public boolean equals(Object o) {
      return o instanceof Ranges r && Arrays.equals(array(ranges), array(r.ranges));
    }

    /** The same value as {@code ranges.hashCode()} (List's formula), without an iterator. */
    @Override
    public int hashCode() {
      return Arrays.hashCode(array(ranges));
    }

    @Override
    public String typeName() {
      return "RANGES";
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder().append('[');
      for (int i = 0; i < ranges.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        Range r = ranges.get(i);
        sb.append(r.begin()).append('-').append(r.end());
      }
      return sb.append(']').toString();
    }

    private static Range[] array(List<Range> normalised) {
      return ((Normalised) normalised).ranges;
    }

    private static List<Range> normalise(List<Range> input) {
      if (input instanceof Normalised) {
        return input;
      }
      Range[] sorted = input.toArray(new Range[0]);
      for (Range r : sorted) {
        if (r == null) {
          throw new NullPointerException("null range in " + input);
        }
      }
      Arrays.sort(sorted);
      int k = 0;
      for (Range r : sorted) {
        if (k > 0 && r.begin() <= sorted[k - 1].end() + 1) {
          if (r.end() > sorted[k - 1].end()) {
            sorted[k - 1] = new Range(sorted[k - 1].begin(), r.end());
          }
        } else {
          sorted[k++] = r;
        }
      }
      return new Normalised(k == sorted.length ? sorted : Arrays.copyOf(sorted, k));
    }

    /**
     * An immutable list that is known to be normalised, so the constructor need not re-check it.
     */
    private static final class Normalised extends AbstractList<Range> implements RandomAccess {
      private final Range[] ranges;

      Normalised(Range[] ranges) {
        this.ranges = ranges;
      }

      @Override
      public Range get(int index) {
        return ranges[index];
      }

      @Override
      public int size() {
        return ranges.length;
      }
    }
  }

  /** A set of strings (Mesos {@code SET}), kept sorted and immutable. */
  record Items(SortedSet<String> items) implements ResourceValue {

    /** Keeps an immutable, naturally ordered copy of {@code items}. */
    public Items {
      items = copy(items);
    }

    public static Items of(String... items) {
      return new Items(new TreeSet<>(Arrays.asList(items)));
    }

    @Override
    public ResourceValue add(ResourceValue other) {
      if (!(other instanceof Items o)) {
        throw mismatch("add", this, other);
      }
      TreeSet<String> union = new TreeSet<>(items);
      union.addAll(o.items);
      return new Items(union);
    }

    @Override
    public ResourceValue subtract(ResourceValue other) {
      if (!(other instanceof Items o)) {
        throw mismatch("subtract", this, other);
      }
      if (!contains(o)) {
        throw notContained(this, other);
      }
      TreeSet<String> rest = new TreeSet<>(items);
      rest.removeAll(o.items);
      return new Items(rest);
    }

    @Override
    public boolean contains(ResourceValue other) {
      return other instanceof Items o && items.containsAll(o.items);
    }

    @Override
    public boolean isEmpty() {
      return items.isEmpty();
    }

    @Override
    public String typeName() {
      return "SET";
    }

    @Override
    public String toString() {
      return "{" + String.join(",", items) + "}";
    }

    private static SortedSet<String> copy(Collection<String> items) {
      TreeSet<String> copy = new TreeSet<>();
      for (String item : items) {
        if (item == null) {
          throw new NullPointerException("null item in " + items);
        }
        copy.add(item);
      }
      return Collections.unmodifiableSortedSet(copy);
    }
  }
}
