package io.mezzo.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.MalformedMessageException;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import org.apache.mesos.v1.scheduler.Protos;
import org.junit.jupiter.api.Test;

class WireCodecTest {
  private static final String SUBSCRIBE =
      """
      {"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n",
       "roles":["r"],"capabilities":[{"type":"MULTI_ROLE"}],"failover_timeout":5.5}}}""";

  @Test
  void aProtobufCallBecomesTheRecordItsJsonWould() throws Exception {
    Call fromJson = MesosJson.read(SUBSCRIBE, Call.class);
    byte[] proto = WireCodec.encode(fromJson, WireFormat.PROTOBUF);

    Protos.Call official = Protos.Call.parseFrom(proto);
    assertThat(official.getSubscribe().getFrameworkInfo().getRoles(0)).isEqualTo("r");
    assertThat(official.getSubscribe().getFrameworkInfo().getFailoverTimeout()).isEqualTo(5.5);

    Call fromProto = WireCodec.decode(official.toByteArray(), Call.class);
    assertThat(MesosJson.tree(fromProto)).isEqualTo(MesosJson.tree(fromJson));
  }

  @Test
  void eventsEncodeToTheOfficialMessage() throws Exception {
    Event e =
        MesosJson.read(
            """
            {"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"f-0000"},
             "heartbeat_interval_seconds":15.0}}""",
            Event.class);
    Protos.Event official = Protos.Event.parseFrom(WireCodec.encode(e, WireFormat.PROTOBUF));
    assertThat(official.getType()).isEqualTo(Protos.Event.Type.SUBSCRIBED);
    assertThat(official.getSubscribed().getFrameworkId().getValue()).isEqualTo("f-0000");
  }

  @Test
  void aBodyThatIsNotTheMessageIsMalformed() {
    assertThatThrownBy(() -> WireCodec.decode(new byte[] {(byte) 0xff, 1, 2}, Call.class))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("Failed to parse body into Call protobuf");
  }

  @Test
  void anUnknownCallTypeNumberLeavesTheTypeUnset() {
    // field 2 (type) = 999, which the 1.11 enum lacks: protobuf keeps it as an unknown field
    Call call = WireCodec.decode(new byte[] {0x10, (byte) 0xe7, 0x07}, Call.class);
    assertThat(call.type()).isNull();
  }
}
