package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.RecordIo;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.ProtobufHttp;
import io.mezzo.testing.V1SchedulerClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.master.Protos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator APIs of a standalone Mezzo in protobuf, read with the official Mesos 1.11 classes as
 * a protobuf client (the Mesos CLI, a Go or C++ operator tool) reads them: the master's SUBSCRIBE
 * stream, and every read call of the master ({@code /api/v1}) and the agent ({@code
 * /slave(1)/api/v1}), each compared with the JSON answer to the same call, so the two encodings
 * carry the same data. Also the media-type refusals a Mesos agent gives.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorProtobufIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String JSON = "application/json";
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String AGENT_API = "/slave(1)/api/v1";

  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();
  private static MezzoProcess mezzo;
  private static V1SchedulerClient framework;
  private static String taskId;

  @BeforeAll
  static void start() {
    mezzo = MezzoProcess.standalone("operator-protobuf");
  }

  @AfterAll
  static void stop() {
    try {
      if (framework != null) {
        framework.teardown();
        framework.close();
      }
    } finally {
      if (mezzo != null) {
        mezzo.close();
      }
    }
  }

  @Test
  @Order(1)
  void subscribeStreamsMasterEventsInProtobuf() throws Exception {
    byte[] call =
        Protos.Call.newBuilder().setType(Protos.Call.Type.SUBSCRIBE).build().toByteArray();
    HttpRequest request =
        HttpRequest.newBuilder(mezzo.baseUrl().resolve("/api/v1"))
            .timeout(TIMEOUT)
            .header("Content-Type", PROTOBUF)
            .header("Accept", PROTOBUF)
            .POST(HttpRequest.BodyPublishers.ofByteArray(call))
            .build();
    HttpResponse<InputStream> response =
        HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).contains(PROTOBUF);
      RecordIo.Reader records = new RecordIo.Reader(body);

      Protos.Event subscribed = Protos.Event.parseFrom(next(records));
      assertThat(subscribed.getType()).isEqualTo(Protos.Event.Type.SUBSCRIBED);
      assertThat(subscribed.getSubscribed().hasGetState()).isTrue();
      assertThat(subscribed.getSubscribed().getGetState().getGetAgents().getAgentsList())
          .hasSize(1);

      framework =
          V1SchedulerClient.subscribe(
              mezzo.baseUrl(), StandaloneIT.frameworkInfo("operator-protobuf-it"));
      taskId = launch("echo proto-sandbox; sleep 600");

      List<String> seen = new ArrayList<>();
      Protos.Event running = null;
      while (running == null) {
        Protos.Event e = Protos.Event.parseFrom(next(records));
        if (e.getType() == Protos.Event.Type.TASK_ADDED
            && e.getTaskAdded().getTask().getTaskId().getValue().equals(taskId)) {
          seen.add("TASK_ADDED");
          assertThat(e.getTaskAdded().getTask().getFrameworkId().getValue())
              .isEqualTo(framework.frameworkId());
        }
        if (e.getType() == Protos.Event.Type.TASK_UPDATED
            && e.getTaskUpdated().getStatus().getTaskId().getValue().equals(taskId)) {
          seen.add("TASK_UPDATED");
          if (e.getTaskUpdated().getState() == org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING) {
            running = e;
          }
        }
      }
      assertThat(seen).startsWith("TASK_ADDED").contains("TASK_UPDATED");
      assertThat(running.getTaskUpdated().getFrameworkId().getValue())
          .isEqualTo(framework.frameworkId());
    }
  }

  @Test
  @Order(2)
  void masterReadsInProtobufCarryWhatTheirJsonCarries() {
    for (Protos.Call.Type type :
        List.of(
            Protos.Call.Type.GET_HEALTH,
            Protos.Call.Type.GET_VERSION,
            Protos.Call.Type.GET_FLAGS,
            Protos.Call.Type.GET_METRICS,
            Protos.Call.Type.GET_STATE,
            Protos.Call.Type.GET_AGENTS,
            Protos.Call.Type.GET_FRAMEWORKS,
            Protos.Call.Type.GET_TASKS,
            Protos.Call.Type.GET_EXECUTORS,
            Protos.Call.Type.GET_ROLES,
            Protos.Call.Type.GET_MASTER,
            Protos.Call.Type.GET_LOGGING_LEVEL,
            Protos.Call.Type.GET_OPERATIONS,
            Protos.Call.Type.GET_WEIGHTS,
            Protos.Call.Type.GET_MAINTENANCE_STATUS,
            Protos.Call.Type.GET_MAINTENANCE_SCHEDULE,
            Protos.Call.Type.GET_QUOTA)) {
      ProtobufHttp.assertSameInBothFormats(
          mezzo.baseUrl(),
          "/api/v1",
          Protos.Call.newBuilder().setType(type).build(),
          Protos.Response.getDefaultInstance());
    }
  }

  @Test
  @Order(3)
  void masterSandboxFilesInProtobufCarryWhatTheirJsonCarries() {
    String dir = sandbox();
    Protos.Call list =
        Protos.Call.newBuilder()
            .setType(Protos.Call.Type.LIST_FILES)
            .setListFiles(Protos.Call.ListFiles.newBuilder().setPath(dir))
            .build();
    Protos.Response listed =
        ProtobufHttp.assertSameInBothFormats(
            mezzo.baseUrl(), "/api/v1", list, Protos.Response.getDefaultInstance());
    assertThat(listed.getListFiles().getFileInfosList())
        .anySatisfy(f -> assertThat(f.getPath()).isEqualTo(dir + "/stdout"));
    Protos.Call read =
        Protos.Call.newBuilder()
            .setType(Protos.Call.Type.READ_FILE)
            .setReadFile(Protos.Call.ReadFile.newBuilder().setPath(dir + "/stdout").setOffset(0))
            .build();
    Protos.Response file =
        ProtobufHttp.assertSameInBothFormats(
            mezzo.baseUrl(), "/api/v1", read, Protos.Response.getDefaultInstance());
    assertThat(file.getReadFile().getData().toString(StandardCharsets.UTF_8))
        .contains("proto-sandbox");
  }

  @Test
  @Order(4)
  void agentReadsInProtobufCarryWhatTheirJsonCarries() {
    String dir = sandbox();
    List<org.apache.mesos.v1.agent.Protos.Call> calls = new ArrayList<>();
    for (org.apache.mesos.v1.agent.Protos.Call.Type type :
        List.of(
            org.apache.mesos.v1.agent.Protos.Call.Type.GET_HEALTH,
            org.apache.mesos.v1.agent.Protos.Call.Type.GET_VERSION,
            org.apache.mesos.v1.agent.Protos.Call.Type.GET_FLAGS,
            org.apache.mesos.v1.agent.Protos.Call.Type.GET_METRICS,
            org.apache.mesos.v1.agent.Protos.Call.Type.GET_STATE,
            org.apache.mesos.v1.agent.Protos.Call.Type.GET_AGENT,
            org.apache.mesos.v1.agent.Protos.Call.Type.GET_FRAMEWORKS,
            org.apache.mesos.v1.agent.Protos.Call.Type.GET_EXECUTORS,
            org.apache.mesos.v1.agent.Protos.Call.Type.GET_TASKS,
            org.apache.mesos.v1.agent.Protos.Call.Type.GET_CONTAINERS,
            org.apache.mesos.v1.agent.Protos.Call.Type.GET_LOGGING_LEVEL,
            org.apache.mesos.v1.agent.Protos.Call.Type.GET_OPERATIONS,
            org.apache.mesos.v1.agent.Protos.Call.Type.GET_RESOURCE_PROVIDERS)) {
      calls.add(org.apache.mesos.v1.agent.Protos.Call.newBuilder().setType(type).build());
    }
    calls.add(
        org.apache.mesos.v1.agent.Protos.Call.newBuilder()
            .setType(org.apache.mesos.v1.agent.Protos.Call.Type.LIST_FILES)
            .setListFiles(org.apache.mesos.v1.agent.Protos.Call.ListFiles.newBuilder().setPath(dir))
            .build());
    calls.add(
        org.apache.mesos.v1.agent.Protos.Call.newBuilder()
            .setType(org.apache.mesos.v1.agent.Protos.Call.Type.READ_FILE)
            .setReadFile(
                org.apache.mesos.v1.agent.Protos.Call.ReadFile.newBuilder()
                    .setPath(dir + "/stdout")
                    .setOffset(0))
            .build());
    for (org.apache.mesos.v1.agent.Protos.Call call : calls) {
      ProtobufHttp.assertSameInBothFormats(
          mezzo.baseUrl(),
          AGENT_API,
          call,
          org.apache.mesos.v1.agent.Protos.Response.getDefaultInstance());
    }
  }

  @Test
  @Order(5)
  void mediaTypesAreRefusedAsMesosRefusesThem() {
    byte[] masterHealth =
        Protos.Call.newBuilder().setType(Protos.Call.Type.GET_HEALTH).build().toByteArray();
    assertAnswer(
        ProtobufHttp.post(
            mezzo.baseUrl(),
            "/api/v1",
            masterHealth,
            Map.of("Content-Type", PROTOBUF, "Accept", "text/html")),
        406,
        "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");

    byte[] health = agentCall(org.apache.mesos.v1.agent.Protos.Call.Type.GET_HEALTH);
    assertAnswer(
        ProtobufHttp.post(
            mezzo.baseUrl(),
            AGENT_API,
            health,
            Map.of("Content-Type", PROTOBUF, "Message-Accept", JSON)),
        406,
        "Expecting 'Message-Accept' to be not set for non-streaming responses");
    assertAnswer(
        ProtobufHttp.post(
            mezzo.baseUrl(),
            AGENT_API,
            health,
            Map.of("Content-Type", PROTOBUF, "Message-Content-Type", JSON)),
        415,
        "Expecting 'Message-Content-Type' to be not set for non-streaming requests");
    assertAnswer(
        ProtobufHttp.post(
            mezzo.baseUrl(), AGENT_API, health, Map.of("Content-Type", "application/recordio")),
        400,
        "Expecting 'Message-Content-Type' to be set for streaming requests");
    assertAnswer(
        ProtobufHttp.post(
            mezzo.baseUrl(),
            AGENT_API,
            RecordIo.frame(health),
            Map.of("Content-Type", "application/recordio", "Message-Content-Type", PROTOBUF)),
        415,
        "Streaming 'Content-Type' application/recordio is not supported for GET_HEALTH call");
    assertAnswer(
        ProtobufHttp.post(
            mezzo.baseUrl(),
            AGENT_API,
            agentCall(org.apache.mesos.v1.agent.Protos.Call.Type.GET_STATE),
            Map.of("Content-Type", PROTOBUF, "Accept", "application/recordio")),
        406,
        "Streaming response is not supported for GET_STATE call");
    assertAnswer(
        ProtobufHttp.post(
            mezzo.baseUrl(),
            AGENT_API,
            agentCall(org.apache.mesos.v1.agent.Protos.Call.Type.ATTACH_CONTAINER_INPUT),
            Map.of("Content-Type", PROTOBUF)),
        415,
        "Expecting 'Content-Type' to be application/recordio for ATTACH_CONTAINER_INPUT call");
    // Past every media-type rule, the streaming calls reach the agent, which does not serve them.
    ProtobufHttp.Answer output =
        ProtobufHttp.post(
            mezzo.baseUrl(),
            AGENT_API,
            agentCall(org.apache.mesos.v1.agent.Protos.Call.Type.ATTACH_CONTAINER_OUTPUT),
            Map.of("Content-Type", PROTOBUF, "Accept", "application/recordio"));
    assertThat(output.status()).as(output.text()).isEqualTo(501);
    assertThat(output.text()).contains("ATTACH_CONTAINER_OUTPUT");
    ProtobufHttp.Answer input =
        ProtobufHttp.post(
            mezzo.baseUrl(),
            AGENT_API,
            RecordIo.frame(
                agentCall(org.apache.mesos.v1.agent.Protos.Call.Type.ATTACH_CONTAINER_INPUT)),
            Map.of("Content-Type", "application/recordio", "Message-Content-Type", PROTOBUF));
    assertThat(input.status()).as(input.text()).isEqualTo(501);
    assertThat(input.text()).contains("ATTACH_CONTAINER_INPUT");
  }

  /**
   * A streaming request's body may never end (a container's stdin): the agent answers once the
   * first record, the call, has arrived, with the rest of the body still open.
   */
  @Test
  @Order(6)
  void aStreamingRequestIsAnsweredAfterItsFirstRecordWhileTheBodyStaysOpen() throws IOException {
    URI base = mezzo.baseUrl();
    byte[] record =
        RecordIo.frame(
            agentCall(org.apache.mesos.v1.agent.Protos.Call.Type.ATTACH_CONTAINER_INPUT));
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + AGENT_API
                  + " HTTP/1.1\r\nHost: "
                  + base.getHost()
                  + "\r\nContent-Type: application/recordio\r\n"
                  + "Message-Content-Type: application/x-protobuf\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n"
                  + Integer.toHexString(record.length)
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(record);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush(); // and no last chunk: the body stays open
      String statusLine =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertThat(statusLine).startsWith("HTTP/1.1 501");
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static byte[] agentCall(org.apache.mesos.v1.agent.Protos.Call.Type type) {
    return org.apache.mesos.v1.agent.Protos.Call.newBuilder().setType(type).build().toByteArray();
  }

  private static void assertAnswer(ProtobufHttp.Answer a, int status, String reason) {
    assertThat(a.status()).as(a.text()).isEqualTo(status);
    assertThat(a.text()).isEqualTo(reason);
  }

  /** The next record, waiting at most {@link #TIMEOUT} for it. */
  private static byte[] next(RecordIo.Reader records) throws Exception {
    byte[] record =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return records.next();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                })
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(record).as("the stream ended").isNotNull();
    return record;
  }

  private static String launch(String command) {
    JsonNode offer =
        framework.awaitOffer(
            o ->
                V1SchedulerClient.scalar(o, "cpus") >= 0.1
                    && V1SchedulerClient.scalar(o, "mem") >= 32,
            TIMEOUT);
    String id = "proto-" + UUID.randomUUID();
    V1SchedulerClient.Response r =
        framework.accept(offer, 0.0, V1SchedulerClient.commandTask(id, 0.1, 32, command));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return id;
  }

  /** The running task's sandbox (the first test launched it); waits until its stdout is written. */
  private static String sandbox() {
    assertThat(taskId).as("the SUBSCRIBE test launched the task").isNotNull();
    String dir = "/frameworks/" + framework.frameworkId() + "/executors/" + taskId + "/runs/latest";
    await("stdout written")
        .atMost(TIMEOUT)
        .until(
            () ->
                mezzo.sandboxStdout(taskId).stream()
                    .anyMatch(
                        p -> {
                          try {
                            return Files.readString(p).contains("proto-sandbox");
                          } catch (IOException e) {
                            return false; // not written yet
                          }
                        }));
    return dir;
  }
}
