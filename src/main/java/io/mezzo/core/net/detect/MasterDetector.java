package io.mezzo.core.net.detect;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Where the masters are and which one leads: the seam between a client of the cluster (agent, CLI,
 * framework) and how it learns that ({@link StaticMasterDetector} for a list of URLs, {@link
 * ZooKeeperMasterDetector} for Mesos's election znodes). Every URI is a base, {@code
 * scheme://host:port}, without a path.
 *
 * <p>Contract: thread-safe; no method blocks on the network (a detector learns in the background
 * and answers from what it knows). {@link #leader()} may be empty (not known yet, or none elected);
 * a client then tries {@link #candidates()}, whose standbys redirect it with 307. After {@link
 * #close()} the detector makes no callback and its background work has stopped.
 */
public interface MasterDetector extends AutoCloseable {

  /** The leading master as last learned, if known. */
  Optional<URI> leader();

  /**
   * The masters worth trying now, best first: the leader when known, then the others known. Empty
   * only while a detector has learned nothing yet.
   */
  List<URI> candidates();

  /**
   * Calls {@code listener} with the new leader each time the known leader changes (including to
   * empty), from the detector's own thread; the listener must return promptly and not throw.
   * Registering twice calls twice.
   */
  void onLeaderChange(Listener listener);

  /** Stops watching; idempotent, bounded, and never throws. */
  @Override
  void close();

  /** Receives leader changes. */
  @FunctionalInterface
  interface Listener {
    void leaderChanged(Optional<URI> leader);
  }
}
