package io.mezzo.agent.resources;

import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.Value;
import io.mezzo.core.resources.AttributeValue;
import io.mezzo.core.resources.Attributes;
import io.mezzo.core.resources.Range;
import io.mezzo.core.resources.ResourceValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts the agent's core {@link Attributes} to wire {@link Attribute}s for {@code AgentInfo}.
 * {@code io.mezzo.api.v1.ResourceMapping} covers resources only; this belongs beside it once the
 * master needs attributes back in core form.
 */
public final class AttributeMapping {
  private AttributeMapping() {}

  public static List<Attribute> toWire(Attributes attributes) {
    List<Attribute> out = new ArrayList<>();
    for (io.mezzo.core.resources.Attribute a : attributes.asList()) {
      AttributeValue v = a.value();
      if (v instanceof AttributeValue.Text t) {
        out.add(
            new Attribute(a.name(), Value.Type.TEXT, null, null, null, new Value.Text(t.value())));
      } else if (v instanceof AttributeValue.Number n) {
        out.add(
            new Attribute(
                a.name(),
                Value.Type.SCALAR,
                new Value.Scalar(n.value().value()),
                null,
                null,
                null));
      } else if (v instanceof AttributeValue.RangesValue rv) {
        out.add(new Attribute(a.name(), Value.Type.RANGES, null, ranges(rv.value()), null, null));
      } else if (v instanceof AttributeValue.SetValue sv) {
        out.add(
            new Attribute(
                a.name(),
                Value.Type.SET,
                null,
                null,
                new Value.Set(List.copyOf(sv.value().items())),
                null));
      }
    }
    return out;
  }

  private static Value.Ranges ranges(ResourceValue.Ranges rs) {
    List<Value.Range> list = new ArrayList<>();
    for (Range r : rs.ranges()) {
      list.add(new Value.Range(r.begin(), r.end()));
    }
    return new Value.Ranges(list);
  }
}
