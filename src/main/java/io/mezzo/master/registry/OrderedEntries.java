package io.mezzo.master.registry;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.TreePMap;

/**
 * An immutable map from id to entry that remembers the order entries were first added in (each
 * entry's ordinal), with O(log n) look-up, replacement and removal: every change returns a new map
 * that shares all but O(log n) nodes with the old one. The registry keeps its agents and frameworks
 * in these, so admitting one agent into 50,000 copies nothing, and the order (which views list and
 * pruning relies on) survives a restart because ordinals are stored with the entries.
 *
 * @param <V> the entry
 */
final class OrderedEntries<V> {
  private static final OrderedEntries<?> EMPTY =
      new OrderedEntries<>(HashTreePMap.empty(), TreePMap.empty(), 0);
  private final PMap<String, Long> ordinals;
  private final TreePMap<Long, V> byOrdinal;
  private final long nextOrdinal;

  private OrderedEntries(PMap<String, Long> ordinals, TreePMap<Long, V> byOrdinal, long next) {
    this.ordinals = ordinals;
    this.byOrdinal = byOrdinal;
    this.nextOrdinal = next;
  }

  @SuppressWarnings("unchecked")
  static <V> OrderedEntries<V> empty() {
    return (OrderedEntries<V>) EMPTY;
  }

  /** The entries in list order; a later entry with the same id replaces an earlier one. */
  static <V> OrderedEntries<V> of(List<V> entries, Function<V, String> id) {
    OrderedEntries<V> out = empty();
    for (V v : entries == null ? List.<V>of() : entries) {
      out = out.with(id.apply(v), v);
    }
    return out;
  }

  /** The entries at their stored ordinals. */
  static <V> OrderedEntries<V> fromOrdinals(Map<Long, V> byOrdinal, Function<V, String> id) {
    OrderedEntries<V> out = empty();
    for (Map.Entry<Long, V> e : byOrdinal.entrySet()) {
      out = out.withOrdinal(id.apply(e.getValue()), e.getValue(), e.getKey());
    }
    return out;
  }

  V get(String id) {
    Long ordinal = ordinals.get(id);
    return ordinal == null ? null : byOrdinal.get(ordinal);
  }

  boolean contains(String id) {
    return ordinals.containsKey(id);
  }

  /** The entry's ordinal, or -1 if there is none. */
  long ordinal(String id) {
    return ordinals.getOrDefault(id, -1L);
  }

  /** With {@code id} set to {@code entry}; an existing id keeps its place. */
  OrderedEntries<V> with(String id, V entry) {
    Long ordinal = ordinals.get(id);
    if (ordinal != null) {
      return new OrderedEntries<>(ordinals, byOrdinal.plus(ordinal, entry), nextOrdinal);
    }
    return withOrdinal(id, entry, nextOrdinal);
  }

  /**
   * With {@code id} at {@code ordinal}, as it was stored; for loading.
   *
   * @throws IllegalArgumentException if the ordinal is taken or {@code id} is already there
   */
  OrderedEntries<V> withOrdinal(String id, V entry, long ordinal) {
    if (ordinals.containsKey(id) || byOrdinal.containsKey(ordinal)) {
      throw new IllegalArgumentException("entry " + id + " or ordinal " + ordinal + " twice");
    }
    return new OrderedEntries<>(
        ordinals.plus(id, ordinal),
        byOrdinal.plus(ordinal, entry),
        Math.max(nextOrdinal, ordinal + 1));
  }

  OrderedEntries<V> without(String id) {
    Long ordinal = ordinals.get(id);
    if (ordinal == null) {
      return this;
    }
    return new OrderedEntries<>(ordinals.minus(id), byOrdinal.minus(ordinal), nextOrdinal);
  }

  int size() {
    return ordinals.size();
  }

  /** The entries in order; a view, O(1) to make. */
  Collection<V> values() {
    return byOrdinal.values();
  }

  /** The entries in order as an immutable list: O(n) to make. */
  List<V> asList() {
    return List.copyOf(byOrdinal.values());
  }

  /** The entries by ordinal, in order. */
  Map<Long, V> byOrdinal() {
    return byOrdinal;
  }
}
