package io.mezzo.loadgen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load generator's entry point: {@code LoadGenerator SCENARIO key=value...}. Runs the scenario
 * {@code runs} times (each against a fresh master unless {@code master=URL} is given), prints each
 * run's figures and then, per figure, the median with the spread (min … max) over the runs.
 *
 * <pre>
 *   e2e          scenario 3  agents frameworks tasks agent-resources task-cpus task-mem
 *   first-offer  scenario 4  agents frameworks (= how many new frameworks, one after another)
 *   heap         scenario 5  agents frameworks tasks
 *   api          scenario 8  agents frameworks rate (calls/s in all) duration (s)
 * </pre>
 *
 * Exits 0 when every run completed, 1 when one failed (its reason printed), 2 on bad arguments.
 */
public final class LoadGenerator {
  private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put("e2e", new EndToEndScenario());
    SCENARIOS.put("first-offer", new FirstOfferScenario());
    SCENARIOS.put("heap", new HeapScenario());
    SCENARIOS.put("api", new SchedulerApiScenario());
  }

  static final List<String> MUST_BE_ZERO =
      List.of("failed calls", "agent streams lost", "tasks not finished");

  private LoadGenerator() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs as {@link #main} does and returns the exit code. */
  public static int run(String[] args) {
    Scenario scenario = args.length == 0 ? null : SCENARIOS.get(args[0]);
    Options options;
    try {
      if (scenario == null) {
        throw new IllegalArgumentException(
            "the first argument names the scenario, one of " + SCENARIOS.keySet());
      }
      options = Options.parse(Arrays.asList(args).subList(1, args.length));
    } catch (IllegalArgumentException e) {
      System.err.println("loadgen: " + e.getMessage());
      return 2;
    }
    System.out.printf("# scenario %s, %s, %s%n", scenario.title(), Instant.now(), options);
    List<LinkedHashMap<String, Double>> runs = new ArrayList<>();
    for (int r = 1; r <= options.integer("runs"); r++) {
      try {
        LinkedHashMap<String, Double> figures = scenario.run(options, r);
        System.out.printf("run %d:%n", r);
        figures.forEach((k, v) -> System.out.printf("  %-36s %12.2f%n", k, v));
        List<String> lost = lost(figures);
        if (!lost.isEmpty()) {
          // A run that lost work measured something else than the scenario: no figure from it.
          System.out.printf("run %d INVALID: %s%n", r, String.join(", ", lost));
          return 1;
        }
        runs.add(figures);
      } catch (Exception e) {
        System.out.printf("run %d FAILED: %s%n", r, e);
        return 1;
      }
    }
    summary(runs);
    return 0;
  }

  /** Figures that must be zero for a run to count, and are not. */
  static List<String> lost(Map<String, Double> figures) {
    List<String> lost = new ArrayList<>();
    for (String key : MUST_BE_ZERO) {
      Double v = figures.get(key);
      if (v != null && v != 0) {
        lost.add(key + " = " + v.longValue());
      }
    }
    return lost;
  }

  private static void summary(List<LinkedHashMap<String, Double>> runs) {
    if (runs.isEmpty()) {
      return;
    }
    System.out.printf("summary over %d run(s): figure, median, min … max, each run%n", runs.size());
    for (String key : runs.get(0).keySet()) {
      double[] v = runs.stream().mapToDouble(m -> m.get(key)).toArray();
      double[] sorted = v.clone();
      Arrays.sort(sorted);
      double median =
          sorted.length % 2 == 1
              ? sorted[sorted.length / 2]
              : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      StringBuilder each = new StringBuilder();
      for (double x : v) {
        each.append(String.format(" %.2f", x));
      }
      System.out.printf(
          "  %-36s %12.2f  %.2f … %.2f %s%n",
          key, median, sorted[0], sorted[sorted.length - 1], each);
    }
  }
}
