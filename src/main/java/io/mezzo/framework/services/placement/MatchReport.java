package io.mezzo.framework.services.placement;

import java.util.List;
import java.util.Map;

/**
 * Why offers were not used for an app, for {@code /v2/queue} and the UI: how many offers were
 * looked at and, per reason, on how many of them it held. {@code details} are sentences a person
 * reads ("constraint hostname:UNIQUE unmet on 3 agents", "needs 512 MB mem, best offer has 256").
 *
 * @param reasons Marathon's reason names (UnfulfilledRole, UnfulfilledConstraint, InsufficientCpus,
 *     InsufficientMemory, InsufficientDisk, InsufficientGpus, InsufficientPorts) → offers count
 */
public record MatchReport(int offersSeen, Map<String, Integer> reasons, List<String> details) {
  public MatchReport {
    reasons = Map.copyOf(reasons);
    details = List.copyOf(details);
  }

  public static final MatchReport NONE = new MatchReport(0, Map.of(), List.of());
}
