package io.mezzo.master.weights;

import io.mezzo.api.v1.master.Response.GetWeights.WeightInfo;
import io.mezzo.master.scheduler.RoleNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a list of role weights as Mesos checks an UPDATE_WEIGHTS call, a {@code /weights} PUT or
 * the {@code --weights} flag: each entry names a valid role (Mesos's role-name rules, so {@code
 * eng/web} is a role under {@code eng}) once, with a finite weight above 0. One bad entry refuses
 * the whole list, so nothing is half-applied. Pure.
 */
public final class WeightUpdates {
  private WeightUpdates() {}

  /** What is wrong with {@code infos}, or empty if every entry is valid. */
  public static Optional<String> problem(List<WeightInfo> infos) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < infos.size(); i++) {
      WeightInfo w = infos.get(i);
      String at = "weight_infos[" + i + "]";
      if (w == null) {
        return Optional.of(at + " is empty; expecting {\"role\": ..., \"weight\": ...}");
      }
      if (w.role() == null) {
        return Optional.of(at + " has no 'role'");
      }
      Optional<String> bad = RoleNames.problem(w.role());
      if (bad.isPresent()) {
        return Optional.of(at + ": invalid role: " + bad.get());
      }
      Optional<String> weight = weightProblem(w.role(), w.weight());
      if (weight.isPresent()) {
        return Optional.of(at + ": " + weight.get());
      }
      Integer first = seen.putIfAbsent(w.role(), i);
      if (first != null) {
        return Optional.of(
            "role '" + w.role() + "' is given twice (weight_infos[" + first + "] and " + at + ")");
      }
    }
    return Optional.empty();
  }

  /** What is wrong with one role's weight, or empty: it must be a number above 0 and finite. */
  static Optional<String> weightProblem(String role, Double weight) {
    if (weight == null) {
      return Optional.of("role '" + role + "' has no 'weight'");
    }
    if (!(weight > 0) || weight.isInfinite()) {
      return Optional.of(
          "invalid weight " + weight + " for role '" + role + "': weights must be positive");
    }
    return Optional.empty();
  }

  /** The entries as a role → weight map, in their order; call only on a valid list. */
  public static Map<String, Double> asMap(List<WeightInfo> infos) {
    Map<String, Double> out = new LinkedHashMap<>();
    infos.forEach(w -> out.put(w.role(), w.weight()));
    return out;
  }
}
