package io.mezzo.master.election;

import io.mezzo.core.net.detect.ElectionNodes;
import java.util.List;
import java.util.Optional;

/**
 * Where a contender stands on one listing of the election's children: the pure part of the
 * election, so "never lead on a node of an expired session" is decided in one place.
 *
 * <pre>
 *   our node not listed           → NODE_GONE      (create a fresh one)
 *   its owner ≠ our session       → STALE_SESSION  (an expired session's node: never lead on it)
 *   lowest json.info_ is ours     → LEADING
 *   otherwise                     → STANDBY
 * </pre>
 */
public enum Standing {
  LEADING,
  STANDBY,
  NODE_GONE,
  STALE_SESSION;

  /**
   * @param children the election node's children as listed
   * @param mine our election node's name (no path), null if we have none
   * @param owner the ephemeral owner (session id) ZooKeeper reported for our node, 0 if unknown
   * @param session our client's current session id
   */
  public static Standing of(List<String> children, String mine, long owner, long session) {
    if (mine == null || !children.contains(mine)) {
      return NODE_GONE;
    }
    if (owner != session || session == 0) {
      return STALE_SESSION;
    }
    return lowest(children).filter(mine::equals).isPresent() ? LEADING : STANDBY;
  }

  /** The lowest contender's node: the leader's, as agents and the CLI read it. */
  public static Optional<String> lowest(List<String> children) {
    return ElectionNodes.contenders(children).stream().findFirst();
  }
}
