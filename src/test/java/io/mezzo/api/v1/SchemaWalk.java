package io.mezzo.api.v1;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.mezzo.testing.ProtoOracle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Walks our wire records alongside the official message descriptors, starting from a root pair, and
 * collects every disagreement: a JSON property the proto does not have, a list where the proto
 * field is singular (or the reverse), a Java type that cannot hold the proto type, an enum constant
 * the proto does not know, a required proto field the record does not model. Properties kept as raw
 * {@link JsonNode} are passed through and not descended.
 */
final class SchemaWalk {
  private final ProtoOracle oracle;
  private final Set<String> visited = new HashSet<>();
  private final Set<String> checkedMessages = new TreeSet<>();
  private final List<String> problems = new ArrayList<>();

  SchemaWalk(ProtoOracle oracle) {
    this.oracle = oracle;
  }

  List<String> problems() {
    return problems;
  }

  Set<String> checkedMessages() {
    return checkedMessages;
  }

  void check(Class<?> record, String protoMessage) {
    if (!visited.add(record.getName() + "=" + protoMessage)) {
      return;
    }
    checkedMessages.add(protoMessage);
    Map<String, ProtoOracle.Field> fields = oracle.fields(protoMessage);
    JavaType type = MesosJson.mapper().constructType(record);
    BeanDescription bean = MesosJson.mapper().getSerializationConfig().introspect(type);
    Set<String> modelled = new HashSet<>();
    for (BeanPropertyDefinition property : bean.findProperties()) {
      modelled.add(property.getName());
    }
    for (ProtoOracle.Field field : fields.values()) {
      if (field.required() && !modelled.contains(field.name())) {
        problems.add(
            record.getName().replace("io.mezzo.api.", "")
                + ": required field '"
                + field.name()
                + "' of "
                + protoMessage
                + " is not modelled, so it cannot round-trip");
      }
    }
    for (BeanPropertyDefinition property : bean.findProperties()) {
      String where = record.getName().replace("io.mezzo.api.", "") + "." + property.getName();
      ProtoOracle.Field field = fields.get(property.getName());
      if (field == null) {
        problems.add(where + ": " + protoMessage + " has no field '" + property.getName() + "'");
        continue;
      }
      checkType(where, property.getPrimaryType(), field);
    }
  }

  private void checkType(String where, JavaType type, ProtoOracle.Field field) {
    JavaType element = type;
    if (field.map()) {
      if (!type.isMapLikeType()) {
        problems.add(where + ": proto field is a map, record has " + type);
        return;
      }
      element = type.getContentType();
    } else if (field.repeated()) {
      if (!type.isCollectionLikeType()) {
        problems.add(where + ": proto field is repeated, record has " + type);
        return;
      }
      element = type.getContentType();
    } else if (type.isCollectionLikeType() || type.isMapLikeType()) {
      problems.add(where + ": proto field is singular, record has " + type);
      return;
    }
    Class<?> raw = element.getRawClass();
    if (JsonNode.class.isAssignableFrom(raw)) {
      return;
    }
    boolean ok =
        switch (field.javaType()) {
          case "MESSAGE" -> raw.isRecord();
          case "ENUM" -> raw.isEnum();
          case "STRING", "BYTE_STRING" -> raw == String.class;
          case "DOUBLE", "FLOAT" -> raw == Double.class || raw == Float.class;
          // uint32 (MasterInfo.ip) needs a long in Java.
          case "INT" -> raw == Integer.class || raw == Long.class;
          case "LONG" -> raw == Long.class;
          case "BOOLEAN" -> raw == Boolean.class;
          default -> false;
        };
    if (!ok) {
      problems.add(where + ": proto type " + field.javaType() + " but record has " + raw.getName());
      return;
    }
    if (field.javaType().equals("MESSAGE")) {
      check(raw, field.messageType());
    } else if (field.javaType().equals("ENUM")) {
      for (Object constant : raw.getEnumConstants()) {
        String name = ((Enum<?>) constant).name();
        if (!field.enumValues().contains(name)) {
          problems.add(
              where + ": enum constant " + name + " unknown to the proto " + field.enumValues());
        }
      }
    }
  }
}
