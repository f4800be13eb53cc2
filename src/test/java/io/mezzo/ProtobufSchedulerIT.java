package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.agent.IpAddresses;
import io.mezzo.testing.MessageTree;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.ProtobufSchedulerClient;
import io.mezzo.testing.ProtobufSchedulerClient.Answer;
import io.mezzo.testing.V1SchedulerClient;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The scheduler API in protobuf on the packaged standalone jar, driven with the official Mesos
 * classes as the Mesos Java library would: a command task's whole life, reconciliation, decline and
 * teardown; the stream's format follows Accept, not the request's Content-Type; and the same calls
 * in JSON and in protobuf have the same effect and the same answers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProtobufSchedulerIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static MezzoProcess mezzo;

  @BeforeAll
  static void start() {
    mezzo = MezzoProcess.standalone("protobuf-scheduler");
  }

  @AfterAll
  static void stop() {
    if (mezzo != null) {
      mezzo.close();
    }
  }

  static FrameworkInfo info(String name) {
    return FrameworkInfo.newBuilder()
        .setUser(System.getProperty("user.name"))
        .setName(name)
        .addRoles("*")
        .addCapabilities(
            FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
        .build();
  }

  private static boolean fits(Offer o) {
    return ProtobufSchedulerClient.scalar(o, "cpus") >= 0.1
        && ProtobufSchedulerClient.scalar(o, "mem") >= 32;
  }

  @Test
  @Order(1)
  void aProtobufFrameworkRunsACommandTaskReconcilesDeclinesAndTearsDown() {
    try (ProtobufSchedulerClient fw =
        ProtobufSchedulerClient.subscribe(mezzo.baseUrl(), info("protobuf-it"))) {
      assertThat(fw.streamId()).isNotBlank();
      assertThat(fw.subscribeResponse().headers().firstValue("Content-Type"))
          .hasValue(ProtobufSchedulerClient.PROTOBUF);
      assertThat(fw.frameworkId().getValue()).isNotBlank();

      Offer offer = fw.awaitOffer(ProtobufSchedulerIT::fits, TIMEOUT);
      // url.address as Mesos fills it: the agent's hostname and its IP, never the name twice.
      assertThat(offer.getUrl().getAddress().getHostname()).isEqualTo(offer.getHostname());
      assertThat(offer.getUrl().getAddress().getIp()).matches(IpAddresses::isLiteral);
      assertThat(offer.getUrl().getAddress().getPort()).isPositive();
      assertThat(offer.getUrl().getPath()).isEqualTo("/slave(1)");

      String taskId = "pb-hi";
      Answer accepted =
          fw.accept(
              offer, ProtobufSchedulerClient.commandTask(taskId, 0.1, 32, "*", "echo hi; sleep 3"));
      assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);

      TaskStatus running = acknowledgeUntil(fw, taskId, TaskState.TASK_RUNNING);
      Answer explicit = fw.reconcile(taskId, running.getAgentId());
      assertThat(explicit.status()).as(explicit.text()).isEqualTo(202);
      TaskStatus reconciled = awaitReconciliation(fw, taskId);
      assertThat(reconciled.getState()).isIn(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
      assertThat(reconciled.hasUuid()).as("a reconciliation update is not acknowledged").isFalse();
      Answer implicit = fw.reconcile();
      assertThat(implicit.status()).as(implicit.text()).isEqualTo(202);
      assertThat(awaitReconciliation(fw, taskId).getTaskId().getValue()).isEqualTo(taskId);

      TaskStatus finished = acknowledgeUntil(fw, taskId, TaskState.TASK_FINISHED);
      assertThat(finished.getAgentId()).isEqualTo(offer.getAgentId());

      Offer next = fw.awaitOffer(ProtobufSchedulerIT::fits, TIMEOUT);
      Answer declined = fw.decline(1, next);
      assertThat(declined.status()).as(declined.text()).isEqualTo(202);
      Answer teardown = fw.teardown();
      assertThat(teardown.status()).as(teardown.text()).isEqualTo(202);
    }
  }

  /**
   * Awaits the task's reliable updates in order, acknowledging each by its uuid bytes, until one in
   * {@code state}; TASK_STARTING may or may not come first.
   */
  private static TaskStatus acknowledgeUntil(
      ProtobufSchedulerClient fw, String taskId, TaskState state) {
    while (true) {
      TaskStatus s =
          fw.await(
                  e ->
                      e.getType() == Event.Type.UPDATE
                          && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
                          && e.getUpdate().getStatus().hasUuid(),
                  TIMEOUT,
                  "an update of " + taskId + " up to " + state)
              .getUpdate()
              .getStatus();
      assertThat(s.getState())
          .isIn(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
      Answer ack = fw.acknowledge(s);
      assertThat(ack.status()).as(ack.text()).isEqualTo(202);
      if (s.getState() == state) {
        return s;
      }
    }
  }

  private static TaskStatus awaitReconciliation(ProtobufSchedulerClient fw, String taskId) {
    return fw.await(
            e ->
                e.getType() == Event.Type.UPDATE
                    && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
                    && e.getUpdate().getStatus().getReason()
                        == TaskStatus.Reason.REASON_RECONCILIATION,
            TIMEOUT,
            "a reconciliation update of " + taskId)
        .getUpdate()
        .getStatus();
  }

  @Test
  @Order(2)
  void theStreamIsInTheFormatAcceptAsksForWhateverTheRequestIsIn() throws Exception {
    byte[] protobuf =
        Call.newBuilder()
            .setType(Call.Type.SUBSCRIBE)
            .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info("pb-asks-json")))
            .build()
            .toByteArray();
    HttpResponse<InputStream> json =
        ProtobufSchedulerClient.open(
            mezzo.baseUrl(), ProtobufSchedulerClient.PROTOBUF, protobuf, "application/json");
    try (InputStream in = json.body()) {
      assertThat(json.statusCode()).isEqualTo(200);
      assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode first =
          V1SchedulerClient.parse(
              new String(ProtobufSchedulerClient.nextRecord(in), StandardCharsets.UTF_8));
      assertThat(first.path("type").asText()).isEqualTo("SUBSCRIBED");
    }

    String jsonCall =
        "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":"
            + StandaloneIT.frameworkInfo("json-asks-pb")
            + "}}";
    HttpResponse<InputStream> pb =
        ProtobufSchedulerClient.open(
            mezzo.baseUrl(),
            "application/json",
            jsonCall.getBytes(StandardCharsets.UTF_8),
            ProtobufSchedulerClient.PROTOBUF);
    try (InputStream in = pb.body()) {
      assertThat(pb.statusCode()).isEqualTo(200);
      assertThat(pb.headers().firstValue("Content-Type"))
          .hasValue(ProtobufSchedulerClient.PROTOBUF);
      Event first = Event.parseFrom(ProtobufSchedulerClient.nextRecord(in));
      assertThat(first.getType()).isEqualTo(Event.Type.SUBSCRIBED);
      assertThat(first.getSubscribed().getFrameworkId().getValue()).isNotBlank();
    }
  }

  // ---- parity ------------------------------------------------------------------------------

  /** What one run of the sequence showed, ids, timestamps and uuids left out. */
  record Run(List<String> answers, JsonNode subscribed, JsonNode offer, List<JsonNode> updates) {}

  private static final String TASK = "parity";
  private static final String COMMAND = "echo hi";

  @Test
  @Order(3)
  void theSameCallsInJsonAndInProtobufHaveTheSameEffectAndAnswers() {
    Run json = jsonRun();
    Run protobuf = protobufRun();
    assertThat(protobuf.answers()).isEqualTo(json.answers());
    assertThat(protobuf.subscribed()).isEqualTo(json.subscribed());
    assertThat(protobuf.offer()).isEqualTo(json.offer());
    assertThat(protobuf.updates()).isEqualTo(json.updates());
  }

  private Run jsonRun() {
    try (V1SchedulerClient fw =
        V1SchedulerClient.subscribe(mezzo.baseUrl(), StandaloneIT.frameworkInfo("parity-json"))) {
      List<String> answers = new ArrayList<>();
      JsonNode subscribed = fw.awaitEvent("SUBSCRIBED", TIMEOUT);
      JsonNode offer =
          fw.awaitOffer(
              o ->
                  V1SchedulerClient.scalar(o, "cpus") >= 0.1
                      && V1SchedulerClient.scalar(o, "mem") >= 32,
              TIMEOUT);
      answers.add(answer(fw.call(fw.newCall("DECLINE").toString())));
      answers.add(answer(fw.accept(offer, V1SchedulerClient.commandTask(TASK, 0.1, 32, COMMAND))));
      fw.awaitUpdate(TASK, "TASK_FINISHED", TIMEOUT);
      answers.add(answer(fw.reconcile(TASK, offer.at("/agent_id/value").asText())));
      fw.awaitUpdate(TASK, "TASK_FINISHED", "REASON_RECONCILIATION", TIMEOUT);
      List<JsonNode> updates = new ArrayList<>();
      for (JsonNode s : fw.updatesFor(TASK)) {
        updates.add(normalized(s));
      }
      answers.add(answer(fw.teardown()));
      return new Run(answers, normalized(subscribed), normalized(offerShape(offer)), updates);
    }
  }

  private Run protobufRun() {
    try (ProtobufSchedulerClient fw =
        ProtobufSchedulerClient.subscribe(mezzo.baseUrl(), info("parity-protobuf"))) {
      List<String> answers = new ArrayList<>();
      Event subscribed = fw.events().get(0);
      Offer offer = fw.awaitOffer(ProtobufSchedulerIT::fits, TIMEOUT);
      answers.add(answer(fw.call(fw.newCall(Call.Type.DECLINE).build())));
      answers.add(
          answer(
              fw.accept(offer, ProtobufSchedulerClient.commandTask(TASK, 0.1, 32, "*", COMMAND))));
      acknowledgeUntil(fw, TASK, TaskState.TASK_FINISHED);
      answers.add(answer(fw.reconcile(TASK, offer.getAgentId())));
      awaitReconciliation(fw, TASK);
      List<JsonNode> updates = new ArrayList<>();
      for (Event e : fw.events()) {
        if (e.getType() == Event.Type.UPDATE
            && e.getUpdate().getStatus().getTaskId().getValue().equals(TASK)) {
          updates.add(normalized(MessageTree.of(e.getUpdate().getStatus())));
        }
      }
      answers.add(answer(fw.teardown()));
      return new Run(
          answers,
          normalized(MessageTree.of(subscribed)),
          normalized(offerShape(MessageTree.of(offer))),
          updates);
    }
  }

  private static String answer(V1SchedulerClient.Response r) {
    return r.status() + " " + r.body();
  }

  private static String answer(Answer a) {
    return a.status() + " " + a.text();
  }

  /** What must be equal between two offers of the same agent: where it is and what kinds. */
  private static JsonNode offerShape(JsonNode offer) {
    ObjectNode shape = JSON.createObjectNode();
    shape.set("hostname", offer.get("hostname"));
    shape.set("url", offer.get("url"));
    shape.set("agent_id", offer.get("agent_id"));
    Set<String> kinds = new TreeSet<>();
    for (JsonNode r : offer.path("resources")) {
      kinds.add(r.path("name").asText() + ":" + r.path("type").asText());
    }
    shape.put("resources", kinds.toString());
    return shape;
  }

  /**
   * A copy without what differs between two runs by nature (framework and container ids, uuids,
   * timestamps), with every number as a double (JSON writes 1 where protobuf holds 1.0).
   */
  static JsonNode normalized(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JSON.createObjectNode();
      node.fields()
          .forEachRemaining(
              f -> {
                if (!Set.of("framework_id", "uuid", "timestamp", "container_status")
                    .contains(f.getKey())) {
                  out.set(f.getKey(), normalized(f.getValue()));
                }
              });
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      node.forEach(n -> out.add(normalized(n)));
      return out;
    }
    if (node.isNumber()) {
      return JSON.getNodeFactory().numberNode(node.doubleValue());
    }
    return node;
  }
}
