package io.mezzo.api.v1;

import static io.mezzo.testing.ProtoOracle.Schema.SCHEDULER_CALL;
import static io.mezzo.testing.ProtoOracle.Schema.SCHEDULER_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.testing.ProtoOracle;
import io.mezzo.testing.ProtoOracle.Schema;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our Mesos JSON codec against the official schema: the §2.8 examples survive a read/write round
 * trip through our records and what we write parses strictly with the 1.11.0 protos; proto defaults
 * are printed; Mesos's input leniency is reproduced; bad input fails with a message naming the
 * field.
 */
class MesosJsonTest {

  static Stream<Arguments> designDocExamples() {
    return Stream.of(
        Arguments.of("SUBSCRIBE", MesosJsonExamples.SUBSCRIBE, SCHEDULER_CALL),
        Arguments.of("SUBSCRIBED", MesosJsonExamples.SUBSCRIBED, SCHEDULER_EVENT),
        Arguments.of("OFFERS", MesosJsonExamples.OFFERS, SCHEDULER_EVENT),
        Arguments.of("ACCEPT/LAUNCH", MesosJsonExamples.ACCEPT_LAUNCH, SCHEDULER_CALL),
        Arguments.of("DECLINE", MesosJsonExamples.DECLINE, SCHEDULER_CALL),
        Arguments.of("UPDATE", MesosJsonExamples.UPDATE, SCHEDULER_EVENT),
        Arguments.of("ACKNOWLEDGE", MesosJsonExamples.ACKNOWLEDGE, SCHEDULER_CALL),
        Arguments.of("RECONCILE", MesosJsonExamples.RECONCILE, SCHEDULER_CALL),
        Arguments.of("KILL", MesosJsonExamples.KILL, SCHEDULER_CALL),
        Arguments.of("TEARDOWN", MesosJsonExamples.TEARDOWN, SCHEDULER_CALL),
        Arguments.of("SUPPRESS", MesosJsonExamples.SUPPRESS, SCHEDULER_CALL),
        Arguments.of("REVIVE", MesosJsonExamples.REVIVE, SCHEDULER_CALL),
        Arguments.of("HEARTBEAT", MesosJsonExamples.HEARTBEAT, SCHEDULER_EVENT),
        Arguments.of("ERROR", MesosJsonExamples.ERROR, SCHEDULER_EVENT),
        Arguments.of("RESCIND", MesosJsonExamples.RESCIND, SCHEDULER_EVENT),
        Arguments.of("FAILURE", MesosJsonExamples.FAILURE, SCHEDULER_EVENT),
        Arguments.of("MESSAGE", MesosJsonExamples.MESSAGE, SCHEDULER_EVENT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("designDocExamples")
  void designDocExampleIsValidAgainstTheOfficialProtos(String name, String json, Schema schema) {
    // If this fails the oracle (or the doc) is wrong, not our codec.
    ProtoOracle.check(schema, json);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("designDocExamples")
  void designDocExampleRoundTripsThroughOurRecordsAndStaysValid(
      String name, String json, Schema schema) {
    Class<?> type = schema == SCHEDULER_CALL ? Call.class : Event.class;
    Object record = MesosJson.read(json, type);
    String written = MesosJson.writeString(record);

    ProtoOracle.check(schema, written);
    assertContains(tree(json), tree(written), "");
  }

  @Test
  void typeIsReadAsTheEnumAndBodyAsTheNestedRecord() {
    Call accept = MesosJson.read(MesosJsonExamples.ACCEPT_LAUNCH, Call.class);
    assertThat(accept.type()).isEqualTo(Call.Type.ACCEPT);
    TaskInfo task = accept.accept().operations().get(0).launch().taskInfos().get(0);
    assertThat(task.taskId()).isEqualTo(TaskId.of("sleeper-1"));
    assertThat(task.resources()).extracting(Resource::name).containsExactly("cpus", "mem");
    assertThat(task.command().value()).isEqualTo("echo hello && sleep 30");

    Event update = MesosJson.read(MesosJsonExamples.UPDATE, Event.class);
    assertThat(update.update().status().state()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(update.update().status().uuid()).isEqualTo("Xw46DJsdSm6MLz1OX2Bxgg==");

    Event subscribed = MesosJson.read(MesosJsonExamples.SUBSCRIBED, Event.class);
    assertThat(subscribed.subscribed().masterInfo().ip()).isEqualTo(16777343L);
    assertThat(MasterInfo.packIp("127.0.0.1")).isEqualTo(16777343L);
  }

  @Nested
  class ProtoDefaultsArePrinted {
    @Test
    void frameworkInfoPrintsFailoverTimeoutAndCheckpoint() {
      JsonNode out =
          roundTrip(
              """
              {"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n"}}}""",
              Call.class,
              SCHEDULER_CALL);
      JsonNode info = out.path("subscribe").path("framework_info");
      assertThat(info.path("failover_timeout").isDouble()).isTrue();
      assertThat(info.path("failover_timeout").doubleValue()).isEqualTo(0.0);
      assertThat(info.path("checkpoint").isBoolean()).isTrue();
      assertThat(info.path("checkpoint").booleanValue()).isFalse();
      // Deprecated fields with defaults are not printed when unset (MESOS-API.md §2.5).
      assertThat(info.has("role")).isFalse();
    }

    @Test
    void commandInfoPrintsShellTrueAndFiltersPrintRefuseSeconds() {
      JsonNode out =
          roundTrip(
              """
              {"framework_id":{"value":"f"},"type":"ACCEPT","accept":{
                "offer_ids":[{"value":"o"}],
                "operations":[{"type":"LAUNCH","launch":{"task_infos":[{
                  "name":"t","task_id":{"value":"t"},"agent_id":{"value":"a"},
                  "command":{"value":"echo hello","uris":[{"value":"http://x/y.tgz"}]},
                  "container":{"type":"DOCKER","docker":{"image":"busybox"}}}]}}],
                "filters":{}}}""",
              Call.class,
              SCHEDULER_CALL);
      JsonNode task = out.at("/accept/operations/0/launch/task_infos/0");
      assertThat(task.at("/command/shell").booleanValue()).isTrue();
      assertThat(task.at("/command/uris/0/extract").booleanValue()).isTrue();
      assertThat(task.at("/container/docker/network").textValue()).isEqualTo("HOST");
      assertThat(out.at("/accept/filters/refuse_seconds").doubleValue()).isEqualTo(5.0);
    }

    @Test
    void declineWithoutFiltersStillMeansTheDefaultRefusal() {
      Call decline =
          MesosJson.read(
              """
              {"framework_id":{"value":"f"},"type":"DECLINE","decline":{"offer_ids":[{"value":"o"}]}}""",
              Call.class);
      assertThat(decline.decline().filters().refuseSeconds())
          .isEqualTo(Filters.DEFAULT_REFUSE_SECONDS);
      ProtoOracle.check(SCHEDULER_CALL, MesosJson.writeString(decline));
    }

    @Test
    void emptyStringsArePrintedBecauseTheyAreSetValues() {
      // proto2 has presence: "" is a set value, and for required fields (TaskID.value,
      // FrameworkInfo.user) dropping it makes the message invalid for a strict client.
      JsonNode out =
          roundTrip(
              """
              {"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"","name":"n",
               "labels":{"labels":[{"key":"k","value":""}]}}}}""",
              Call.class,
              SCHEDULER_CALL);
      assertThat(out.at("/subscribe/framework_info/user").textValue()).isEmpty();
      assertThat(out.at("/subscribe/framework_info/labels/labels/0/value").textValue()).isEmpty();
    }

    @Test
    void emptyRepeatedFieldsAreOmitted() {
      JsonNode out =
          roundTrip(
              """
              {"framework_id":{"value":"f"},"type":"RECONCILE","reconcile":{"tasks":[]}}""",
              Call.class,
              SCHEDULER_CALL);
      assertThat(out.path("reconcile").has("tasks")).isFalse();
    }
  }

  @Nested
  class MesosInputLeniency {
    @Test
    void numbersMayComeAsStrings() {
      Call call =
          MesosJson.read(
              """
              {"framework_id":{"value":"f"},"type":"KILL","kill":{"task_id":{"value":"t"},
               "kill_policy":{"grace_period":{"nanoseconds":"10000000000"}}}}""",
              Call.class);
      assertThat(call.kill().killPolicy().gracePeriod().nanoseconds()).isEqualTo(10_000_000_000L);

      Event offers =
          MesosJson.read(
              """
              {"type":"OFFERS","offers":{"offers":[{"id":{"value":"o"},"framework_id":{"value":"f"},
               "agent_id":{"value":"a"},"hostname":"h",
               "resources":[{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":"31000","end":"31005"}]}},
                            {"name":"cpus","type":"SCALAR","scalar":{"value":"2.5"}}]}]}}""",
              Event.class);
      Offer offer = offers.offers().offers().get(0);
      assertThat(offer.resources().get(0).ranges().range().get(0).begin()).isEqualTo(31000L);
      assertThat(offer.resources().get(1).scalar().value()).isEqualTo(2.5);

      Call subscribe =
          MesosJson.read(
              """
              {"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n",
               "failover_timeout":"3600","checkpoint":"true"}}}""",
              Call.class);
      assertThat(subscribe.subscribe().frameworkInfo().failoverTimeout()).isEqualTo(3600.0);
      assertThat(subscribe.subscribe().frameworkInfo().checkpoint()).isTrue();
    }

    @Test
    void infinityIsAcceptedForDoublesAndWrittenSoAStrictParserAcceptsIt() {
      Call call =
          MesosJson.read(
              """
              {"framework_id":{"value":"f"},"type":"DECLINE","decline":{"offer_ids":[{"value":"o"}],
               "filters":{"refuse_seconds":"Infinity"}}}""",
              Call.class);
      assertThat(call.decline().filters().refuseSeconds()).isEqualTo(Double.POSITIVE_INFINITY);
      ProtoOracle.check(SCHEDULER_CALL, MesosJson.writeString(call));

      Call negative =
          MesosJson.read(
              """
              {"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n",
               "failover_timeout":"-Infinity"}}}""",
              Call.class);
      assertThat(negative.subscribe().frameworkInfo().failoverTimeout())
          .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void limitsMapCarriesScalarMessagesIncludingInfinity() {
      JsonNode out =
          roundTrip(
              """
              {"framework_id":{"value":"f"},"type":"ACCEPT","accept":{"offer_ids":[{"value":"o"}],
               "operations":[{"type":"LAUNCH","launch":{"task_infos":[{"name":"t","task_id":{"value":"t"},
               "agent_id":{"value":"a"},"command":{"value":"true"},
               "limits":{"cpus":{"value":"Infinity"},"mem":{"value":512.0}}}]}}]}}""",
              Call.class,
              SCHEDULER_CALL);
      JsonNode limits = out.at("/accept/operations/0/launch/task_infos/0/limits");
      assertThat(limits.at("/mem/value").doubleValue()).isEqualTo(512.0);
      assertThat(limits.at("/cpus/value").asText()).isEqualTo("Infinity");
    }

    @Test
    void nullMeansUnset() {
      Call call =
          MesosJson.read(
              """
              {"framework_id":null,"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u",
               "name":"n","id":null,"failover_timeout":null,"checkpoint":null,"roles":null,
               "capabilities":null}}}""",
              Call.class);
      assertThat(call.frameworkId()).isNull();
      FrameworkInfo info = call.subscribe().frameworkInfo();
      assertThat(info.id()).isNull();
      assertThat(info.failoverTimeout()).isEqualTo(0.0);
      assertThat(info.checkpoint()).isFalse();
      assertThat(info.roles()).isEmpty();
      assertThat(info.capabilities()).isEmpty();
      ProtoOracle.check(SCHEDULER_CALL, MesosJson.writeString(call));
    }

    @Test
    void unknownKeysAreIgnored() {
      Call call =
          MesosJson.read(
              """
              {"type":"SUBSCRIBE","future_field":{"x":1},"subscribe":{"suppressed_rolez":["a"],
               "framework_info":{"user":"u","name":"n","offer_filters":{"*":{}},"not_a_field":7}}}""",
              Call.class);
      assertThat(call.subscribe().frameworkInfo().name()).isEqualTo("n");
      String written = MesosJson.writeString(call);
      assertThat(written).doesNotContain("future_field", "not_a_field", "suppressed_rolez");
      ProtoOracle.check(SCHEDULER_CALL, written);
    }

    @Test
    void unknownOptionalEnumValuesAreDropped() {
      Event event =
          MesosJson.read(
              """
              {"type":"UPDATE","update":{"status":{"task_id":{"value":"t"},"state":"TASK_RUNNING",
               "source":"SOURCE_SOMEWHERE_NEW","reason":"REASON_FROM_THE_FUTURE"}}}""",
              Event.class);
      TaskStatus status = event.update().status();
      assertThat(status.source()).isNull();
      assertThat(status.reason()).isNull();
      String written = MesosJson.writeString(event);
      assertThat(written).doesNotContain("SOMEWHERE", "FUTURE");
      ProtoOracle.check(SCHEDULER_EVENT, written);

      Call subscribe =
          MesosJson.read(
              """
              {"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n",
               "capabilities":[{"type":"MULTI_ROLE"},{"type":"QUOTA_V3"}]}}}""",
              Call.class);
      FrameworkInfo info = subscribe.subscribe().frameworkInfo();
      assertThat(info.hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE)).isTrue();
      ProtoOracle.check(SCHEDULER_CALL, MesosJson.writeString(subscribe));
    }

    @Test
    void anUnknownCallTypeIsReadAsNoTypeSoValidationRejectsIt() {
      // Mesos fails the parse because Call.type is required; we leave it unset and the scheduler
      // endpoint's validation answers 400 "Expecting 'type' to be present".
      Call call = MesosJson.read("{\"type\":\"CALL_FROM_THE_FUTURE\"}", Call.class);
      assertThat(call.type()).isNull();
    }
  }

  @Nested
  class MalformedInput {
    @Test
    void textThatIsNotJsonFailsWithItsPosition() {
      assertThatThrownBy(() -> MesosJson.read("{\"type\": ", Call.class))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageContaining("line 1");
      assertThatThrownBy(() -> MesosJson.read("not json", Call.class))
          .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void aWrongScalarTypeNamesTheFieldPath() {
      assertThatThrownBy(
              () ->
                  MesosJson.read(
                      """
                      {"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n",
                       "failover_timeout":"a week"}}}""",
                      Call.class))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageStartingWith("field 'subscribe.framework_info.failover_timeout': ");
    }

    @Test
    void aStringWhereAnIdMessageBelongsNamesTheField() {
      assertThatThrownBy(
              () -> MesosJson.read("{\"type\":\"TEARDOWN\",\"framework_id\":\"abc\"}", Call.class))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageStartingWith("field 'framework_id': ");
    }

    @Test
    void aBadListElementNamesItsIndex() {
      assertThatThrownBy(
              () ->
                  MesosJson.read(
                      """
                      {"framework_id":{"value":"f"},"type":"ACCEPT","accept":{"offer_ids":[{"value":"o"}],
                       "operations":[{"type":"LAUNCH","launch":{"task_infos":[{"name":"t",
                       "task_id":{"value":"t"},"agent_id":{"value":"a"},
                       "resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1}},
                                    {"name":"mem","type":"SCALAR","scalar":{"value":"lots"}}]}]}}]}}""",
                      Call.class))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageStartingWith(
              "field 'accept.operations[0].launch.task_infos[0].resources[1].scalar.value': ");
    }

    @Test
    void anObjectWhereAListBelongsNamesTheField() {
      assertThatThrownBy(
              () ->
                  MesosJson.read(
                      """
                      {"framework_id":{"value":"f"},"type":"REVIVE","revive":{"roles":{"a":1}}}""",
                      Call.class))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageStartingWith("field 'revive.roles': ");
    }
  }

  /** Input a lenient reader would run but Mesos refuses, and nulls where Mesos means "unset". */
  @Nested
  class HostileInput {
    @Test
    void textAfterTheObjectIsMalformedRatherThanIgnored() {
      assertThatThrownBy(() -> MesosJson.read("{\"type\":\"TEARDOWN\"} x", Call.class))
          .isInstanceOf(MalformedMessageException.class);
      assertThatThrownBy(
              () -> MesosJson.read("{\"type\":\"REVIVE\"}{\"type\":\"TEARDOWN\"}", Call.class))
          .isInstanceOf(MalformedMessageException.class);
      assertThat(MesosJson.read("{\"type\":\"TEARDOWN\"} \n", Call.class).type())
          .isEqualTo(Call.Type.TEARDOWN);
    }

    @Test
    void anEnumGivenAsANumberIsMalformed() {
      // By index, 2 would have been TEARDOWN: a stray number could end a framework.
      assertThatThrownBy(() -> MesosJson.read("{\"type\":2}", Call.class))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageStartingWith("field 'type': ");
    }

    @Test
    void aBodyNotInUtf8IsMalformed() {
      // Jackson alone would guess UTF-16 and UTF-32, and read the overlong C0 AF as '/'.
      String json = "{\"value\":\"x\"}";
      for (byte[] body :
          new byte[][] {
            json.getBytes(StandardCharsets.UTF_16),
            bytes("{\"value\":\"", 0xC0, 0xAF, "\"}"),
            bytes("{\"value\":\"", 0xF5, 0x80, 0x80, 0x80, "\"}"),
            bytes("{\"value\":\"", 0xED, 0xA0, 0x80, "\"}")
          }) {
        assertThatThrownBy(() -> MesosJson.read(body, TaskId.class))
            .isInstanceOf(MalformedMessageException.class)
            .hasMessageContaining("not valid UTF-8");
      }
      // Without a byte order mark these are valid UTF-8 bytes, full of NULs: not JSON.
      for (byte[] body :
          new byte[][] {
            json.getBytes(StandardCharsets.UTF_16LE), json.getBytes(Charset.forName("UTF-32"))
          }) {
        assertThatThrownBy(() -> MesosJson.read(body, TaskId.class))
            .isInstanceOf(MalformedMessageException.class);
      }
    }

    @Test
    void aLeadingByteOrderMarkIsIgnored() {
      assertThat(MesosJson.read(bytes("", 0xEF, 0xBB, 0xBF, "{\"value\":\"x\"}"), TaskId.class))
          .isEqualTo(TaskId.of("x"));
    }

    @Test
    void nullForARawJsonFieldMeansUnset() {
      TaskInfo task =
          MesosJson.read(
              "{\"name\":\"t\",\"executor\":null,\"health_check\":null,\"command\":{\"value\":\"true\"}}",
              TaskInfo.class);
      assertThat(task.executor()).isNull();
      assertThat(task.healthCheck()).isNull();
    }

    @Test
    void nullElementsOfArraysAndMapsAreSkippedAsMesosDoes() {
      Call revive =
          MesosJson.read(
              "{\"framework_id\":{\"value\":\"f\"},\"type\":\"REVIVE\",\"revive\":{\"roles\":[null,\"a\",null]}}",
              Call.class);
      assertThat(revive.revive().roles()).containsExactly("a");
      TaskInfo task =
          MesosJson.read("{\"limits\":{\"cpus\":null,\"mem\":{\"value\":1}}}", TaskInfo.class);
      assertThat(task.limits()).containsOnlyKeys("mem");
      FrameworkInfo info =
          MesosJson.read("{\"user\":\"u\",\"name\":\"n\",\"roles\":[null]}", FrameworkInfo.class);
      assertThat(info.roles()).isEmpty();
    }

    @Test
    void anIdWithoutItsValueIsMalformed() {
      // AgentID.value is required; echoed back in a reconciliation answer it was an invalid event.
      assertThatThrownBy(
              () ->
                  MesosJson.read(
                      "{\"framework_id\":{\"value\":\"f\"},\"type\":\"RECONCILE\",\"reconcile\":{\"tasks\":"
                          + "[{\"task_id\":{\"value\":\"t\"},\"agent_id\":{}}]}}",
                      Call.class))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageStartingWith("field 'reconcile.tasks[0].agent_id': ")
          .hasMessageContaining("'AgentID.value' is required");
    }

    private byte[] bytes(Object... parts) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (Object p : parts) {
        if (p instanceof String text) {
          out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        } else {
          out.write((Integer) p);
        }
      }
      return out.toByteArray();
    }
  }

  @Nested
  class RecordsMatchTheOfficialSchema {
    @Test
    void everyRecordReachableFromCallAndEventHasOnlyProtoFieldsOfCompatibleTypes() {
      SchemaWalk walk = new SchemaWalk(ProtoOracle.get());
      walk.check(Call.class, "mesos.v1.scheduler.Call");
      walk.check(Event.class, "mesos.v1.scheduler.Event");
      walk.check(AgentInfo.class, "mesos.v1.AgentInfo");
      assertThat(walk.problems()).as("records that disagree with the 1.11.0 protos").isEmpty();
      // Guard against a walk that silently checks nothing.
      assertThat(walk.checkedMessages())
          .contains(
              "mesos.v1.TaskInfo",
              "mesos.v1.CommandInfo.URI",
              "mesos.v1.ContainerInfo.DockerInfo.PortMapping",
              "mesos.v1.TaskStatus",
              "mesos.v1.HealthCheck.HTTPCheckInfo",
              "mesos.v1.CheckInfo.Command",
              "mesos.v1.CheckStatusInfo.Tcp",
              "mesos.v1.MasterInfo");
    }

    @Test
    void taskStateNamesAreExactlyTheProtoNames() {
      assertThat(ProtoOracle.get().fields("mesos.v1.TaskStatus").get("state").enumValues())
          .containsExactlyInAnyOrder(
              Stream.of(TaskState.values()).map(Enum::name).toArray(String[]::new));
    }
  }

  private static JsonNode roundTrip(String json, Class<?> type, Schema schema) {
    String written = MesosJson.writeString(MesosJson.read(json, type));
    ProtoOracle.check(schema, written);
    return tree(written);
  }

  private static JsonNode tree(String json) {
    try {
      return MesosJson.mapper().readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Every field of {@code expected} is in {@code actual} with the same value (numbers by value).
   */
  private static void assertContains(JsonNode expected, JsonNode actual, String path) {
    if (expected.isNumber()) {
      if (!actual.isNumber() || expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
        fail("at %s expected %s but was %s", path, expected, actual);
      }
    } else if (expected.isObject()) {
      if (!actual.isObject()) {
        fail("at %s expected an object but was %s", path, actual);
      }
      Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!actual.has(e.getKey())) {
          fail("at %s the field %s was lost in the round trip: %s", path, e.getKey(), actual);
        }
        assertContains(e.getValue(), actual.get(e.getKey()), path + "/" + e.getKey());
      }
    } else if (expected.isArray()) {
      if (!actual.isArray() || actual.size() != expected.size()) {
        fail("at %s expected %s but was %s", path, expected, actual);
      }
      for (int i = 0; i < expected.size(); i++) {
        assertContains(expected.get(i), actual.get(i), path + "/" + i);
      }
    } else if (!expected.equals(actual)) {
      fail("at %s expected %s but was %s", path, expected, actual);
    }
  }
}
