package io.mezzo.framework.jobs.graph;

import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map from names to values kept in name order, where a change copies only the path to
 * the changed entry (O(log n) expected) and shares the rest with the previous version. It lets
 * {@link JobGraph} stay immutable without copying its whole index, or a parent's 10,000 children,
 * on every change.
 *
 * <p>A treap: a binary search tree by name that is also a heap by a priority hashed from the name,
 * which keeps it balanced in expectation whatever the insertion order (job names usually arrive
 * sorted, which would degrade a plain tree to a list). Recursion depth is the tree depth, so O(log
 * n).
 */
final class PersistentTreap<V> {
  private static final PersistentTreap<?> EMPTY = new PersistentTreap<>(null);

  private record Node<V>(String key, V value, int priority, Node<V> left, Node<V> right, int size) {
    static <V> Node<V> of(String key, V value, int priority, Node<V> left, Node<V> right) {
      return new Node<>(key, value, priority, left, right, 1 + sizeOf(left) + sizeOf(right));
    }

    Node<V> withChildren(Node<V> newLeft, Node<V> newRight) {
      return of(key, value, priority, newLeft, newRight);
    }
  }

  private final Node<V> root;

  private PersistentTreap(Node<V> root) {
    this.root = root;
  }

  @SuppressWarnings("unchecked")
  static <V> PersistentTreap<V> empty() {
    return (PersistentTreap<V>) EMPTY;
  }

  /** The value of {@code key}, or null when absent. */
  V get(String key) {
    Node<V> node = root;
    while (node != null) {
      int c = key.compareTo(node.key());
      if (c == 0) {
        return node.value();
      }
      node = c < 0 ? node.left() : node.right();
    }
    return null;
  }

  boolean containsKey(String key) {
    return get(key) != null;
  }

  /** A new map with {@code key} set to {@code value} (not null). */
  PersistentTreap<V> put(String key, V value) {
    Node<V>[] parts = split(root, key);
    Node<V> leaf = Node.of(key, value, priority(key), null, null);
    return new PersistentTreap<>(merge(merge(parts[0], leaf), parts[1]));
  }

  /** A new map without {@code key}; this map when it is absent. */
  PersistentTreap<V> remove(String key) {
    if (!containsKey(key)) {
      return this;
    }
    Node<V>[] parts = split(root, key);
    return new PersistentTreap<>(merge(parts[0], parts[1]));
  }

  int size() {
    return sizeOf(root);
  }

  boolean isEmpty() {
    return root == null;
  }

  /** Visits every entry in name order. */
  void forEach(BiConsumer<String, V> visit) {
    for (Iterator<Node<V>> it = new InOrder<>(root); it.hasNext(); ) {
      Node<V> node = it.next();
      visit.accept(node.key(), node.value());
    }
  }

  /** The names, in order, as an unmodifiable set view. */
  Set<String> keySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<String> iterator() {
        Iterator<Node<V>> nodes = new InOrder<>(root);
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return nodes.hasNext();
          }

          @Override
          public String next() {
            return nodes.next().key();
          }
        };
      }

      @Override
      public int size() {
        return PersistentTreap.this.size();
      }

      @Override
      public boolean contains(Object o) {
        return o instanceof String key && containsKey(key);
      }
    };
  }

  /** Splits into the entries before {@code key} and after it, dropping {@code key} itself. */
  @SuppressWarnings("unchecked")
  private static <V> Node<V>[] split(Node<V> node, String key) {
    if (node == null) {
      return new Node[] {null, null};
    }
    int c = key.compareTo(node.key());
    if (c == 0) {
      return new Node[] {node.left(), node.right()};
    }
    if (c < 0) {
      Node<V>[] parts = split(node.left(), key);
      return new Node[] {parts[0], node.withChildren(parts[1], node.right())};
    }
    Node<V>[] parts = split(node.right(), key);
    return new Node[] {node.withChildren(node.left(), parts[0]), parts[1]};
  }

  /** Joins two trees where every key of {@code a} sorts before every key of {@code b}. */
  private static <V> Node<V> merge(Node<V> a, Node<V> b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.priority() >= b.priority()) {
      return a.withChildren(a.left(), merge(a.right(), b));
    }
    return b.withChildren(merge(a, b.left()), b.right());
  }

  private static int sizeOf(Node<?> node) {
    return node == null ? 0 : node.size();
  }

  /**
   * Murmur3's finaliser spreads String.hashCode, which is nearly sequential for names like j0042.
   */
  private static int priority(String key) {
    int h = key.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  private static final class InOrder<V> implements Iterator<Node<V>> {
    private final ArrayDeque<Node<V>> stack = new ArrayDeque<>();

    InOrder(Node<V> root) {
      pushLeft(root);
    }

    @Override
    public boolean hasNext() {
      return !stack.isEmpty();
    }

    @Override
    public Node<V> next() {
      if (stack.isEmpty()) {
        throw new NoSuchElementException();
      }
      Node<V> node = stack.pop();
      pushLeft(node.right());
      return node;
    }

    private void pushLeft(Node<V> node) {
      for (Node<V> at = node; at != null; at = at.left()) {
        stack.push(at);
      }
    }
  }
}
