package io.mezzo.master.allocator;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The skip reasons of the last allocation run: every skip is counted by code, and the first {@code
 * capacity} are kept in full. Keeping only the first ones bounds memory and keeps the hot loop from
 * building messages nobody will read on a 10,000-agent cluster; {@link
 * HierarchicalDrfAllocator#explain} answers for any one framework and agent.
 */
final class DecisionLog {
  private final int capacity;
  private final int[] counts = new int[SkipReason.Code.values().length];
  private List<SkipReason> entries = new ArrayList<>();

  DecisionLog(int capacity) {
    this.capacity = capacity;
  }

  void startRun() {
    entries = new ArrayList<>();
    java.util.Arrays.fill(counts, 0);
  }

  /** Whether a reason given now would be kept in full (so it is worth building its detail). */
  boolean keeping() {
    return entries.size() < capacity;
  }

  void count(SkipReason.Code code, int n) {
    counts[code.ordinal()] += n;
  }

  void add(SkipReason reason) {
    counts[reason.code().ordinal()]++;
    if (entries.size() < capacity) {
      entries.add(reason);
    }
  }

  List<SkipReason> entries() {
    return List.copyOf(entries);
  }

  Map<SkipReason.Code, Integer> counts() {
    Map<SkipReason.Code, Integer> map = new EnumMap<>(SkipReason.Code.class);
    for (SkipReason.Code code : SkipReason.Code.values()) {
      if (counts[code.ordinal()] > 0) {
        map.put(code, counts[code.ordinal()]);
      }
    }
    return map;
  }
}
