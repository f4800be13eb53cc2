package io.mezzo.testing;

import static io.mezzo.testing.ProtoOracle.Schema.SCHEDULER_CALL;
import static io.mezzo.testing.ProtoOracle.Schema.SCHEDULER_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The oracle is only worth something if it is strict; these pin down what it rejects. */
class ProtoOracleTest {

  @Test
  void acceptsAValidBodyAndPrintsItBack() {
    String printed = ProtoOracle.check(SCHEDULER_EVENT, "{\"type\":\"HEARTBEAT\"}");
    assertThat(printed).contains("\"type\": \"HEARTBEAT\"");
  }

  @Test
  void rejectsAnUnknownField() {
    assertThatThrownBy(() -> ProtoOracle.check(SCHEDULER_EVENT, "{\"type\":\"HEARTBEAT\",\"x\":1}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("mesos.v1.scheduler.Event")
        .hasMessageContaining("Cannot find field: x");
  }

  @Test
  void rejectsAnEnumNameUnknownToTheReleasedProtos() {
    // QUOTA_V2 exists on Mesos's master branch but not in 1.11.0 (MESOS-API.md §2.8).
    assertThatThrownBy(
            () ->
                ProtoOracle.check(
                    SCHEDULER_EVENT,
                    """
                    {"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"f"},
                     "master_info":{"id":"m","ip":1,"port":5050,"capabilities":[{"type":"QUOTA_V2"}]}}}"""))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("QUOTA_V2");
  }

  @Test
  void rejectsAMissingRequiredField() {
    assertThatThrownBy(
            () ->
                ProtoOracle.check(
                    SCHEDULER_CALL,
                    "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"name\":\"n\"}}}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("missing required fields: user");
  }

  @Test
  void rejectsLowerCamelAliasesWhichMesosWouldIgnore() {
    assertThatThrownBy(
            () ->
                ProtoOracle.check(
                    SCHEDULER_CALL,
                    """
                    {"type":"ACCEPT","framework_id":{"value":"f"},
                     "accept":{"offer_ids":[{"value":"o"}],"filters":{"refuseSeconds":1}}}"""))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("/accept/filters/refuseSeconds");
  }

  @Test
  void mapKeysAreDataNotFieldNames() {
    ProtoOracle.check(
        SCHEDULER_CALL,
        """
        {"type":"ACCEPT","framework_id":{"value":"f"},"accept":{"offer_ids":[{"value":"o"}],
         "operations":[{"type":"LAUNCH","launch":{"task_infos":[{"name":"t","task_id":{"value":"t"},
         "agent_id":{"value":"a"},"limits":{"someCamelResource":{"value":1.0}}}]}}]}}""");
  }

  @Test
  void rejectsAnObjectWhereAListBelongs() {
    assertThatThrownBy(
            () ->
                ProtoOracle.check(
                    SCHEDULER_CALL,
                    "{\"type\":\"REVIVE\",\"framework_id\":{\"value\":\"f\"},\"revive\":{\"roles\":\"*\"}}"))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void runsOnTheProtobufRuntimeTheOfficialClassesWereBuiltFor() {
    // The test classpath has whatever protobuf-java the Quarkus BOM manages (4.x) or none at all.
    assertThat(ProtoOracle.get().protobufRuntime()).endsWith("protobuf-java-3.5.1.jar");
  }

  @Test
  void describesOfficialMessagesByProtoName() {
    assertThat(ProtoOracle.get().fields("mesos.v1.TaskID").get("value").required()).isTrue();
    assertThat(ProtoOracle.get().fields("mesos.v1.CommandInfo.URI")).containsKey("output_file");
    assertThat(ProtoOracle.Schema.SCHEDULER_CALL.protoName()).isEqualTo("mesos.v1.scheduler.Call");
  }
}
