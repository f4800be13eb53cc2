package io.mezzo.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
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
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Mesos's own proto-to-JSON mapping (MESOS-API.md §2.5), not proto3 JSON: snake_case field names,
 * enums as names, unknown keys ignored, unknown optional enum names dropped, numbers accepted as
 * strings, "Infinity" accepted for doubles, nulls treated as unset, empty lists and unset fields
 * omitted (empty strings are printed: they are set values). Fields with proto defaults are printed
 * because the records fill them in.
 *
 * <p>Input is one JSON value in UTF-8 (RFC 8259 §8.1; a leading byte order mark is ignored), as
 * Mesos's parser requires: other encodings, malformed or overlong UTF-8, text after the value and
 * enum values given as numbers are malformed, so a call is never run from a body Mesos would
 * refuse.
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
          // "{...} x" is not JSON; without this the object before the junk would be run.
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // Mesos reads enums from their names only. By index, a stray number would become a call
          // type: "type": 2 would be a TEARDOWN.
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .serializationInclusion(JsonInclude.Include.NON_EMPTY)
          // NON_EMPTY is for repeated fields, which Mesos omits when empty; an empty string is a
          // set
          // proto2 value (and required ones like TaskID.value must not vanish), so strings are
          // omitted only when null.
          .withConfigOverride(
              String.class,
              o -> o.setInclude(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, null)))
          // Mesos's parser treats null as unset everywhere, also inside arrays and maps: {"roles":
          // [null]} is {"roles": []}. Kept, a null element would reach code that cannot hold one.
          .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.SKIP))
          // Raw JSON fields (TaskInfo.executor, health_check, ...) would hold a NullNode for an
          // explicit null, which reads as "set"; null means unset (§2.5), so they stay Java null.
          .withConfigOverride(
              JsonNode.class, o -> o.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.SKIP)))
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
   * @throws MalformedMessageException with a message naming what is wrong (not UTF-8, not JSON,
   *     wrong type)
   */
  public static <T> T read(byte[] body, Class<T> type) {
    CharBuffer text = utf8(body);
    try {
      return MAPPER.readValue(
          new CharArrayReader(text.array(), text.position(), text.remaining()), type);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException(describe(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(String body, Class<T> type) {
    return read(body.getBytes(StandardCharsets.UTF_8), type);
  }

  /**
   * Decodes strictly: Jackson's own byte parser guesses UTF-16 and UTF-32 from the first bytes and
   * lets overlong sequences through ({@code C0 AF} would read as '/'), so the bytes are checked
   * here.
   */
  private static CharBuffer utf8(byte[] body) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out =
        CharBuffer.allocate(body.length); // UTF-8 never decodes to more chars than bytes
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new MalformedMessageException(
          "Body is not valid UTF-8: "
              + (result.isMalformed() ? "malformed" : "unmappable")
              + " input at byte "
              + in.position());
    }
    out.flip();
    if (out.hasRemaining() && out.get(out.position()) == '\uFEFF') {
      out.position(out.position() + 1); // a byte order mark, which RFC 8259 lets a parser ignore
    }
    return out;
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
