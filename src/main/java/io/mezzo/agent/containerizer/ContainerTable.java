package io.mezzo.agent.containerizer;

import io.mezzo.api.v1.ContainerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The containers one containerizer knows: the live ones by id (each a {@link ContainerRecord} with
 * its state machine drawn there) and, for a late {@code wait}, the terminations of the last {@link
 * #TERMINATED_KEPT} that ended. It answers the parts of the {@link Containerizer} contract that do
 * not depend on the mechanism: a duplicate launch is refused, {@code wait} and {@code destroy} of
 * an unknown id answer empty, and a container's end is recorded once and told to every waiter.
 *
 * <p>Threading: not thread-safe; owned by the containerizer's single context, like its records.
 *
 * @param <C> the containerizer's record type
 */
public final class ContainerTable<C extends ContainerRecord> {
  /** How many ended containers are remembered for a late {@code wait}. */
  public static final int TERMINATED_KEPT = 1024;

  private final Map<ContainerId, C> live = new HashMap<>();
  private final Map<ContainerId, Termination> ended =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ContainerId, Termination> eldest) {
          return size() > TERMINATED_KEPT;
        }
      };

  /** Whether this id was launched or recovered here (and not forgotten since it ended). */
  public boolean knows(ContainerId id) {
    return live.containsKey(id) || ended.containsKey(id);
  }

  /**
   * Adds a container being launched, in LAUNCHING.
   *
   * @throws IllegalStateException if the id is known: callers answer {@code ALREADY_LAUNCHED}
   *     before they get here, so reaching it is a bug
   */
  public C launching(C c) {
    if (knows(c.id())) {
      throw new IllegalStateException(
          "cannot go from "
              + (live.containsKey(c.id())
                  ? live.get(c.id()).state()
                  : ContainerRecord.State.TERMINATED)
              + " to LAUNCHING: container "
              + c.id()
              + " is already known");
    }
    if (c.state() != ContainerRecord.State.LAUNCHING) {
      throw new IllegalStateException(
          "cannot go from " + c.state() + " to LAUNCHING: container " + c.id() + " is not new");
    }
    live.put(c.id(), c);
    return c;
  }

  /** Adds a container a previous agent run started and that still runs, in RUNNING. */
  public C recovered(C c) {
    launching(c);
    c.running();
    return c;
  }

  /** The live record of {@code id}, if any. */
  public Optional<C> live(ContainerId id) {
    return Optional.ofNullable(live.get(id));
  }

  /** Every live record, in no order; a copy, so callers may terminate while iterating. */
  public List<C> all() {
    return new ArrayList<>(live.values());
  }

  /** The ids of the containers that have not terminated yet. */
  public Set<ContainerId> ids() {
    return Set.copyOf(live.keySet());
  }

  /**
   * What {@code wait} answers: the live container's termination when it comes, the remembered one
   * of an ended container, or empty at once for an unknown id.
   */
  public CompletionStage<Optional<Termination>> await(ContainerId id) {
    C c = live.get(id);
    return c != null
        ? c.termination()
        : CompletableFuture.completedFuture(Optional.ofNullable(ended.get(id)));
  }

  /**
   * Records how {@code c} ended, forgets it as live and completes its waiters. Returns false, and
   * changes nothing, if it had already ended: two paths may race to report one end (a failed launch
   * and the wrapper's exit), and the first one's account stands.
   */
  public boolean terminate(C c, Termination t) {
    if (c.isTerminated()) {
      return false;
    }
    if (live.get(c.id()) != c) {
      throw new IllegalStateException(
          "cannot go from " + c.state() + " to TERMINATED: container " + c.id() + " is not here");
    }
    live.remove(c.id());
    ended.put(c.id(), t);
    c.terminated(t);
    return true;
  }
}
