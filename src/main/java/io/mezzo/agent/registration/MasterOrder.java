package io.mezzo.agent.registration;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * In which order an agent tries its masters when it subscribes: the leader its detector names, then
 * the master that accepted it last, then every other candidate; a master that just failed to answer
 * in time goes last, so a hung leader costs one bounded wait per round and not one per try.
 */
final class MasterOrder {
  private MasterOrder() {}

  /**
   * @param detected the leader the detector knows, if any
   * @param lastGood the master that accepted the last subscription, or null
   * @param candidates the detector's masters, best first
   * @param suspect the master that last failed to answer in time, or null
   * @return each master once
   */
  static List<URI> order(Optional<URI> detected, URI lastGood, List<URI> candidates, URI suspect) {
    List<URI> out = new ArrayList<>();
    detected.ifPresent(out::add);
    if (lastGood != null && !out.contains(lastGood)) {
      out.add(lastGood);
    }
    candidates.stream().filter(c -> !out.contains(c)).forEach(out::add);
    if (suspect != null && out.remove(suspect)) {
      out.add(suspect);
    }
    return out;
  }
}
