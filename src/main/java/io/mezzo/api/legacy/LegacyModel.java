package io.mezzo.api.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.resources.Range;
import io.mezzo.core.resources.ResourceKey;
import io.mezzo.core.resources.ResourceValue;
import io.mezzo.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The building blocks of Mesos's legacy JSON (MESOS-API.md §4.3), which the Mesos web UI and many
 * tools read from {@code /master/state}, {@code /slave(1)/state} and friends. It is not the v1
 * proto mapping: resources are a flat "model" {@code {"cpus": 4.0, "gpus": 0.0, "mem": 7168.0,
 * "disk": 40000.0, "ports": "[31000-32000]"}}, attributes a flat object, times seconds as numbers.
 *
 * <p>Pure and thread-safe.
 */
public final class LegacyModel {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String[] ALWAYS = {"cpus", "gpus", "mem", "disk"};

  private LegacyModel() {}

  public static ObjectNode object() {
    return JSON.objectNode();
  }

  public static ArrayNode array() {
    return JSON.arrayNode();
  }

  /**
   * The flat resource model: {@code cpus}, {@code gpus}, {@code mem}, {@code disk} always (0 if
   * absent), scalars summed over roles, ranges as {@code "[31000-31005, 31007-32000]"} and sets as
   * {@code "{a, b}"}.
   */
  public static ObjectNode resources(Resources r) {
    ObjectNode out = object();
    for (String name : ALWAYS) {
      out.put(name, r.scalar(name));
    }
    Map<String, ResourceValue> merged = new TreeMap<>();
    for (Map.Entry<ResourceKey, ResourceValue> e : r.asMap().entrySet()) {
      merged.merge(e.getKey().name(), e.getValue(), ResourceValue::add);
    }
    merged.forEach(
        (name, v) -> {
          if (v instanceof ResourceValue.Scalar s) {
            out.put(name, s.value());
          } else if (v instanceof ResourceValue.Ranges rs) {
            out.put(name, ranges(rs.ranges()));
          } else if (v instanceof ResourceValue.Items items) {
            out.put(name, "{" + String.join(", ", new TreeSet<>(items.items())) + "}");
          }
        });
    return out;
  }

  /** The model of wire resources; resources that do not parse count as none. */
  public static ObjectNode resources(List<Resource> wire) {
    return resources(toCore(wire));
  }

  /** Wire resources in core form, or none when they do not parse (state pages must not fail). */
  public static Resources toCore(List<Resource> wire) {
    try {
      return wire == null ? Resources.empty() : ResourceMapping.toCore(wire);
    } catch (IllegalArgumentException e) {
      return Resources.empty();
    }
  }

  /** Mesos's range text: {@code [31000-31005, 31007-32000]}. */
  public static String ranges(List<Range> ranges) {
    List<String> parts = new ArrayList<>();
    for (Range range : ranges) {
      parts.add(range.begin() + "-" + range.end());
    }
    return "[" + String.join(", ", parts) + "]";
  }

  /** The reserved part by role, {@code {role: model}}; unreserved resources are left out. */
  public static ObjectNode reservedByRole(Resources r) {
    Map<String, Resources> byRole = new TreeMap<>();
    for (Map.Entry<ResourceKey, ResourceValue> e : r.asMap().entrySet()) {
      if (e.getKey().isReserved()) {
        byRole.merge(
            e.getKey().role(),
            Resources.builder().add(e.getKey(), e.getValue()).build(),
            Resources::plus);
      }
    }
    ObjectNode out = object();
    byRole.forEach((role, res) -> out.set(role, resources(res)));
    return out;
  }

  /** The "full" form: the v1 JSON of each resource, as Mesos adds beside the models. */
  public static ArrayNode full(Resources r, String allocationRole) {
    ArrayNode out = array();
    ResourceMapping.toWire(r, allocationRole, true).forEach(res -> out.add(MesosJson.tree(res)));
    return out;
  }

  /** Attributes as a flat object: text as strings, scalars as numbers, ranges and sets as text. */
  public static ObjectNode attributes(List<Attribute> attributes) {
    ObjectNode out = object();
    if (attributes == null) {
      return out;
    }
    for (Attribute a : attributes) {
      if (a == null || a.name() == null || a.type() == null) {
        continue;
      }
      switch (a.type()) {
        case TEXT -> out.put(a.name(), a.text() == null ? "" : a.text().value());
        case SCALAR ->
            out.put(
                a.name(),
                a.scalar() == null || a.scalar().value() == null ? 0.0 : a.scalar().value());
        case RANGES -> {
          List<Range> ranges = new ArrayList<>();
          if (a.ranges() != null && a.ranges().range() != null) {
            a.ranges().range().forEach(r -> ranges.add(new Range(r.begin(), r.end())));
          }
          out.put(a.name(), ranges(ranges));
        }
        case SET ->
            out.put(
                a.name(),
                "{"
                    + String.join(
                        ", ",
                        a.set() == null || a.set().item() == null ? List.of() : a.set().item())
                    + "}");
        default -> {}
      }
    }
    return out;
  }

  /**
   * One entry of a task's {@code statuses}: {@code state}, {@code timestamp} and, where set, {@code
   * labels}, {@code container_status} (v1 JSON) and {@code healthy}.
   */
  public static ObjectNode status(TaskStatus s) {
    ObjectNode out = object();
    out.put("state", s.state().name());
    out.put("timestamp", s.timestamp() == null ? 0.0 : s.timestamp());
    if (s.labels() != null) {
      out.set("labels", labels(MesosJson.tree(s.labels())));
    }
    if (s.containerStatus() != null) {
      out.set("container_status", MesosJson.tree(s.containerStatus()));
    }
    if (s.healthy() != null) {
      out.put("healthy", s.healthy());
    }
    return out;
  }

  /** Labels as Mesos's legacy JSON has them: the list itself, not {@code {"labels": [...]}}. */
  public static ArrayNode labels(JsonNode labelsMessage) {
    ArrayNode out = array();
    if (labelsMessage != null && labelsMessage.has("labels")) {
      labelsMessage.get("labels").forEach(out::add);
    }
    return out;
  }

  /** Seconds as Mesos's state JSON writes times. */
  public static double seconds(java.time.Instant t) {
    return t.toEpochMilli() / 1000.0;
  }
}
