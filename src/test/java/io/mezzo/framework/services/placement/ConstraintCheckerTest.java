package io.mezzo.framework.services.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.Value;
import io.mezzo.framework.services.app.AppDefinition.Constraint;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConstraintCheckerTest {
  private final ConstraintChecker checker = new ConstraintChecker();

  /** An agent {@code host} with {@code rack} (null: no rack attribute). */
  private static AgentFacts agent(String host, String rack) {
    List<Attribute> attrs = new ArrayList<>();
    if (rack != null) {
      attrs.add(new Attribute("rack", Value.Type.TEXT, null, null, null, new Value.Text(rack)));
    }
    attrs.add(new Attribute("level", Value.Type.SCALAR, new Value.Scalar(2.0), null, null, null));
    attrs.add(
        new Attribute(
            "keys",
            Value.Type.RANGES,
            null,
            new Value.Ranges(List.of(new Value.Range(5L, 9L), new Value.Range(1L, 2L))),
            null,
            null));
    attrs.add(
        new Attribute("zones", Value.Type.SET, null, null, new Value.Set(List.of("b", "a")), null));
    return new AgentFacts("id-" + host, host, attrs);
  }

  /** Instances placed on agents named {@code host/rack}. */
  private static List<AgentFacts> on(String... hostRacks) {
    return Stream.of(hostRacks)
        .map(s -> s.split("/"))
        .map(p -> agent(p[0], p.length > 1 ? p[1] : null))
        .toList();
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        row("hostname", "UNIQUE", null, "h1", "r1", on(), null),
        row("hostname", "UNIQUE", null, "h1", "r1", on("h2/r1"), null),
        row("hostname", "UNIQUE", null, "h1", "r1", on("h1/r1"), "already running there"),
        row("@hostname", "UNIQUE", null, "h1", "r1", on("h1/r1"), "already running there"),
        row("rack", "UNIQUE", null, "h1", "r1", on("h2/r2"), null),
        row("rack", "UNIQUE", null, "h1", "r1", on("h2/r1"), "already running there"),
        row("rack", "UNIQUE", null, "h1", null, on(), "attribute missing"),
        row("hostname", "CLUSTER", "h1", "h1", "r1", on(), null),
        row("hostname", "CLUSTER", "h1", "h2", "r1", on(), "value differs"),
        row("rack", "CLUSTER", "r1", "h2", "r1", on(), null),
        row("rack", "CLUSTER", "r1", "h2", "r2", on(), "value differs"),
        row("rack", "CLUSTER", null, "h2", "r2", on(), null),
        row("rack", "CLUSTER", null, "h2", "r2", on("h1/r2"), null),
        row("rack", "CLUSTER", null, "h2", "r2", on("h1/r1"), "not where the first instance runs"),
        row(
            "hostname",
            "CLUSTER",
            "",
            "h2",
            "r2",
            on("h1/r1"),
            "not where the first instance runs"),
        row("rack", "GROUP_BY", null, "h1", "r1", on(), null),
        row("rack", "GROUP_BY", null, "h1", "r1", on("h2/r2"), null),
        row(
            "rack",
            "GROUP_BY",
            null,
            "h1",
            "r1",
            on("h2/r1", "h3/r2", "h4/r1"),
            "its group has more instances than another"),
        row("rack", "GROUP_BY", null, "h1", "r1", on("h2/r1", "h3/r2"), null),
        row(
            "rack",
            "GROUP_BY",
            "3",
            "h1",
            "r1",
            on("h2/r1", "h3/r2"),
            "its group has more instances than another"),
        row("rack", "GROUP_BY", "3", "h1", "r3", on("h2/r1", "h3/r2"), null),
        row("rack", "GROUP_BY", "2", "h1", "r1", on("h2/r1", "h3/r2"), null),
        row(
            "hostname",
            "GROUP_BY",
            "2",
            "h1",
            "r1",
            on("h1"),
            "its group has more instances than another"),
        row("rack", "LIKE", "r[1-3]", "h1", "r2", on(), null),
        row("rack", "LIKE", "r[1-3]", "h1", "r7", on(), "value does not match"),
        row("rack", "LIKE", "r", "h1", "r2", on(), "value does not match"),
        row("hostname", "LIKE", "h.*", "h1", "r2", on(), null),
        row("rack", "LIKE", ".*", "h1", null, on(), "attribute missing"),
        row("rack", "LIKE", "([", "h1", "r1", on(), "invalid regex"),
        row("rack", "UNLIKE", "r[7-9]", "h1", "r2", on(), null),
        row("rack", "UNLIKE", "r[7-9]", "h1", "r8", on(), "value matches"),
        row("rack", "UNLIKE", "r[7-9]", "h1", null, on(), null),
        row("hostname", "UNLIKE", "h1", "h1", "r1", on(), "value matches"),
        row("rack", "MAX_PER", "2", "h1", "r1", on("h2/r1"), null),
        row("rack", "MAX_PER", "2", "h1", "r1", on("h2/r1", "h3/r1"), "already 2 there"),
        row("rack", "MAX_PER", "2", "h1", "r1", on("h2/r2", "h3/r2"), null),
        row("hostname", "MAX_PER", "1", "h1", "r1", on("h1"), "already 1 there"),
        row("rack", "MAX_PER", "x", "h1", "r1", on(), "count 'x' is not a number"),
        row("rack", "IS", "r1", "h1", "r1", on(), null),
        row("rack", "IS", "r1", "h1", "r2", on(), "value differs"),
        row("hostname", "IS", "h1", "h1", "r2", on(), null),
        row("level", "IS", "2", "h1", "r1", on(), null),
        row("level", "IS", "2.000", "h1", "r1", on(), null),
        row("level", "IS", "2.5", "h1", "r1", on(), "value differs"),
        row("keys", "IS", "[1-2,5-9]", "h1", "r1", on(), null),
        row("zones", "IS", "{a,b}", "h1", "r1", on(), null),
        row("zones", "LIKE", "\\{a,.*", "h1", "r1", on(), null),
        row("rack", "NEAR", "r1", "h1", "r1", on(), "unknown operator NEAR"));
  }

  private static Arguments row(
      String field,
      String op,
      String value,
      String host,
      String rack,
      List<AgentFacts> placed,
      String why) {
    return Arguments.of(new Constraint(field, op, value), host, rack, placed, why);
  }

  @ParameterizedTest(name = "{0} on {1} (rack {2}), placed {3} → {4}")
  @MethodSource("rows")
  void checksEveryOperator(
      Constraint c, String host, String rack, List<AgentFacts> placed, String why) {
    assertThat(checker.check(c, agent(host, rack), placed).orElse(null)).isEqualTo(why);
  }
}
