package io.mezzo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.HashMap;
import java.util.Map;

/**
 * The top-level fields of Mesos 1.11's agent {@code /state} that every agent prints, with their
 * JSON types: what the Mesos web UI's agent page reads. One table for the unit test of the JSON and
 * the IT of the endpoint.
 */
public final class AgentStateFields {
  public static final Map<String, JsonNodeType> ALWAYS =
      Map.ofEntries(
          Map.entry("version", JsonNodeType.STRING),
          Map.entry("build_date", JsonNodeType.STRING),
          Map.entry("build_time", JsonNodeType.NUMBER),
          Map.entry("build_user", JsonNodeType.STRING),
          Map.entry("start_time", JsonNodeType.NUMBER),
          Map.entry("id", JsonNodeType.STRING),
          Map.entry("pid", JsonNodeType.STRING),
          Map.entry("hostname", JsonNodeType.STRING),
          Map.entry("capabilities", JsonNodeType.ARRAY),
          Map.entry("resources", JsonNodeType.OBJECT),
          Map.entry("reserved_resources", JsonNodeType.OBJECT),
          Map.entry("unreserved_resources", JsonNodeType.OBJECT),
          Map.entry("reserved_resources_full", JsonNodeType.OBJECT),
          Map.entry("unreserved_resources_full", JsonNodeType.ARRAY),
          Map.entry("reserved_resources_allocated", JsonNodeType.OBJECT),
          Map.entry("unreserved_resources_allocated", JsonNodeType.OBJECT),
          Map.entry("resource_providers", JsonNodeType.ARRAY),
          Map.entry("attributes", JsonNodeType.OBJECT),
          Map.entry("master_hostname", JsonNodeType.STRING),
          Map.entry("flags", JsonNodeType.OBJECT),
          Map.entry("frameworks", JsonNodeType.ARRAY),
          Map.entry("completed_frameworks", JsonNodeType.ARRAY));

  private AgentStateFields() {}

  /** {@link #ALWAYS} and {@code extra}: the fields an agent prints when it knows more. */
  public static Map<String, JsonNodeType> with(Map<String, JsonNodeType> extra) {
    Map<String, JsonNodeType> all = new HashMap<>(ALWAYS);
    all.putAll(extra);
    return all;
  }

  /** Asserts each field is in {@code state} with its type. */
  public static void assertTyped(JsonNode state, Map<String, JsonNodeType> fields) {
    fields.forEach(
        (field, type) -> {
          assertThat(state.has(field)).as(field + " present").isTrue();
          assertThat(state.get(field).getNodeType()).as(field).isEqualTo(type);
        });
  }
}
