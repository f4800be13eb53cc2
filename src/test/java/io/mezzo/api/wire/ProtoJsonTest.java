package io.mezzo.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.OfferFilters;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.master.Protos.Call;
import org.junit.jupiter.api.Test;

class ProtoJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void setFieldsOnlyUnderProtoNamesWithEnumsByName() throws Exception {
    TaskStatus status =
        TaskStatus.newBuilder()
            .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue("t"))
            .setState(org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING)
            .setUuid(ByteString.copyFrom(new byte[] {1, 2, 3}))
            .setTimestamp(1.5)
            .build();
    assertThat(ProtoJson.toJson(status))
        .isEqualTo(
            json(
                "{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_RUNNING\",\"uuid\":\"AQID\","
                    + "\"timestamp\":1.5}"));
  }

  @Test
  void sixtyFourBitIntegersAreNumbersAndUnsignedOnesKeepTheirValue() throws Exception {
    Value.Range range = Value.Range.newBuilder().setBegin(31000).setEnd(Long.MAX_VALUE).build();
    assertThat(ProtoJson.toJson(range).get("end").isIntegralNumber()).isTrue();
    assertThat(ProtoJson.toJson(range).get("end").asLong()).isEqualTo(Long.MAX_VALUE);

    // ReadFile.offset/length are uint64: -1 on the wire is 2^64 - 1
    Call.ReadFile read = Call.ReadFile.newBuilder().setPath("p").setOffset(-1).build();
    assertThat(ProtoJson.toJson(read).get("offset").bigIntegerValue().toString())
        .isEqualTo("18446744073709551615");
  }

  @Test
  void mapsAreObjectsBothWays() throws Exception {
    FrameworkInfo info =
        FrameworkInfo.newBuilder()
            .setUser("u")
            .setName("n")
            .putOfferFilters(
                "r",
                OfferFilters.newBuilder()
                    .setMinAllocatableResources(OfferFilters.MinAllocatableResources.newBuilder())
                    .build())
            .build();
    JsonNode j = ProtoJson.toJson(info);
    assertThat(j.get("offer_filters").has("r")).isTrue();

    FrameworkInfo.Builder back = FrameworkInfo.newBuilder();
    ProtoJson.merge(j, back);
    assertThat(back.build()).isEqualTo(info);
  }

  @Test
  void mergeTakesNumericStringsInfinityAndNulls() throws Exception {
    TaskInfo.Builder b = TaskInfo.newBuilder();
    ProtoJson.merge(
        json(
            "{\"name\":\"x\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"},"
                + "\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\","
                + "\"scalar\":{\"value\":\"Infinity\"}},null],"
                + "\"limits\":{\"mem\":{\"value\":\"512\"}},\"data\":null}"),
        b);
    TaskInfo t = b.build();
    assertThat(t.getResources(0).getScalar().getValue()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(t.getResourcesCount()).isEqualTo(1);
    assertThat(t.getLimitsMap().get("mem").getValue()).isEqualTo(512.0);
    assertThat(t.hasData()).isFalse();
  }

  @Test
  void mergeNamesTheFieldThatDoesNotFit() throws Exception {
    assertThatThrownBy(
            () -> ProtoJson.merge(json("{\"task_id\":{\"valu\":\"t\"}}"), TaskInfo.newBuilder()))
        .hasMessageContaining("'task_id.valu' is not a field of mesos.v1.TaskID");
    assertThatThrownBy(
            () ->
                ProtoJson.merge(
                    json("{\"resources\":[{\"type\":\"SCALARS\"}]}"), TaskInfo.newBuilder()))
        .hasMessageContaining(
            "'resources[0].type': 'SCALARS' is not a value of mesos.v1.Value.Type");
    assertThatThrownBy(() -> ProtoJson.merge(json("{\"name\":3}"), TaskInfo.newBuilder()))
        .hasMessageContaining("'name': expected a string");
    assertThatThrownBy(
            () -> ProtoJson.merge(json("{\"begin\":1.5,\"end\":2}"), Value.Range.newBuilder()))
        .hasMessageContaining("'begin': expected an integer");
    assertThatThrownBy(() -> ProtoJson.merge(json("{\"uuid\":\"***\"}"), TaskStatus.newBuilder()))
        .hasMessageContaining("'uuid': expected a Base64 string");
  }

  @Test
  void durationsAreSecondsAndNanosLikeAnyMessage() throws Exception {
    Call.DrainAgent drain =
        Call.DrainAgent.newBuilder()
            .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue("a"))
            .setMaxGracePeriod(com.google.protobuf.Duration.newBuilder().setSeconds(600))
            .build();
    JsonNode grace = ProtoJson.toJson(drain).get("max_grace_period");
    assertThat(grace.size()).isEqualTo(1);
    assertThat(grace.get("seconds").asLong()).isEqualTo(600);
  }
}
