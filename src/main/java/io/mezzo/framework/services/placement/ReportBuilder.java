package io.mezzo.framework.services.placement;

import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppDefinition.Constraint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Adds up, over the offers of one {@link OfferMatcher#match} call, why they could not take (more)
 * instances: per Marathon reason name the number of offers, and sentences for people: which
 * constraint failed on how many agents and why, how much of a resource is needed against the most
 * any offer had, which ports were missing.
 */
final class ReportBuilder {
  static final String UNFULFILLED_ROLE = "UnfulfilledRole";
  static final String UNFULFILLED_CONSTRAINT = "UnfulfilledConstraint";
  static final String INSUFFICIENT_PORTS = "InsufficientPorts";

  private final AppDefinition app;
  private final Set<String> roles;
  private final List<Integer> portRequests;
  private int offersSeen;
  private final Map<String, Integer> reasons = new LinkedHashMap<>();
  private final Map<String, Set<String>> constraintAgents = new LinkedHashMap<>();
  private final Map<String, Long> largestShort = new TreeMap<>();

  ReportBuilder(AppDefinition app, Set<String> roles, List<Integer> portRequests) {
    this.app = app;
    this.roles = roles;
    this.portRequests = portRequests;
  }

  static String reasonFor(String scalar) {
    return switch (scalar) {
      case "cpus" -> "InsufficientCpus";
      case "mem" -> "InsufficientMemory";
      case "disk" -> "InsufficientDisk";
      case "gpus" -> "InsufficientGpus";
      default -> "Insufficient" + scalar;
    };
  }

  void seen() {
    offersSeen++;
  }

  void unusable(Set<String> offerReasons) {
    offerReasons.forEach(r -> reasons.merge(r, 1, Integer::sum));
  }

  void constraintUnmet(Constraint c, String why, String agentId) {
    String key = "constraint " + ConstraintChecker.describe(c) + " unmet on %s (" + why + ")";
    constraintAgents.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(String.valueOf(agentId));
  }

  void scalarShort(String name, long freeMillis) {
    largestShort.merge(name, freeMillis, Math::max);
  }

  MatchReport build() {
    List<String> details = new ArrayList<>();
    Integer roleMisses = reasons.get(UNFULFILLED_ROLE);
    if (roleMisses != null) {
      details.add(
          "no resources for roles "
              + String.join(", ", roles)
              + " on "
              + plural(roleMisses, "offer"));
    }
    constraintAgents.forEach(
        (text, agents) -> details.add(String.format(text, plural(agents.size(), "agent"))));
    largestShort.forEach(
        (name, free) ->
            details.add(
                name
                    + ": needs "
                    + AgentFacts.number(needed(name))
                    + ", largest offer "
                    + AgentFacts.number(free / 1000d)));
    Integer portMisses = reasons.get(INSUFFICIENT_PORTS);
    if (portMisses != null) {
      details.add(
          "ports: needs "
              + PortRequests.describe(portRequests)
              + ", not free on "
              + plural(portMisses, "offer"));
    }
    return new MatchReport(offersSeen, reasons, details);
  }

  private double needed(String name) {
    return switch (name) {
      case "cpus" -> app.cpus();
      case "mem" -> app.mem();
      case "disk" -> app.disk();
      default -> app.gpus();
    };
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
