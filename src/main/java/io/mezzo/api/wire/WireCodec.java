package io.mezzo.api.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UninitializedMessageException;
import io.mezzo.api.v1.MalformedMessageException;
import io.mezzo.api.v1.MesosJson;

/**
 * Mezzo's v1 records in either encoding. JSON is {@link MesosJson}; protobuf goes through the
 * official message ({@link WireTypes}) and {@link ProtoJson}, so a protobuf call becomes exactly
 * the record its JSON form would, and a record's protobuf form carries exactly its JSON's fields.
 */
public final class WireCodec {
  private WireCodec() {}

  /**
   * Decodes a protobuf body into {@code type}'s record.
   *
   * @throws MalformedMessageException saying what is wrong (not the message's wire format, a
   *     required field missing, a value the record refuses)
   */
  public static <T> T decode(byte[] body, Class<T> type) {
    return MesosJson.convert(tree(body, type), type);
  }

  /**
   * A protobuf body as Mesos JSON, before it becomes a record: for callers that must look at what
   * was sent (a call's type) when the record refuses it.
   */
  public static JsonNode tree(byte[] body, Class<?> type) {
    Message prototype = WireTypes.prototype(type);
    Message message;
    try {
      message = prototype.getParserForType().parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedMessageException(
          "Failed to parse body into "
              + prototype.getDescriptorForType().getName()
              + " protobuf: "
              + e.getMessage(),
          e);
    }
    return ProtoJson.toJson(message);
  }

  /** {@code record} in {@code format}. */
  public static byte[] encode(Object record, WireFormat format) {
    return format == WireFormat.JSON ? MesosJson.write(record) : toMessage(record).toByteArray();
  }

  /**
   * The official message for {@code record}.
   *
   * @throws IllegalStateException if the record holds what its message cannot (a field the 1.11
   *     protos lack, a required field unset): a defect in Mezzo, which tests look for
   */
  public static Message toMessage(Object record) {
    Message.Builder builder = WireTypes.prototype(record.getClass()).newBuilderForType();
    try {
      ProtoJson.merge(MesosJson.tree(record), builder);
      return builder.build();
    } catch (IllegalArgumentException | UninitializedMessageException e) {
      throw new IllegalStateException(
          record.getClass().getName() + " has no faithful protobuf form: " + e.getMessage(), e);
    }
  }
}
