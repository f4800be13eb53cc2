package io.mezzo.master;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.master.registry.FrameworkEntry;
import java.time.Instant;
import java.util.Deque;
import java.util.Map;

/**
 * The frameworks: live ones by id, and the last {@code maxCompleted} removed ones. Owned by the
 * master's context.
 */
final class FrameworkBook {
  private final Map<FrameworkId, FrameworkEntry> frameworks;
  private final Deque<FrameworkEntry> completed;
  private final int maxCompleted;

  FrameworkBook(
      Map<FrameworkId, FrameworkEntry> frameworks,
      Deque<FrameworkEntry> completed,
      int maxCompleted) {
    this.frameworks = frameworks;
    this.completed = completed;
    this.maxCompleted = maxCompleted;
  }

  FrameworkEntry get(FrameworkId id) {
    return frameworks.get(id);
  }

  /**
   * Books a new framework.
   *
   * @throws IllegalStateException if one with its id is live already
   */
  void add(FrameworkEntry fw) {
    if (frameworks.putIfAbsent(fw.id(), fw) != null) {
      throw new IllegalStateException("cannot add framework " + fw.id() + ": already live");
    }
  }

  /** Marks it removed (closing its stream) and moves it to the completed frameworks. */
  void remove(FrameworkEntry fw, Instant now) {
    fw.markRemoved(now);
    frameworks.remove(fw.id());
    completed.addLast(fw);
    while (completed.size() > maxCompleted) {
      completed.removeFirst();
    }
  }
}
