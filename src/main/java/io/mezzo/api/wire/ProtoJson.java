package io.mezzo.api.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Mesos's JSON mapping of a protobuf message (MESOS-API.md §2.5), walked from the message's
 * descriptor: the one bridge between the official Mesos classes and Mezzo's records, so the two
 * encodings cannot drift apart field by field.
 *
 * <ul>
 *   <li>{@link #toJson}: set fields only, under their proto names; enums by name; 64-bit integers
 *       as JSON numbers (unsigned ones as their unsigned value); bytes as standard Base64; maps as
 *       objects; {@code google.protobuf.Duration} as {@code {"seconds", "nanos"}} like any message.
 *       Unknown fields (and proto2 enum numbers the 1.11 protos do not know, which protobuf keeps
 *       as unknown fields) are left out, as Mesos's own conversion does.
 *   <li>{@link #merge}: strict, for what Mezzo sends: a key the message does not have, an enum name
 *       it does not know or a value of the wrong JSON type is an error naming the field's path
 *       ({@code offers[0].resources[1].scalar.value}); numbers may be numeric strings and doubles
 *       {@code "Infinity"}, as Mezzo's JSON allows; null means unset.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class ProtoJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ProtoJson() {}

  /** The JSON form of {@code message}. */
  public static ObjectNode toJson(MessageOrBuilder message) {
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor field = e.getKey();
      Object value = e.getValue();
      if (field.isMapField()) {
        ObjectNode map = out.putObject(field.getName());
        for (Object entry : (List<?>) value) {
          Message m = (Message) entry;
          FieldDescriptor k = m.getDescriptorForType().findFieldByName("key");
          FieldDescriptor v = m.getDescriptorForType().findFieldByName("value");
          map.set(String.valueOf(m.getField(k)), scalarOrMessage(v, m.getField(v)));
        }
      } else if (field.isRepeated()) {
        ArrayNode array = out.putArray(field.getName());
        for (Object item : (List<?>) value) {
          array.add(scalarOrMessage(field, item));
        }
      } else {
        out.set(field.getName(), scalarOrMessage(field, value));
      }
    }
    return out;
  }

  private static JsonNode scalarOrMessage(FieldDescriptor field, Object value) {
    return switch (field.getType()) {
      case MESSAGE, GROUP -> toJson((MessageOrBuilder) value);
      case ENUM -> NODES.textNode(((EnumValueDescriptor) value).getName());
      case BYTES ->
          NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case STRING -> NODES.textNode((String) value);
      case BOOL -> NODES.booleanNode((Boolean) value);
      case DOUBLE -> NODES.numberNode((Double) value);
      case FLOAT -> NODES.numberNode((Float) value);
      case INT32, SINT32, SFIXED32 -> NODES.numberNode((Integer) value);
      case UINT32, FIXED32 -> NODES.numberNode(Integer.toUnsignedLong((Integer) value));
      case INT64, SINT64, SFIXED64 -> NODES.numberNode((Long) value);
      case UINT64, FIXED64 -> {
        long v = (Long) value;
        yield v >= 0
            ? NODES.numberNode(v)
            : NODES.numberNode(new BigInteger(Long.toUnsignedString(v)));
      }
    };
  }

  /**
   * Sets on {@code builder} every field of the JSON object {@code json}.
   *
   * @throws IllegalArgumentException naming the field's path and what is wrong with it
   */
  public static void merge(JsonNode json, Message.Builder builder) {
    merge(json, builder, "");
  }

  private static void merge(JsonNode json, Message.Builder builder, String path) {
    if (!json.isObject()) {
      throw wrong(path.isEmpty() ? "(message)" : path, "an object", json);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String where = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      JsonNode value = e.getValue();
      if (value.isNull()) {
        continue;
      }
      FieldDescriptor field = builder.getDescriptorForType().findFieldByName(e.getKey());
      if (field == null) {
        throw new IllegalArgumentException(
            "'" + where + "' is not a field of " + builder.getDescriptorForType().getFullName());
      }
      if (field.isMapField()) {
        if (!value.isObject()) {
          throw wrong(where, "an object", value);
        }
        FieldDescriptor k = field.getMessageType().findFieldByName("key");
        FieldDescriptor v = field.getMessageType().findFieldByName("value");
        Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
        while (entries.hasNext()) {
          Map.Entry<String, JsonNode> entry = entries.next();
          Message.Builder eb = builder.newBuilderForField(field);
          eb.setField(k, scalar(k, NODES.textNode(entry.getKey()), where));
          eb.setField(v, valueOf(v, entry.getValue(), where + "." + entry.getKey(), eb));
          builder.addRepeatedField(field, eb.build());
        }
      } else if (field.isRepeated()) {
        if (!value.isArray()) {
          throw wrong(where, "an array", value);
        }
        for (int i = 0; i < value.size(); i++) {
          if (value.get(i).isNull()) {
            continue;
          }
          builder.addRepeatedField(
              field, valueOf(field, value.get(i), where + "[" + i + "]", builder));
        }
      } else {
        builder.setField(field, valueOf(field, value, where, builder));
      }
    }
  }

  /** A field's value; {@code owner} is the builder the field belongs to. */
  private static Object valueOf(
      FieldDescriptor field, JsonNode value, String where, Message.Builder owner) {
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      Message.Builder child = owner.newBuilderForField(field);
      merge(value, child, where);
      // Required fields are checked once, on the whole message, by the caller's build().
      return child.buildPartial();
    }
    return scalar(field, value, where);
  }

  private static Object scalar(FieldDescriptor field, JsonNode value, String where) {
    return switch (field.getJavaType()) {
      case STRING -> {
        if (!value.isTextual()) {
          throw wrong(where, "a string", value);
        }
        yield value.textValue();
      }
      case BOOLEAN -> {
        if (value.isBoolean()) {
          yield value.booleanValue();
        }
        if (value.isTextual()
            && (value.textValue().equals("true") || value.textValue().equals("false"))) {
          yield Boolean.parseBoolean(value.textValue());
        }
        throw wrong(where, "a boolean", value);
      }
      case DOUBLE -> number(value, where).doubleValue();
      case FLOAT -> number(value, where).floatValue();
      case INT -> {
        BigInteger n = integer(value, where);
        boolean unsigned =
            field.getType() == FieldDescriptor.Type.UINT32
                || field.getType() == FieldDescriptor.Type.FIXED32;
        yield fits(where, value, () -> unsigned ? (int) n.longValueExact() : n.intValueExact());
      }
      case LONG -> {
        BigInteger n = integer(value, where);
        boolean unsigned =
            field.getType() == FieldDescriptor.Type.UINT64
                || field.getType() == FieldDescriptor.Type.FIXED64;
        yield fits(where, value, () -> unsigned ? n.longValue() : n.longValueExact());
      }
      case BYTE_STRING -> {
        if (!value.isTextual()) {
          throw wrong(where, "a Base64 string", value);
        }
        try {
          yield ByteString.copyFrom(Base64.getDecoder().decode(value.textValue()));
        } catch (IllegalArgumentException e) {
          throw wrong(where, "a Base64 string", value);
        }
      }
      case ENUM -> {
        if (!value.isTextual()) {
          throw wrong(where, "an enum name", value);
        }
        EnumValueDescriptor v = field.getEnumType().findValueByName(value.textValue());
        if (v == null) {
          throw new IllegalArgumentException(
              "'"
                  + where
                  + "': '"
                  + value.textValue()
                  + "' is not a value of "
                  + field.getEnumType().getFullName());
        }
        yield v;
      }
      case MESSAGE -> throw new IllegalStateException("messages are merged, not converted");
    };
  }

  private static <T> T fits(String where, JsonNode value, java.util.function.Supplier<T> narrow) {
    try {
      return narrow.get();
    } catch (ArithmeticException e) {
      throw wrong(where, "an integer of the field's size", value);
    }
  }

  private static Number number(JsonNode value, String where) {
    if (value.isNumber()) {
      return value.numberValue();
    }
    if (value.isTextual()) {
      String t = value.textValue();
      switch (t) {
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        case "NaN":
          return Double.NaN;
        default:
          try {
            return Double.parseDouble(t);
          } catch (NumberFormatException e) {
            throw wrong(where, "a number", value);
          }
      }
    }
    throw wrong(where, "a number", value);
  }

  private static BigInteger integer(JsonNode value, String where) {
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue();
    }
    if (value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue())) {
      return value.decimalValue().toBigInteger();
    }
    if (value.isTextual()) {
      try {
        return new BigInteger(value.textValue().trim());
      } catch (NumberFormatException e) {
        throw wrong(where, "an integer", value);
      }
    }
    throw wrong(where, "an integer", value);
  }

  private static IllegalArgumentException wrong(String where, String expected, JsonNode got) {
    return new IllegalArgumentException(
        "'"
            + where
            + "': expected "
            + expected
            + ", got "
            + got.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
            + " "
            + abbreviate(got));
  }

  private static String abbreviate(JsonNode node) {
    String s = node.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
