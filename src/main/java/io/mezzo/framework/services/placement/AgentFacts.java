package io.mezzo.framework.services.placement;

import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.Value;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What constraints look at on one agent: its hostname and attributes, with attribute values
 * rendered as Mesos prints them, because Marathon compares constraints against that text: scalars
 * to at most three decimals without trailing zeros ({@code 2.5}, {@code 10}), ranges as {@code
 * [1-2,5-9]}, sets as {@code {a,b}}, text as is.
 */
record AgentFacts(String agentId, String hostname, List<Attribute> attributes) {
  AgentFacts {
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
  }

  /** The value of constraint field {@code field} here: the hostname, or an attribute. */
  Optional<String> field(String field) {
    if (field.equals("hostname") || field.equals("@hostname")) {
      return Optional.ofNullable(hostname);
    }
    for (Attribute a : attributes) {
      if (field.equals(a.name())) {
        return Optional.ofNullable(render(a));
      }
    }
    return Optional.empty();
  }

  static String render(Attribute a) {
    if (a.type() == null) {
      return null;
    }
    return switch (a.type()) {
      case TEXT -> a.text() == null ? null : a.text().value();
      case SCALAR ->
          a.scalar() == null || a.scalar().value() == null ? null : number(a.scalar().value());
      case RANGES -> ranges(a.ranges());
      case SET ->
          a.set() == null || a.set().item() == null
              ? null
              : "{" + String.join(",", a.set().item().stream().sorted().toList()) + "}";
    };
  }

  /** Three decimals, half-even, no trailing zeros, whatever the JVM's locale. */
  static String number(double v) {
    DecimalFormat f = new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setRoundingMode(RoundingMode.HALF_EVEN);
    return f.format(v);
  }

  private static String ranges(Value.Ranges r) {
    if (r == null || r.range() == null) {
      return null;
    }
    StringBuilder s = new StringBuilder("[");
    r.range().stream()
        .sorted(Comparator.comparing(Value.Range::begin))
        .forEach(
            x -> s.append(s.length() > 1 ? "," : "").append(x.begin()).append('-').append(x.end()));
    return s.append(']').toString();
  }
}
