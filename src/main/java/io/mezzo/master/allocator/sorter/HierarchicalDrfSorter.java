package io.mezzo.master.allocator.sorter;

import io.mezzo.core.resources.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Weighted DRF over a tree of roles (Mesos's hierarchical sorter): clients are role names whose
 * {@code /} separates levels, so {@code eng/web} and {@code eng/batch} are siblings under {@code
 * eng}. At every level the siblings are ordered by the weighted dominant share of their whole
 * subtree (the allocations of every client at or under them, divided by the weight set for that
 * node's path), ties by name, and the order descends depth first. A client at an internal node
 * ({@code eng} while {@code eng/web} exists) competes as a virtual leaf beside its children, with
 * its own allocation and the node's weight. A weight applies to the node of its path, whether or
 * not that path is a client itself.
 *
 * <pre>
 *   (root)
 *    ├── eng           weight w(eng); share = (eng + eng/web + eng/batch) / total / w(eng)
 *    │    ├── .        the client "eng" itself, weight w(eng)
 *    │    ├── web      client "eng/web"
 *    │    └── batch    client "eng/batch"
 *    └── ops
 *         └── .        client "ops"
 * </pre>
 *
 * <p>Every path has an internal node and every client is the "." leaf under its path's node; a node
 * with only that leaf sorts exactly as the leaf would (same allocation, same weight), so this is
 * the order Mesos gives without its leaf/internal conversions. Each node keeps its children in a
 * tree keyed by (share, name): an allocation moves the client's node and its ancestors, O(depth ×
 * log siblings), and {@link #forEachInOrder} walks the trees without copying, skipping subtrees
 * with no active client. Only a change of the cluster total re-sorts everything, lazily.
 */
public final class HierarchicalDrfSorter implements Sorter {
  private static final String SELF = ".";
  private static final Comparator<Node> BY_SHARE_THEN_NAME =
      Comparator.<Node>comparingDouble(n -> n.share).thenComparing(n -> n.name);

  /** A role path's node, or a client's leaf ({@link #SELF}) under it. */
  private static final class Node {
    final String name;
    final String path;
    final Node parent;
    final TreeSet<Node> children = new TreeSet<>(BY_SHARE_THEN_NAME);
    final Map<String, Node> childByName = new HashMap<>(4);
    double weight;
    long[] allocated = new long[0];
    double share;
    boolean active;
    int activeLeaves;

    Node(String name, String path, Node parent, double weight) {
      this.name = name;
      this.path = path;
      this.parent = parent;
      this.weight = weight;
    }

    boolean leaf() {
      return SELF.equals(name);
    }
  }

  private final ShareLedger ledger = new ShareLedger();
  private final Node root = new Node("", "", null, 1.0);
  private final Map<String, Node> nodes = new HashMap<>();
  private final Map<String, Node> leaves = new HashMap<>();
  private final Map<String, Double> weights = new HashMap<>();
  private boolean stale;

  private Node leaf(String client) {
    Node n = leaves.get(client);
    if (n == null) {
      throw new IllegalArgumentException("unknown sorter client " + client);
    }
    return n;
  }

  /** The node of {@code path}, creating it and its ancestors as needed. */
  private Node node(String path) {
    Node n = nodes.get(path);
    if (n != null) {
      return n;
    }
    int slash = path.lastIndexOf('/');
    Node parent = slash < 0 ? root : node(path.substring(0, slash));
    n = new Node(path.substring(slash + 1), path, parent, weights.getOrDefault(path, 1.0));
    attach(parent, n);
    nodes.put(path, n);
    return n;
  }

  private void attach(Node parent, Node child) {
    parent.childByName.put(child.name, child);
    if (!stale) {
      parent.children.add(child);
    }
  }

  private void detach(Node child) {
    Node parent = child.parent;
    parent.childByName.remove(child.name);
    if (!stale) {
      parent.children.remove(child);
    }
  }

  @Override
  public void add(String client) {
    if (leaves.containsKey(client)) {
      throw new IllegalStateException("sorter client " + client + " already added");
    }
    Node at = node(client);
    Node leaf = new Node(SELF, client, at, at.weight);
    leaf.share = 0;
    attach(at, leaf);
    leaves.put(client, leaf);
    setActive(leaf, true);
  }

  @Override
  public void remove(String client) {
    Node leaf = leaves.remove(client);
    if (leaf == null) {
      return;
    }
    setActive(leaf, false);
    charge(leaf, negate(leaf.allocated));
    detach(leaf);
    // Drop the nodes left without a client under them.
    for (Node n = leaf.parent; n != root && n.childByName.isEmpty(); n = n.parent) {
      detach(n);
      nodes.remove(n.path);
    }
  }

  @Override
  public boolean contains(String client) {
    return leaves.containsKey(client);
  }

  @Override
  public void activate(String client) {
    setActive(leaf(client), true);
  }

  @Override
  public void deactivate(String client) {
    setActive(leaf(client), false);
  }

  private static void setActive(Node leaf, boolean active) {
    if (leaf.active == active) {
      return;
    }
    leaf.active = active;
    int delta = active ? 1 : -1;
    for (Node n = leaf; n != null; n = n.parent) {
      n.activeLeaves += delta;
    }
  }

  @Override
  public void allocated(String client, String agentId, Resources resources) {
    Node leaf = leaf(client);
    charge(leaf, ledger.apply(new long[0], resources, 1, client));
  }

  @Override
  public void unallocated(String client, String agentId, Resources resources) {
    Node leaf = leaf(client);
    long[] delta = ledger.apply(new long[0], resources, 1, client);
    for (int i = 0; i < delta.length; i++) {
      if (delta[i] > 0 && (i >= leaf.allocated.length || leaf.allocated[i] < delta[i])) {
        throw new IllegalArgumentException(
            "sorter client " + client + " holds less than " + resources);
      }
    }
    charge(leaf, negate(delta));
  }

  private static long[] negate(long[] q) {
    long[] out = new long[q.length];
    for (int i = 0; i < q.length; i++) {
      out[i] = -q[i];
    }
    return out;
  }

  /** Adds {@code delta} to the leaf and every ancestor, moving each among its siblings. */
  private void charge(Node leaf, long[] delta) {
    for (Node n = leaf; n != root; n = n.parent) {
      if (!stale) {
        n.parent.children.remove(n);
      }
      n.allocated = plus(n.allocated, delta);
      n.share = ledger.share(n.allocated, n.weight);
      if (!stale) {
        n.parent.children.add(n);
      }
    }
  }

  private static long[] plus(long[] a, long[] delta) {
    long[] out = a.length >= delta.length ? a : java.util.Arrays.copyOf(a, delta.length);
    for (int i = 0; i < delta.length; i++) {
      out[i] += delta[i];
    }
    return out;
  }

  @Override
  public void addTotal(String agentId, Resources resources) {
    ledger.addTotal(resources);
    stale = true;
  }

  @Override
  public void removeTotal(String agentId, Resources resources) {
    ledger.removeTotal(resources);
    stale = true;
  }

  @Override
  public void setWeight(String path, double weight) {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "weight of " + path + " must be positive and finite, not " + weight);
    }
    weights.put(path, weight);
    Node n = nodes.get(path);
    if (n != null) {
      reweigh(n, weight);
      Node self = n.childByName.get(SELF);
      if (self != null) {
        reweigh(self, weight);
      }
    }
  }

  private void reweigh(Node n, double weight) {
    if (!stale) {
      n.parent.children.remove(n);
    }
    n.weight = weight;
    n.share = ledger.share(n.allocated, n.weight);
    if (!stale) {
      n.parent.children.add(n);
    }
  }

  /** After the totals changed: every share is recomputed and every level re-sorted. */
  private void refresh() {
    if (stale) {
      rebuild(root);
      stale = false;
    }
  }

  private void rebuild(Node n) {
    n.children.clear();
    for (Node c : n.childByName.values()) {
      c.share = ledger.share(c.allocated, c.weight);
      rebuild(c);
      n.children.add(c);
    }
  }

  @Override
  public List<String> sort() {
    List<String> out = new ArrayList<>(leaves.size());
    forEachInOrder(
        c -> {
          out.add(c);
          return true;
        });
    return out;
  }

  @Override
  public void forEachInOrder(Predicate<? super String> visitor) {
    refresh();
    walk(root, visitor);
  }

  /** Visits the active clients under {@code n} in order; false once the visitor stopped. */
  private static boolean walk(Node n, Predicate<? super String> visitor) {
    for (Node c : n.children) {
      if (c.activeLeaves == 0) {
        continue;
      }
      // A role without sub-roles (the common case) is visited without walking its one leaf.
      boolean justItself = c.leaf() || c.childByName.size() == 1 && c.childByName.containsKey(SELF);
      if (justItself ? !visitor.test(c.path) : !walk(c, visitor)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String firstOf(List<String> candidates) {
    if (candidates.isEmpty()) {
      return null;
    }
    Set<String> wanted = new HashSet<>(candidates);
    String[] found = new String[1];
    forEachInOrder(
        c -> {
          if (wanted.contains(c)) {
            found[0] = c;
            return false;
          }
          return true;
        });
    return found[0];
  }

  /** The client's own weighted dominant share (its leaf's, not its subtree's). */
  @Override
  public double dominantShare(String client) {
    refresh();
    return leaf(client).share;
  }

  /**
   * The weighted dominant share of everything allocated at or under {@code path} (what orders it
   * among its siblings), 0 for a path with no client under it.
   */
  public double subtreeShare(String path) {
    refresh();
    Node n = nodes.get(path);
    return n == null ? 0.0 : n.share;
  }
}
