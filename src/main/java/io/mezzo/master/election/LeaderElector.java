package io.mezzo.master.election;

import io.mezzo.api.v1.MasterInfo;
import java.util.Optional;

/**
 * Chooses one leading master among several (MESOS-API.md §10).
 *
 * <p>Contract: after {@link #start}, the listener hears {@link Listener#elected} and {@link
 * Listener#deposed} alternately, starting with elected: a contender that lost its leadership (lease
 * expired, session lost, node gone) is deposed and contends again by itself, so it may be elected
 * again later in a new term with a new {@link Lease}. The master of a term acts only while that
 * term's lease is valid, which may end before {@code deposed} is heard. {@link
 * Listener#leaderChanged} is called whenever the known leader changes, including to none. Callbacks
 * come from the elector's own thread and must not block. {@link #close} withdraws this contender
 * and is idempotent.
 */
public interface LeaderElector extends AutoCloseable {
  void start(Listener listener);

  /**
   * The master of the current term cannot lead on (its registry write was fenced, it could not
   * start): end the term now (the listener hears {@link Listener#deposed}) and contend afresh. Does
   * nothing while not leading. Any thread; does not block.
   */
  void resign(String why);

  /**
   * As {@link #resign(String)}, and contend again only after {@code holdOff}: for a master that
   * could not start, so masters that all fail (a registry none can read) do not take turns as fast
   * as they fail. Meanwhile this node follows the election as a standby.
   */
  void resign(String why, java.time.Duration holdOff);

  /** The current leader as last seen; empty while none is known. */
  Optional<MasterInfo> leader();

  @Override
  void close();

  /** Hears about leadership. */
  interface Listener {
    /** This contender leads, for as long as {@code lease} is valid. */
    void elected(Lease lease);

    /** This contender's term ended (its lease is invalid already); it is a standby again. */
    void deposed(String why);

    void leaderChanged(Optional<MasterInfo> leader);
  }
}
