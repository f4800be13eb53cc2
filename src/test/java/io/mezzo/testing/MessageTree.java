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
}
