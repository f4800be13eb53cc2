package io.mezzo.master.allocator.sorter;

import io.mezzo.core.resources.Resources;
import java.util.List;
import java.util.function.Predicate;

/**
 * Decides <em>who goes first</em>: orders clients (roles, or frameworks inside a role) for the
 * allocator, which decides <em>what</em> to offer. A sorter keeps the cluster total and each
 * client's allocation, counting scalar resources only (as Mesos does; ranges and sets do not take
 * part in fair sharing).
 *
 * <p>Threading: not thread-safe; the allocator that owns a sorter is its only caller. Ids are plain
 * strings (role names or framework ids). Calls naming an unknown client throw {@link
 * IllegalArgumentException} unless a method says otherwise.
 */
public interface Sorter {

  /**
   * Adds an active client with no allocation. Its weight is the one last given to {@link
   * #setWeight} for that name, else 1.0.
   *
   * @throws IllegalStateException if the client is already present
   */
  void add(String client);

  /** Removes the client and forgets its allocation; a no-op for an unknown client. */
  void remove(String client);

  /** Whether the client has been added and not removed. */
  boolean contains(String client);

  /** Includes the client in {@link #sort()} again; idempotent. */
  void activate(String client);

  /** Leaves the client out of {@link #sort()} while keeping its allocation; idempotent. */
  void deactivate(String client);

  /**
   * Records that {@code resources} on {@code agentId} were allocated to the client. Only the scalar
   * quantities are kept; the agent id is informational.
   */
  void allocated(String client, String agentId, Resources resources);

  /**
   * Records that {@code resources} on {@code agentId} went back from the client.
   *
   * @throws IllegalArgumentException if that is more than the client holds of some scalar
   */
  void unallocated(String client, String agentId, Resources resources);

  /** Adds an agent's resources to the cluster total that shares are measured against. */
  void addTotal(String agentId, Resources resources);

  /**
   * Removes an agent's resources from the cluster total.
   *
   * @throws IllegalArgumentException if the total would become negative
   */
  void removeTotal(String agentId, Resources resources);

  /**
   * Sets the client's weight (default 1.0); a client's share is divided by it, so a client of
   * weight 2 may hold twice as much before it sorts behind a client of weight 1. May be called
   * before the client is added; the weight is kept after it is removed.
   *
   * @throws IllegalArgumentException unless {@code weight} is positive and finite
   */
  void setWeight(String client, double weight);

  /** The active clients, first to be served first. The list is a snapshot the caller may keep. */
  List<String> sort();

  /**
   * Visits the active clients in {@link #sort()} order until {@code visitor} returns {@code false},
   * without copying the order. The visitor must not modify the sorter.
   */
  default void forEachInOrder(Predicate<? super String> visitor) {
    for (String client : sort()) {
      if (!visitor.test(client)) {
        return;
      }
    }
  }

  /**
   * Of {@code candidates} (active clients), the one to serve first: the first of them in {@link
   * #sort()} order, or null if the list is empty. Lets a caller that already knows the few eligible
   * clients pick among them without walking everyone.
   */
  default String firstOf(List<String> candidates) {
    if (candidates.isEmpty()) {
      return null;
    }
    for (String client : sort()) {
      if (candidates.contains(client)) {
        return client;
      }
    }
    return null;
  }

  /**
   * The client's weighted dominant share: the largest, over scalar resource names with a non-zero
   * total, of allocated / total, divided by the client's weight.
   */
  double dominantShare(String client);
}
