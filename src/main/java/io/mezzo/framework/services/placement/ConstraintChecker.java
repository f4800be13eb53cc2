package io.mezzo.framework.services.placement;

import io.mezzo.framework.services.app.AppDefinition.Constraint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Marathon's placement constraints, checked for one agent against where the app's instances already
 * are. The field is {@code hostname} (or {@code @hostname}) or an agent attribute; an agent without
 * the attribute meets only UNLIKE. Values compare as the text Mesos prints ({@link AgentFacts}).
 *
 * <ul>
 *   <li>UNIQUE: no instance on an agent with the same value.
 *   <li>CLUSTER value: the agent's value is that value; without one, the value of the agent of the
 *       first instance (any value while there is none).
 *   <li>GROUP_BY [n]: spread evenly: the agent's value must not already hold more instances than
 *       the emptiest value; with n, fewer than n values known count as empty ones still to fill.
 *   <li>LIKE / UNLIKE regex: the whole value matches / does not match.
 *   <li>MAX_PER n: fewer than n instances on agents with the same value.
 *   <li>IS value: equal (a number compares in Mesos's rendering, so {@code 1.0} is {@code 1}).
 * </ul>
 *
 * Each refusal carries a short reason without agent-specific values, so the match report can add
 * refusals up over agents ("already running there").
 */
final class ConstraintChecker {
  private final Map<String, Pattern> patterns = new HashMap<>();

  /** Empty if {@code agent} meets {@code c} given the agents of the instances in {@code placed}. */
  Optional<String> check(Constraint c, AgentFacts agent, List<AgentFacts> placed) {
    String op = c.operator() == null ? "" : c.operator();
    Optional<String> value = agent.field(c.field());
    if (value.isEmpty()) {
      return op.equals("UNLIKE") ? Optional.empty() : Optional.of("attribute missing");
    }
    String v = value.get();
    String want = c.value();
    return switch (op) {
      case "UNIQUE" ->
          placed.stream().anyMatch(p -> p.field(c.field()).map(v::equals).orElse(false))
              ? Optional.of("already running there")
              : Optional.empty();
      case "CLUSTER" -> cluster(c, v, want, placed);
      case "GROUP_BY" -> groupBy(c, v, want, placed);
      case "LIKE" ->
          regex(want).map(p -> p.matcher(v).matches()).orElse(false)
              ? Optional.empty()
              : Optional.of(regex(want).isPresent() ? "value does not match" : "invalid regex");
      case "UNLIKE" ->
          regex(want).map(p -> !p.matcher(v).matches()).orElse(false)
              ? Optional.empty()
              : Optional.of(regex(want).isPresent() ? "value matches" : "invalid regex");
      case "MAX_PER" -> maxPer(c, v, want, placed);
      case "IS" -> v.equals(normalized(want)) ? Optional.empty() : Optional.of("value differs");
      default -> Optional.of("unknown operator " + op);
    };
  }

  private static Optional<String> cluster(
      Constraint c, String v, String want, List<AgentFacts> placed) {
    if (want != null && !want.isEmpty()) {
      return v.equals(want) ? Optional.empty() : Optional.of("value differs");
    }
    if (placed.isEmpty()) {
      return Optional.empty();
    }
    return placed.get(0).field(c.field()).map(v::equals).orElse(false)
        ? Optional.empty()
        : Optional.of("not where the first instance runs");
  }

  private static Optional<String> groupBy(
      Constraint c, String v, String want, List<AgentFacts> placed) {
    Map<String, Integer> counts = counts(c, placed);
    int expected = 0;
    if (want != null && !want.isEmpty()) {
      try {
        expected = Integer.parseInt(want.trim());
      } catch (NumberFormatException e) {
        return Optional.of("count '" + want + "' is not a number");
      }
    }
    int here = counts.getOrDefault(v, 0);
    int emptiest =
        counts.size() < expected
            ? 0
            : counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    return here <= emptiest
        ? Optional.empty()
        : Optional.of("its group has more instances than another");
  }

  private static Optional<String> maxPer(
      Constraint c, String v, String want, List<AgentFacts> placed) {
    int max;
    try {
      max = Integer.parseInt(want == null ? "" : want.trim());
    } catch (NumberFormatException e) {
      return Optional.of("count '" + want + "' is not a number");
    }
    int here = counts(c, placed).getOrDefault(v, 0);
    return here < max ? Optional.empty() : Optional.of("already " + max + " there");
  }

  private static Map<String, Integer> counts(Constraint c, List<AgentFacts> placed) {
    Map<String, Integer> counts = new HashMap<>();
    for (AgentFacts p : placed) {
      p.field(c.field()).ifPresent(x -> counts.merge(x, 1, Integer::sum));
    }
    return counts;
  }

  private Optional<Pattern> regex(String want) {
    if (want == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(patterns.computeIfAbsent(want, Pattern::compile));
    } catch (PatternSyntaxException e) {
      return Optional.empty();
    }
  }

  private static String normalized(String want) {
    if (want != null && want.matches("[0-9]+(\\.[0-9]+)?")) {
      return AgentFacts.number(Double.parseDouble(want));
    }
    return want;
  }

  /** {@code field:OPERATOR[:value]}, as the report names a constraint. */
  static String describe(Constraint c) {
    return c.field() + ":" + c.operator() + (c.value() == null ? "" : ":" + c.value());
  }
}
