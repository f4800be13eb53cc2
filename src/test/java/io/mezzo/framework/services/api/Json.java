package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Test shorthand: JSON text to a tree, failing the test on bad JSON. */
final class Json {
  private Json() {}

  static JsonNode read(String json) {
    try {
      return MarathonJson.MAPPER.readTree(json.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError("bad test JSON: " + json, e);
    }
  }
}
