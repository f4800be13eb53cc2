package io.mezzo.master.weights;

import io.mezzo.api.v1.master.Response.GetWeights.WeightInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mesos's {@code --weights} form, the {@code mezzo.master.weights} setting: {@code
 * role1=2,role2=3.5}, entries separated by commas, each a role, {@code =} and a positive weight. A
 * blank value is no weights. Pure.
 */
public final class WeightsFlag {
  private WeightsFlag() {}

  /**
   * The weights {@code text} gives, by role.
   *
   * @throws IllegalArgumentException naming the entry and what is wrong with it
   */
  public static Map<String, Double> parse(String text) {
    List<WeightInfo> infos = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    for (String entry : text.split(",", -1)) {
      String e = entry.trim();
      int eq = e.indexOf('=');
      if (eq <= 0 || eq == e.length() - 1) {
        throw new IllegalArgumentException(
            "'" + e + "' is not role=weight (expected e.g. role1=2,role2=3.5)");
      }
      String role = e.substring(0, eq).trim();
      String number = e.substring(eq + 1).trim();
      double weight;
      try {
        weight = Double.parseDouble(number);
      } catch (NumberFormatException notANumber) {
        throw new IllegalArgumentException(
            "weight '" + number + "' of role '" + role + "' is not a number");
      }
      infos.add(new WeightInfo(weight, role));
    }
    Optional<String> problem = WeightUpdates.problem(infos);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(
          problem.get().replaceFirst("^weight_infos\\[\\d+\\]: ", ""));
    }
    return Map.copyOf(WeightUpdates.asMap(infos));
  }
}
