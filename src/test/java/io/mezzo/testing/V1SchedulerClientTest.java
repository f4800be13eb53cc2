package io.mezzo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test clients against a scripted endpoint, so that when an IT fails it is the server's fault:
 * subscription, hand-out-once awaiting, auto-acknowledgement, chunk inspection, the raw 413 probe.
 */
class V1SchedulerClientTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String FRAMEWORK = "{\"user\":\"u\",\"name\":\"client-test\"}";

  private ScriptedSchedulerEndpoint endpoint;

  @BeforeEach
  void start() throws IOException {
    endpoint = new ScriptedSchedulerEndpoint();
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void subscribeKeepsTheStreamIdAndFrameworkId() {
    try (V1SchedulerClient client = V1SchedulerClient.subscribe(endpoint.baseUrl(), FRAMEWORK)) {
      assertThat(client.streamId()).isEqualTo(ScriptedSchedulerEndpoint.STREAM_ID);
      assertThat(client.frameworkId()).isEqualTo("fw-1");
      // SUBSCRIBED is still there for the test to await.
      assertThat(
              client
                  .awaitEvent("SUBSCRIBED", WAIT)
                  .at("/subscribed/heartbeat_interval_seconds")
                  .asDouble())
          .isEqualTo(15.0);
    }
  }

  @Test
  void callsCarryTheStreamIdAndJsonContentType() {
    try (V1SchedulerClient client = V1SchedulerClient.subscribe(endpoint.baseUrl(), FRAMEWORK)) {
      assertThat(client.reconcile().status()).isEqualTo(202);
      assertThat(client.callWithoutStreamId(client.newCall("REVIVE").toString()).status())
          .isEqualTo(202);

      assertThat(endpoint.calls()).hasSize(2);
      assertThat(endpoint.calls().get(0).streamId()).isEqualTo(ScriptedSchedulerEndpoint.STREAM_ID);
      assertThat(endpoint.calls().get(0).contentType()).isEqualTo("application/json");
      assertThat(endpoint.calls().get(0).body())
          .contains("\"framework_id\":{\"value\":\"fw-1\"}", "\"type\":\"RECONCILE\"");
      assertThat(endpoint.calls().get(1).streamId()).isNull();
    }
  }

  @Test
  void updatesWithAUuidAreAcknowledgedAndOthersAreNot() throws IOException {
    try (V1SchedulerClient client = V1SchedulerClient.subscribe(endpoint.baseUrl(), FRAMEWORK)) {
      endpoint.send(update("t1", "TASK_RUNNING", "AAAAAAAAAAAAAAAAAAAAAA=="));
      endpoint.send(update("t1", "TASK_LOST", null));

      client.awaitUpdate("t1", "TASK_LOST", WAIT);
      await().atMost(WAIT).until(() -> client.unacknowledgedUpdates().isEmpty());
      assertThat(endpoint.calls())
          .singleElement()
          .satisfies(
              call -> {
                assertThat(call.body())
                    .contains(
                        "\"type\":\"ACKNOWLEDGE\"",
                        "AAAAAAAAAAAAAAAAAAAAAA==",
                        "\"task_id\":{\"value\":\"t1\"}",
                        "\"agent_id\":{\"value\":\"a1\"}");
                assertThat(call.streamId()).isEqualTo(ScriptedSchedulerEndpoint.STREAM_ID);
              });
      assertThat(client.acknowledgeFailures()).isEmpty();
    }
  }

  @Test
  void eachMatchingEventIsHandedOutOnceInOrder() throws IOException {
    try (V1SchedulerClient client = V1SchedulerClient.subscribe(endpoint.baseUrl(), FRAMEWORK)) {
      endpoint.send("{\"type\":\"HEARTBEAT\"}");
      endpoint.send(update("t1", "TASK_RUNNING", null));
      endpoint.send(
          "{\"type\":\"OFFERS\",\"offers\":{\"offers\":["
              + offer("o1")
              + ","
              + offer("o2")
              + "]}}");
      endpoint.send("{\"type\":\"RESCIND\",\"rescind\":{\"offer_id\":{\"value\":\"o2\"}}}");
      endpoint.send("{\"type\":\"OFFERS\",\"offers\":{\"offers\":[" + offer("o3") + "]}}");
      endpoint.send("{\"type\":\"HEARTBEAT\"}");

      assertThat(client.awaitEvent("HEARTBEAT", WAIT)).isNotNull();
      assertThat(client.awaitEvent("HEARTBEAT", WAIT)).isNotNull();
      assertThat(
              client
                  .awaitUpdate("t1", Set.of("TASK_STARTING", "TASK_RUNNING"), WAIT)
                  .path("state")
                  .asText())
          .isEqualTo("TASK_RUNNING");
      assertThat(client.awaitOffer(WAIT).at("/id/value").asText()).isEqualTo("o1");
      assertThat(client.awaitOffer(WAIT).at("/id/value").asText())
          .as("o2 was rescinded")
          .isEqualTo("o3");
      assertThat(V1SchedulerClient.scalar(offer(client, "o1"), "cpus")).isEqualTo(2.0);
      assertThat(client.allRawEvents()).hasSize(7);
      assertThat(client.updatesFor("t1")).hasSize(1);
    }
  }

  @Test
  void aTimeoutSaysWhatWasWaitedForAndWhatCame() throws IOException {
    try (V1SchedulerClient client = V1SchedulerClient.subscribe(endpoint.baseUrl(), FRAMEWORK)) {
      endpoint.send("{\"type\":\"HEARTBEAT\"}");
      assertThatThrownBy(() -> client.awaitEvent("OFFERS", Duration.ofMillis(300)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("timed out")
          .hasMessageContaining("waiting for OFFERS")
          .hasMessageContaining("HEARTBEAT");
    }
  }

  @Test
  void theEndOfTheStreamEndsAWaitAtOnce() throws IOException {
    try (V1SchedulerClient client = V1SchedulerClient.subscribe(endpoint.baseUrl(), FRAMEWORK)) {
      endpoint.endStream();
      assertThatThrownBy(() -> client.awaitEvent("OFFERS", Duration.ofSeconds(30)))
          .hasMessageContaining("stream ended");
      assertThat(client.streamEnded()).isTrue();
    }
  }

  @Test
  void chunkedReaderSeesOneRecordPerChunkAndCatchesTwoInOne() throws Exception {
    try (ChunkedRecordReader reader =
        ChunkedRecordReader.subscribe(endpoint.baseUrl(), subscribeCall(), WAIT)) {
      assertThat(reader.status()).isEqualTo(200);
      assertThat(reader.isChunked()).isTrue();
      assertThat(reader.header("mesos-stream-id")).isEqualTo(ScriptedSchedulerEndpoint.STREAM_ID);
      assertThat(reader.nextRecord()).isEqualTo(ScriptedSchedulerEndpoint.SUBSCRIBED);

      endpoint.send("{\"type\":\"HEARTBEAT\"}");
      assertThat(reader.nextRecord()).isEqualTo("{\"type\":\"HEARTBEAT\"}");

      endpoint.send("{\"type\":\"HEARTBEAT\"}", "{\"type\":\"HEARTBEAT\"}");
      assertThatThrownBy(reader::nextRecord)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("not exactly one record");
      assertThat(reader.chunksRead()).isEqualTo(3);
    }
  }

  @Test
  void rawHttpSeesA413SentBeforeTheBodyIsRead() throws IOException {
    int status =
        RawHttp.postOfSize(
            endpoint.baseUrl(),
            V1SchedulerClient.PATH,
            Map.of("Content-Type", "application/json"),
            4 * ScriptedSchedulerEndpoint.MAX_BODY,
            WAIT);
    assertThat(status).isEqualTo(413);
  }

  private static JsonNode offer(V1SchedulerClient client, String id) {
    for (String raw : client.allRawEvents()) {
      for (JsonNode o : V1SchedulerClient.parse(raw).at("/offers/offers")) {
        if (o.at("/id/value").asText().equals(id)) {
          return o;
        }
      }
    }
    throw new AssertionError("no offer " + id);
  }

  private static String subscribeCall() {
    return "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":" + FRAMEWORK + "}}";
  }

  private static String offer(String id) {
    return "{\"id\":{\"value\":\""
        + id
        + "\"},\"framework_id\":{\"value\":\"fw-1\"},"
        + "\"agent_id\":{\"value\":\"a1\"},\"hostname\":\"h\",\"resources\":[{\"name\":\"cpus\","
        + "\"type\":\"SCALAR\",\"scalar\":{\"value\":2.0}}]}";
  }

  private static String update(String task, String state, String uuid) {
    return "{\"type\":\"UPDATE\",\"update\":{\"status\":{\"task_id\":{\"value\":\""
        + task
        + "\"},"
        + "\"state\":\""
        + state
        + "\",\"agent_id\":{\"value\":\"a1\"}"
        + (uuid == null ? "" : ",\"uuid\":\"" + uuid + "\"")
        + "}}}";
  }
}
