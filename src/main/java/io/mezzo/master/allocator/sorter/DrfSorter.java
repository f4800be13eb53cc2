package io.mezzo.master.allocator.sorter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Weighted Dominant Resource Fairness: active clients in ascending order of their weighted dominant
 * share (max over scalar resource names of allocated / total, divided by weight), ties broken by
 * client name.
 *
 * <p>Unlike Mesos, which re-sorts every client after any change, the active clients live in a tree
 * keyed by (share, name): an allocation moves one client in O(log n), and {@link #forEachInOrder}
 * walks the tree without copying. Only a change of the cluster total, which changes every share,
 * rebuilds the tree, lazily on the next read.
 */
public final class DrfSorter extends ClientSorter {

  private static final Comparator<Client> BY_SHARE_THEN_NAME =
      Comparator.<Client>comparingDouble(c -> c.share).thenComparing(c -> c.name);

  private final TreeSet<Client> order = new TreeSet<>(BY_SHARE_THEN_NAME);
  private boolean stale;

  @Override
  void beforeChange(Client c) {
    if (!stale && c.active) {
      order.remove(c);
    }
  }

  @Override
  void afterChange(Client c) {
    if (!stale && c.active) {
      order.add(c);
    }
  }

  @Override
  void totalsChanged() {
    stale = true;
  }

  private void refresh() {
    if (stale) {
      recomputeShares();
      order.clear();
      for (Client c : clients.values()) {
        if (c.active) {
          order.add(c);
        }
      }
      stale = false;
    }
  }

  @Override
  public List<String> sort() {
    refresh();
    List<String> out = new ArrayList<>(order.size());
    for (Client c : order) {
      out.add(c.name);
    }
    return out;
  }

  @Override
  public void forEachInOrder(Predicate<? super String> visitor) {
    refresh();
    for (Client c : order) {
      if (!visitor.test(c.name)) {
        return;
      }
    }
  }

  @Override
  public String firstOf(List<String> candidates) {
    refresh();
    Client best = null;
    for (int i = 0, n = candidates.size(); i < n; i++) {
      Client c = client(candidates.get(i));
      if (c.active && (best == null || BY_SHARE_THEN_NAME.compare(c, best) < 0)) {
        best = c;
      }
    }
    return best == null ? null : best.name;
  }

  @Override
  public double dominantShare(String name) {
    refresh();
    return client(name).share;
  }
}
