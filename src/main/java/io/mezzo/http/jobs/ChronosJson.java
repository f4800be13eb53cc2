package io.mezzo.http.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.jobs.JobsException;
import java.nio.charset.StandardCharsets;

/**
 * Reading and writing the JSON of Chronos's API. Bodies are read strictly: a duplicated key or
 * anything after the first value is refused rather than one of the two silently winning.
 */
final class ChronosJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ChronosJson() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  static String stringify(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * The request body as a JSON object; 400 naming the problem when it is empty, not JSON, or not an
   * object (a job is always an object).
   */
  static JsonNode readObject(byte[] body) {
    if (body == null || body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
      throw new JobsException(
          400, "Request body is empty: a job definition (JSON object) is required");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new JobsException(400, "Request body is not valid JSON: " + problem(e));
    } catch (java.io.IOException e) {
      throw new JobsException(400, "Request body is not valid JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new JobsException(
          400,
          "Request body must be a JSON object (a job definition), not "
              + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
    }
    return node;
  }

  /** Jackson's own sentence and where, without the source excerpt it appends. */
  private static String problem(JsonProcessingException e) {
    String what = e.getOriginalMessage();
    int nl = what == null ? -1 : what.indexOf('\n');
    String sentence = what == null ? "unreadable" : nl < 0 ? what : what.substring(0, nl);
    return e.getLocation() == null
        ? sentence
        : sentence
            + " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
