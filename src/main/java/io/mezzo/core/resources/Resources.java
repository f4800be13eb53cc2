package io.mezzo.core.resources;

import io.mezzo.core.resources.ResourceValue.Items;
import io.mezzo.core.resources.ResourceValue.Ranges;
import io.mezzo.core.resources.ResourceValue.Scalar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * An immutable bag of resources with Mesos semantics: a map from {@link ResourceKey} (name and
 * reservation role) to a non-empty {@link ResourceValue}. All values of one resource name share one
 * type, whatever their roles.
 *
 * <p>The text form is the agent {@code --resources} syntax, {@code
 * cpus:4;mem:8192;ports:[31000-32000];bugs(debug):{a,b}}; {@link #parse} reads it and {@link
 * #toString()} writes it back (entries sorted by name, then role), so the two round-trip.
 *
 * <p>The allocator calls {@link #plus}, {@link #minus} and {@link #contains} in its hot loop, so
 * the entries live in two parallel arrays sorted by key and those operations are single merge
 * passes without streams or intermediate maps.
 */
public final class Resources {

  private static final ResourceKey[] NO_KEYS = new ResourceKey[0];
  private static final ResourceValue[] NO_VALUES = new ResourceValue[0];
  private static final Resources EMPTY = new Resources(NO_KEYS, NO_VALUES);

  private final ResourceKey[] keys;
  private final ResourceValue[] values;
  private final boolean hasReserved;
  private final boolean hasRefined;
  private int hash;

  /** Trusts that the arrays are sorted by key, hold no empty value and are never modified. */
  private Resources(ResourceKey[] keys, ResourceValue[] values) {
    this.keys = keys;
    this.values = values;
    boolean reserved = false;
    boolean refined = false;
    for (ResourceKey k : keys) {
      reserved |= k.isReserved();
      refined |= k.reservations().isRefined();
    }
    this.hasReserved = reserved;
    this.hasRefined = refined;
  }

  public static Resources empty() {
    return EMPTY;
  }

  /**
   * Parses the agent {@code --resources} syntax: {@code name(role):value} entries separated by
   * {@code ;}, where the role defaults to {@code *} and the value is a scalar ({@code 2.5}), ranges
   * ({@code [31000-32000,33000-33005]}) or a set ({@code {a,b}}). Repeated entries of one type are
   * added up, as Mesos does. The empty string is {@link #empty()}.
   *
   * @throws IllegalArgumentException naming the offending entry: malformed syntax, negative, NaN or
   *     infinite scalars, malformed ranges or begin &gt; end, invalid names or roles, or one name
   *     used with two value types
   */
  public static Resources parse(String text) {
    return ResourceSyntax.parse(text);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The sum of this and {@code other}; throws {@link IllegalArgumentException} on type clashes. */
  public Resources plus(Resources other) {
    if (other.keys.length == 0) {
      return this;
    }
    if (keys.length == 0) {
      return other;
    }
    ResourceKey[] a = keys;
    ResourceKey[] b = other.keys;
    ResourceKey[] outKeys = new ResourceKey[a.length + b.length];
    ResourceValue[] outValues = new ResourceValue[a.length + b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length || j < b.length) {
      int c = i == a.length ? 1 : j == b.length ? -1 : a[i].compareTo(b[j]);
      ResourceKey key;
      ResourceValue value;
      if (c < 0) {
        key = a[i];
        value = values[i++];
      } else if (c > 0) {
        key = b[j];
        value = other.values[j++];
      } else {
        key = a[i];
        value = values[i++].add(other.values[j++]);
      }
      if (k > 0
          && outKeys[k - 1].name().equals(key.name())
          && outValues[k - 1].getClass() != value.getClass()) {
        throw typeClash(key, outValues[k - 1], value);
      }
      outKeys[k] = key;
      outValues[k++] = value;
    }
    return of(outKeys, outValues, k);
  }

  /**
   * This minus {@code other}.
   *
   * @throws IllegalArgumentException if this does not {@link #contains} {@code other}
   */
  public Resources minus(Resources other) {
    if (other.keys.length == 0) {
      return this;
    }
    if (other == this || equals(other)) {
      // Taking everything there is: the common case for an offer of a whole agent or its decline.
      return EMPTY;
    }
    ResourceKey[] outKeys = new ResourceKey[keys.length];
    ResourceValue[] outValues = new ResourceValue[keys.length];
    int j = 0;
    int k = 0;
    ResourceKey[] b = other.keys;
    for (int i = 0; i < keys.length; i++) {
      int c = j == b.length ? -1 : keys[i].compareTo(b[j]);
      if (c > 0) {
        throw notContained(other);
      }
      ResourceValue value = values[i];
      if (c == 0) {
        if (!value.contains(other.values[j])) {
          throw notContained(other);
        }
        value = value.subtract(other.values[j++]);
        if (value.isEmpty()) {
          continue;
        }
      }
      outKeys[k] = keys[i];
      outValues[k++] = value;
    }
    if (j < b.length) {
      throw notContained(other);
    }
    return of(outKeys, outValues, k);
  }

  /** Whether every entry of {@code other} is contained in this entry with the same key. */
  public boolean contains(Resources other) {
    ResourceKey[] b = other.keys;
    if (b.length > keys.length) {
      return false;
    }
    int i = 0;
    for (int j = 0; j < b.length; j++) {
      while (i < keys.length && keys[i].compareTo(b[j]) < 0) {
        i++;
      }
      if (i == keys.length
          || keys[i].compareTo(b[j]) != 0
          || !values[i].contains(other.values[j])) {
        return false;
      }
      i++;
    }
    return true;
  }

  /**
   * The largest resources contained in both this and {@code other}: per key, the smaller scalar or
   * the common part of ranges and sets.
   */
  public Resources intersect(Resources other) {
    ResourceKey[] outKeys = new ResourceKey[Math.min(keys.length, other.keys.length)];
    ResourceValue[] outValues = new ResourceValue[outKeys.length];
    int k = 0;
    int j = 0;
    for (int i = 0; i < keys.length && j < other.keys.length; i++) {
      while (j < other.keys.length && other.keys[j].compareTo(keys[i]) < 0) {
        j++;
      }
      if (j < other.keys.length && other.keys[j].compareTo(keys[i]) == 0) {
        ResourceValue common = commonPart(values[i], other.values[j]);
        if (common != null && !common.isEmpty()) {
          outKeys[k] = keys[i];
          outValues[k++] = common;
        }
      }
    }
    return of(outKeys, outValues, k);
  }

  private static ResourceValue commonPart(ResourceValue a, ResourceValue b) {
    if (a instanceof Scalar x && b instanceof Scalar y) {
      return x.millis() <= y.millis() ? x : y;
    }
    if (a.contains(b)) {
      return b;
    }
    if (b.contains(a)) {
      return a;
    }
    if (a instanceof Ranges x && b instanceof Ranges y) {
      // Both lists are sorted and merged, so the common part is the overlap of each pair of ranges
      // that meet; a merge walk visits each such pair once.
      List<Range> common = new ArrayList<>();
      int j = 0;
      for (Range r : x.ranges()) {
        while (j < y.ranges().size() && y.ranges().get(j).end() < r.begin()) {
          j++;
        }
        for (int jj = j; jj < y.ranges().size() && y.ranges().get(jj).begin() <= r.end(); jj++) {
          Range s = y.ranges().get(jj);
          common.add(new Range(Math.max(r.begin(), s.begin()), Math.min(r.end(), s.end())));
        }
      }
      return new Ranges(common);
    }
    if (a instanceof Items x && b instanceof Items y) {
      TreeSet<String> common = new TreeSet<>(x.items());
      common.retainAll(y.items());
      return new Items(common);
    }
    return null;
  }

  public boolean isEmpty() {
    return keys.length == 0;
  }

  /** Number of entries (keys). */
  public int size() {
    return keys.length;
  }

  /** The sum over all roles of the scalar resource {@code name}, 0 if absent or not a scalar. */
  public double scalar(String name) {
    return scalarMillis(name) / 1000d;
  }

  /** Like {@link #scalar} but exact, in thousandths. */
  public long scalarMillis(String name) {
    long sum = 0;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].name().equals(name) && values[i] instanceof Scalar s) {
        sum += s.millis();
      }
    }
    return sum;
  }

  public Optional<ResourceValue> get(ResourceKey key) {
    int i = Arrays.binarySearch(keys, key);
    return i >= 0 ? Optional.of(values[i]) : Optional.empty();
  }

  /** The entries in key order, as an unmodifiable copy. */
  public Map<ResourceKey, ResourceValue> asMap() {
    Map<ResourceKey, ResourceValue> map = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      map.put(keys[i], values[i]);
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Key at position {@code i} in key order, for allocation-free iteration with {@link #valueAt}.
   */
  public ResourceKey keyAt(int i) {
    return keys[i];
  }

  public ResourceValue valueAt(int i) {
    return values[i];
  }

  /** The resource names present, sorted. */
  public Set<String> names() {
    TreeSet<String> names = new TreeSet<>();
    for (ResourceKey k : keys) {
      names.add(k.name());
    }
    return Collections.unmodifiableSet(names);
  }

  /** Whether any entry is reserved to a role. */
  public boolean hasReservations() {
    return hasReserved;
  }

  public Resources unreserved() {
    return hasReserved ? filter(k -> !k.isReserved()) : this;
  }

  /** Whether any entry refines a reservation (a stack of more than one). */
  public boolean hasRefinedReservations() {
    return hasRefined;
  }

  /** The entries whose stacks are at most one reservation deep. */
  public Resources withoutRefinedReservations() {
    return hasRefined ? filter(k -> !k.reservations().isRefined()) : this;
  }

  /** Only the entries whose effective role is {@code role} (none for {@code *}). */
  public Resources reservedTo(String role) {
    if (!hasReserved || ResourceKey.UNRESERVED.equals(role)) {
      return EMPTY;
    }
    return filter(k -> k.role().equals(role));
  }

  /**
   * What a framework in {@code role} may be offered: unreserved entries plus those reserved to it
   * or to one of its ancestors ({@code a} reservations are offered to {@code a/b}).
   */
  public Resources allocatableTo(String role) {
    if (!hasReserved) {
      return this;
    }
    return filter(k -> !k.isReserved() || ReservationStack.inSubtree(role, k.role()));
  }

  public Resources scalars() {
    return filter(i -> true, true);
  }

  public Resources filter(Predicate<ResourceKey> keep) {
    return filter(keep, false);
  }

  private Resources filter(Predicate<ResourceKey> keep, boolean scalarsOnly) {
    ResourceKey[] outKeys = new ResourceKey[keys.length];
    ResourceValue[] outValues = new ResourceValue[keys.length];
    int k = 0;
    for (int i = 0; i < keys.length; i++) {
      if (keep.test(keys[i]) && (!scalarsOnly || values[i] instanceof Scalar)) {
        outKeys[k] = keys[i];
        outValues[k++] = values[i];
      }
    }
    return k == keys.length ? this : of(outKeys, outValues, k);
  }

  private static Resources of(ResourceKey[] keys, ResourceValue[] values, int length) {
    if (length == 0) {
      return EMPTY;
    }
    if (length == keys.length) {
      return new Resources(keys, values);
    }
    return new Resources(Arrays.copyOf(keys, length), Arrays.copyOf(values, length));
  }

  private IllegalArgumentException notContained(Resources other) {
    return new IllegalArgumentException(
        "cannot subtract " + other + " from " + this + ": not contained");
  }

  private static IllegalArgumentException typeClash(
      ResourceKey key, ResourceValue a, ResourceValue b) {
    return new IllegalArgumentException(
        "resource '" + key.name() + "' is used as both " + a.typeName() + " and " + b.typeName());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Resources r
        && Arrays.equals(keys, r.keys)
        && Arrays.equals(values, r.values);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
      hash = h;
    }
    return h;
  }

  /** The agent {@code --resources} syntax, entries sorted by name then role; "" when empty. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < keys.length; i++) {
      if (i > 0) {
        sb.append(';');
      }
      sb.append(keys[i]).append(':').append(values[i]);
    }
    return sb.toString();
  }

  /** Accumulates entries, adding repeated keys; empty values are dropped at {@link #build()}. */
  public static final class Builder {
    private final TreeMap<ResourceKey, ResourceValue> entries = new TreeMap<>();

    private Builder() {}

    public Builder add(ResourceKey key, ResourceValue value) {
      entries.merge(key, value, ResourceValue::add);
      return this;
    }

    public Builder add(Resources resources) {
      for (int i = 0; i < resources.keys.length; i++) {
        add(resources.keys[i], resources.values[i]);
      }
      return this;
    }

    public Builder scalar(String name, double value) {
      return add(ResourceKey.of(name), Scalar.of(value));
    }

    public Builder scalar(String name, String role, double value) {
      return add(ResourceKey.of(name, role), Scalar.of(value));
    }

    public Builder ranges(String name, Range... ranges) {
      return add(ResourceKey.of(name), new Ranges(Arrays.asList(ranges)));
    }

    public Builder ranges(String name, String role, Range... ranges) {
      return add(ResourceKey.of(name, role), new Ranges(Arrays.asList(ranges)));
    }

    public Builder items(String name, String... items) {
      return add(ResourceKey.of(name), Items.of(items));
    }

    /** A set reserved to a role: {@code items(ResourceKey.of("bugs", "debug"), "a", "b")}. */
    public Builder items(ResourceKey key, String... items) {
      return add(key, Items.of(items));
    }

    /**
     * @throws IllegalArgumentException if one resource name was given values of two types
     */
    public Resources build() {
      ResourceKey[] keys = new ResourceKey[entries.size()];
      ResourceValue[] values = new ResourceValue[entries.size()];
      int k = 0;
      for (Map.Entry<ResourceKey, ResourceValue> e : entries.entrySet()) {
        if (e.getValue().isEmpty()) {
          continue;
        }
        if (k > 0
            && keys[k - 1].name().equals(e.getKey().name())
            && values[k - 1].getClass() != e.getValue().getClass()) {
          throw typeClash(e.getKey(), values[k - 1], e.getValue());
        }
        keys[k] = e.getKey();
        values[k++] = e.getValue();
      }
      return of(keys, values, k);
    }
  }
}
