package io.mezzo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A protobuf message as a JSON tree in Mesos's mapping (proto field names, enum names, bytes in
 * base64, only the fields that are set), walked from the message's descriptor here and not through
 * Mezzo's codec, so that comparing it with the JSON Mezzo wrote compares the two encodings' effect
 * rather than one mapping with itself. Numbers are doubles.
 */
public final class MessageTree {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private MessageTree() {}

  public static ObjectNode of(Message message) {
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      if (f.isRepeated()) {
        ArrayNode array = out.putArray(f.getName());
        for (Object v : (List<?>) e.getValue()) {
          array.add(value(f, v));
        }
      } else {
        out.set(f.getName(), value(f, e.getValue()));
      }
    }
    return out;
  }

  private static JsonNode value(FieldDescriptor f, Object v) {
    return switch (f.getJavaType()) {
      case MESSAGE -> of((Message) v);
      case ENUM -> NODES.textNode(((EnumValueDescriptor) v).getName());
      case BYTE_STRING ->
          NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
      case BOOLEAN -> NODES.booleanNode((Boolean) v);
      case STRING -> NODES.textNode((String) v);
      default -> NODES.numberNode(((Number) v).doubleValue());
    };
  }

  /**
   * The reverse walk: fills {@code builder} from a JSON tree in Mesos's mapping and returns it
   * built without the required-field check (a call missing one is the server's to refuse).
   *
   * @throws IllegalArgumentException naming the field the message has no room for or whose value
   *     does not fit its type
   */
  public static Message toMessage(JsonNode json, Message.Builder builder) {
    if (!json.isObject()) {
      throw new IllegalArgumentException("not an object: " + json);
    }
    var fields = json.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      FieldDescriptor f = builder.getDescriptorForType().findFieldByName(e.getKey());
      if (f == null) {
        throw new IllegalArgumentException(
            builder.getDescriptorForType().getFullName() + " has no field " + e.getKey());
      }
      if (f.isRepeated()) {
        if (!e.getValue().isArray()) {
          throw new IllegalArgumentException(e.getKey() + " is not an array");
        }
        for (JsonNode v : e.getValue()) {
          builder.addRepeatedField(f, fromJson(f, v, builder));
        }
      } else if (!e.getValue().isNull()) {
        builder.setField(f, fromJson(f, e.getValue(), builder));
      }
    }
    return builder.buildPartial();
  }

  private static Object fromJson(FieldDescriptor f, JsonNode v, Message.Builder parent) {
    switch (f.getJavaType()) {
      case MESSAGE:
        return toMessage(v, parent.newBuilderForField(f));
      case ENUM:
        EnumValueDescriptor e = f.getEnumType().findValueByName(v.asText());
        if (e == null || !v.isTextual()) {
          throw new IllegalArgumentException(f.getName() + ": no enum value " + v);
        }
        return e;
      case BYTE_STRING:
        try {
          return ByteString.copyFrom(Base64.getDecoder().decode(v.asText()));
        } catch (IllegalArgumentException badBase64) {
          throw new IllegalArgumentException(f.getName() + ": not base64: " + v, badBase64);
        }
      case STRING:
        if (!v.isTextual()) {
          throw new IllegalArgumentException(f.getName() + ": not a string: " + v);
        }
        return v.asText();
      case BOOLEAN:
        if (!v.isBoolean()) {
          throw new IllegalArgumentException(f.getName() + ": not a boolean: " + v);
        }
        return v.asBoolean();
      default:
        if (!v.isNumber()) {
          throw new IllegalArgumentException(f.getName() + ": not a number: " + v);
        }
        return switch (f.getJavaType()) {
          case INT -> v.intValue();
          case LONG -> v.longValue();
          case FLOAT -> v.floatValue();
          default -> v.doubleValue();
        };
    }
  }
}
