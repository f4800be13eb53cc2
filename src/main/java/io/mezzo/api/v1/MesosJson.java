package io.mezzo.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Mesos's own proto-to-JSON mapping (MESOS-API.md §2.5), not proto3 JSON: snake_case field names,
 * enums as names, unknown keys ignored, unknown optional enum names dropped, numbers accepted as
 * strings, "Infinity" accepted for doubles, nulls treated as unset, empty lists and unset fields
 * omitted (empty strings are printed: they are set values). Fields with proto defaults are
 * printed because the records fill them in.
 *
 * <p>Thread-safe; one shared mapper.
 */
public final class MesosJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .serializationInclusion(JsonInclude.Include.NON_EMPTY)
          // NON_EMPTY is for repeated fields, which Mesos omits when empty; an empty string is a set
          // proto2 value (and required ones like TaskID.value must not vanish), so strings are
          // omitted only when null.
          .withConfigOverride(
              String.class,
              o -> o.setInclude(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, null)))
          .build();

  private MesosJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  public static String writeString(Object value) {
    return new String(write(value), StandardCharsets.UTF_8);
  }

  /**
   * Parses a Mesos JSON body.
   *
   * @throws MalformedMessageException with a message naming what is wrong (not JSON, wrong type)
   */
  public static <T> T read(byte[] body, Class<T> type) {
    try {
      return MAPPER.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException(describe(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(String body, Class<T> type) {
    return read(body.getBytes(StandardCharsets.UTF_8), type);
  }

  public static <T> T convert(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException(describe(e), e);
    }
  }

  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /**
   * Says what is wrong in terms a client can act on: the JSON field path (e.g. {@code
   * accept.operations[0].launch.task_infos[0].resources[1].scalar.value}) and Jackson's first line,
   * or the position for text that is not JSON at all.
   */
  private static String describe(JsonProcessingException e) {
    String msg = e.getOriginalMessage();
    int cut = msg.indexOf('\n');
    if (cut > 0) {
      msg = msg.substring(0, cut);
    }
    if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference ref : jme.getPath()) {
        if (ref.getFieldName() != null) {
          if (path.length() > 0) {
            path.append('.');
          }
          path.append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          path.append('[').append(ref.getIndex()).append(']');
        }
      }
      return "field '" + path + "': " + msg;
    }
    JsonLocation at = e.getLocation();
    if (at != null && at.getLineNr() > 0) {
      return msg + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
    return msg;
  }
}
