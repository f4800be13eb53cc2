package io.mezzo.core.resources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smallest offer worth making (Mesos {@code --min_allocatable_resources}). The text form is
 * alternatives separated by {@code |}, each a {@code ;}-separated list of scalar quantities that
 * must all be met: {@code cpus:0.01|mem:32} is satisfied by an offer with at least 0.01 cpus
 * <em>or</em> at least 32 MB of memory. Quantities count every role (reserved and unreserved
 * alike).
 */
public final class MinAllocatable {

  private static final MinAllocatable NONE = new MinAllocatable(List.of());
  private static final MinAllocatable DEFAULTS = parse("cpus:0.01|mem:32");

  /**
   * Each alternative: resource name → minimum quantity in thousandths, all of which must be met.
   */
  private final List<Map<String, Long>> alternatives;

  private final String[][] names;
  private final long[][] minimums;

  private MinAllocatable(List<Map<String, Long>> alternatives) {
    this.alternatives = alternatives;
    this.names = new String[alternatives.size()][];
    this.minimums = new long[alternatives.size()][];
    for (int a = 0; a < alternatives.size(); a++) {
      Map<String, Long> alt = alternatives.get(a);
      names[a] = alt.keySet().toArray(new String[0]);
      minimums[a] = alt.values().stream().mapToLong(Long::longValue).toArray();
    }
  }

  /** Mesos's default, {@code cpus:0.01|mem:32}. */
  public static MinAllocatable defaults() {
    return DEFAULTS;
  }

  /** No minimum: every offer satisfies it. */
  public static MinAllocatable none() {
    return NONE;
  }

  /**
   * The minimum of alternatives given as data (a framework's {@code min_allocatable_resources}):
   * each map is one alternative, resource name → quantity, all of which must be met. No
   * alternatives is {@link #none()}.
   *
   * @throws IllegalArgumentException naming a bad resource name or quantity
   */
  public static MinAllocatable of(List<Map<String, Double>> alternatives) {
    List<Map<String, Long>> out = new ArrayList<>(alternatives.size());
    for (Map<String, Double> alt : alternatives) {
      Map<String, Long> quantities = new LinkedHashMap<>();
      for (Map.Entry<String, Double> q : alt.entrySet()) {
        Names.checkResourceName(q.getKey());
        if (q.getValue() == null) {
          throw new IllegalArgumentException("quantity of '" + q.getKey() + "' has no value");
        }
        quantities.put(q.getKey(), ResourceValue.Scalar.of(q.getValue()).millis());
      }
      out.add(quantities);
    }
    return out.isEmpty() ? NONE : new MinAllocatable(List.copyOf(out));
  }

  /**
   * Parses {@code cpus:0.01|mem:32} ({@code |} = or, {@code ;} = and). Only scalar quantities
   * without a role are allowed. Blank text means {@link #none()}.
   *
   * @throws IllegalArgumentException naming the offending part
   */
  public static MinAllocatable parse(String text) {
    if (text.isBlank()) {
      return NONE;
    }
    List<Map<String, Long>> alternatives = new ArrayList<>();
    for (String part : text.split("\\|", -1)) {
      String alt = part.strip();
      if (alt.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid min allocatable '" + text + "': empty alternative");
      }
      Map<String, Long> quantities = new LinkedHashMap<>();
      for (String raw : alt.split(";", -1)) {
        String token = raw.strip();
        if (token.isEmpty()) {
          continue;
        }
        int colon = token.indexOf(':');
        try {
          if (colon < 0) {
            throw new IllegalArgumentException("expected name:quantity");
          }
          String name = token.substring(0, colon).strip();
          Names.checkResourceName(name);
          long millis = ResourceValue.Scalar.parse(token.substring(colon + 1)).millis();
          quantities.merge(name, millis, Long::sum);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "invalid min allocatable quantity '" + token + "': " + e.getMessage(), e);
        }
      }
      alternatives.add(quantities);
    }
    return new MinAllocatable(List.copyOf(alternatives));
  }

  /**
   * Whether {@code resources} meet every quantity of at least one alternative (always, for none).
   */
  public boolean isSatisfiedBy(Resources resources) {
    if (names.length == 0) {
      return true;
    }
    for (int a = 0; a < names.length; a++) {
      boolean all = true;
      for (int q = 0; q < names[a].length && all; q++) {
        all = resources.scalarMillis(names[a][q]) >= minimums[a][q];
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MinAllocatable m && alternatives.equals(m.alternatives);
  }

  @Override
  public int hashCode() {
    return alternatives.hashCode();
  }

  /** The text form {@link #parse} reads; "" for {@link #none()}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Map<String, Long> alt : alternatives) {
      if (sb.length() > 0) {
        sb.append('|');
      }
      StringBuilder part = new StringBuilder();
      alt.forEach(
          (name, millis) -> {
            if (part.length() > 0) {
              part.append(';');
            }
            part.append(name).append(':').append(new ResourceValue.Scalar(millis));
          });
      sb.append(part);
    }
    return sb.toString();
  }
}
