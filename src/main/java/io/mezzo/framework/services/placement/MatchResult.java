package io.mezzo.framework.services.placement;

import io.mezzo.api.v1.Offer;
import java.util.List;

/**
 * The outcome of placing one app's instances on a round of offers.
 *
 * @param placements where instances go, at most as many as wanted (several may share an offer)
 * @param remaining the offers minus what the placements took (used-up offers left out), for the
 *     next app of the round
 * @param report why offers were not (or no more) usable for this app
 */
public record MatchResult(List<Placement> placements, List<Offer> remaining, MatchReport report) {
  public MatchResult {
    placements = List.copyOf(placements);
    remaining = List.copyOf(remaining);
  }
}
