package io.mezzo.agent.resources;

import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.Value;
import io.mezzo.core.resources.AttributeValue;
import io.mezzo.core.resources.Attributes;
import io.mezzo.core.resources.Range;
import io.mezzo.core.resources.ResourceKey;
import io.mezzo.core.resources.ResourceValue;
import io.mezzo.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts the agent's core resources and attributes to the wire records of {@link
 * io.mezzo.api.v1}. A stop-gap until {@code io.mezzo.api.v1.ResourceMapping} exists; then this class
 * goes. Reserved entries carry both the deprecated {@code role} and a STATIC {@code reservations}
 * entry, unreserved ones {@code role: "*"}.
 */
public final class WireResources {
  private WireResources() {}

  public static List<Resource> toWire(Resources resources) {
    List<Resource> out = new ArrayList<>();
    for (Map.Entry<ResourceKey, ResourceValue> e : resources.asMap().entrySet()) {
      ResourceKey key = e.getKey();
      List<Resource.ReservationInfo> reservations = key.isReserved()
          ? List.of(new Resource.ReservationInfo(Resource.ReservationInfo.Type.STATIC, key.role(), null, null))
          : null;
      ResourceValue v = e.getValue();
      Resource r;
      if (v instanceof ResourceValue.Scalar s) {
        r = new Resource(key.name(), Value.Type.SCALAR, new Value.Scalar(s.value()), null, null, key.role(), null, reservations);
      } else if (v instanceof ResourceValue.Ranges rs) {
        r = new Resource(key.name(), Value.Type.RANGES, null, ranges(rs), null, key.role(), null, reservations);
      } else {
        ResourceValue.Items items = (ResourceValue.Items) v;
        r = new Resource(key.name(), Value.Type.SET, null, null, new Value.Set(List.copyOf(items.items())), key.role(),
            null, reservations);
      }
      out.add(r);
    }
    return out;
  }

  public static List<Attribute> toWire(Attributes attributes) {
    List<Attribute> out = new ArrayList<>();
    for (io.mezzo.core.resources.Attribute a : attributes.asList()) {
      AttributeValue v = a.value();
      if (v instanceof AttributeValue.Text t) {
        out.add(new Attribute(a.name(), Value.Type.TEXT, null, null, null, new Value.Text(t.value())));
      } else if (v instanceof AttributeValue.Number n) {
        out.add(new Attribute(a.name(), Value.Type.SCALAR, new Value.Scalar(n.value().value()), null, null, null));
      } else if (v instanceof AttributeValue.RangesValue rv) {
        out.add(new Attribute(a.name(), Value.Type.RANGES, null, ranges(rv.value()), null, null));
      } else if (v instanceof AttributeValue.SetValue sv) {
        out.add(new Attribute(a.name(), Value.Type.SET, null, null, new Value.Set(List.copyOf(sv.value().items())), null));
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
