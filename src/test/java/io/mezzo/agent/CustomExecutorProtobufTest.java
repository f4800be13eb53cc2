package io.mezzo.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.http.agent.ExecutorHttp;
import io.mezzo.testing.executor.ExecutorCommands;
import io.mezzo.testing.executor.ProtobufTestExecutor;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.Test;

/**
 * The executor API in protobuf, as executors on Mesos's own libraries speak it: the test plays the
 * executor with the official classes only ({@code org.apache.mesos.v1.executor.Protos}), and {@link
 * io.mezzo.testing.executor.ProtobufTestExecutor} runs as a real JVM process doing the same.
 */
class CustomExecutorProtobufTest extends ExecutorTestBase {
  private static final String PROTOBUF = "application/x-protobuf";

  @Test
  void aProtobufExecutorSubscribesReadsItsEventsAndHasItsUpdateAcknowledged() throws Exception {
    startAndRegister();
    link.emit(AgentEvent.runTask(FW, executorTask("wire", testExecutor("sleep 120"), "true")));
    await().atMost(WAIT).until(() -> !get(agent.snapshot()).tasks().isEmpty());

    try (ProtoSubscription sub = new ProtoSubscription(subscribe().toByteArray(), PROTOBUF)) {
      assertThat(sub.response.statusCode()).isEqualTo(200);
      assertThat(sub.response.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
      Event subscribed = sub.await(Event.Type.SUBSCRIBED);
      assertThat(subscribed.getSubscribed().getExecutorInfo().getExecutorId().getValue())
          .isEqualTo("test-executor");
      assertThat(subscribed.getSubscribed().getFrameworkInfo().getId().getValue())
          .isEqualTo("master-1-0000");
      assertThat(subscribed.getSubscribed().getAgentInfo().getId().getValue())
          .isEqualTo("master-1-S0");
      assertThat(subscribed.getSubscribed().getContainerId().getValue()).isNotEmpty();
      Event launch = sub.await(Event.Type.LAUNCH);
      assertThat(launch.getLaunch().getTask().getTaskId().getValue()).isEqualTo("wire");
      assertThat(launch.getLaunch().getTask().getData().toStringUtf8())
          .as("bytes travel raw in protobuf, not as JSON's base64")
          .isEqualTo("true");

      byte[] uuid = new byte[16];
      for (int i = 0; i < uuid.length; i++) {
        uuid[i] = (byte) i;
      }
      Call update =
          call(Call.Type.UPDATE)
              .setUpdate(
                  Call.Update.newBuilder()
                      .setStatus(
                          org.apache.mesos.v1.Protos.TaskStatus.newBuilder()
                              .setTaskId(TaskID.newBuilder().setValue("wire"))
                              .setState(org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING)
                              .setSource(
                                  org.apache.mesos.v1.Protos.TaskStatus.Source.SOURCE_EXECUTOR)
                              .setUuid(ByteString.copyFrom(uuid))))
              .build();
      HttpResponse<String> answer = post(update.toByteArray(), PROTOBUF, PROTOBUF);
      assertThat(answer.statusCode()).isEqualTo(202);
      TaskStatus running = link.awaitUpdate(TaskId.of("wire"), TaskState.TASK_RUNNING);
      assertThat(running.uuid()).isEqualTo(Base64.getEncoder().encodeToString(uuid));
      assertThat(running.source()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);

      link.acknowledge(FID, running);
      Event acked = sub.await(Event.Type.ACKNOWLEDGED);
      assertThat(acked.getAcknowledged().getTaskId().getValue()).isEqualTo("wire");
      assertThat(acked.getAcknowledged().getUuid().toByteArray()).isEqualTo(uuid);

      Call message =
          call(Call.Type.MESSAGE)
              .setMessage(Call.Message.newBuilder().setData(ByteString.copyFromUtf8("hi")))
              .build();
      assertThat(post(message.toByteArray(), PROTOBUF, null).statusCode()).isEqualTo(202);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  sent(AgentCall.Type.EXECUTOR_TO_FRAMEWORK).stream()
                      .anyMatch(c -> c.message().data().equals(b64("hi"))));
    }
  }

  @Test
  void subscribeAnswersInTheFormatAcceptAllowsAsMesosChoosesIt() throws Exception {
    startAndRegister();
    link.emit(AgentEvent.runTask(FW, executorTask("accept", testExecutor("sleep 120"), "true")));
    await().atMost(WAIT).until(() -> !get(agent.snapshot()).tasks().isEmpty());

    HttpResponse<String> neither = post(subscribe().toByteArray(), PROTOBUF, "text/html");
    assertThat(neither.statusCode()).isEqualTo(406);
    assertThat(neither.body()).contains("application/x-protobuf", "application/json");

    // A JSON call may ask for protobuf events: the two formats are negotiated apart.
    try (ProtoSubscription sub =
        new ProtoSubscription(SUBSCRIBE.getBytes(StandardCharsets.UTF_8), "application/json")) {
      sub.assertSubscribedIn(PROTOBUF);
    }
    try (ProtoSubscription sub =
        new ProtoSubscription(
            subscribe().toByteArray(), PROTOBUF, "application/x-protobuf;q=0.5, */*;q=0.1")) {
      assertThat(sub.response.headers().firstValue("Content-Type"))
          .as("JSON when allowed at all, as Mesos")
          .hasValue("application/json");
    }
  }

  @Test
  void aProtobufBodyThatIsNotAnExecutorCallIs400() throws Exception {
    startAndRegister();
    HttpResponse<String> garbage = post(new byte[] {(byte) 0xff, 0x01, 0x02}, PROTOBUF, PROTOBUF);
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("Call");

    // Required executor_id and framework_id missing: the official parser itself refuses it.
    HttpResponse<String> missing =
        post(Call.newBuilder().setType(Call.Type.HEARTBEAT).buildPartial().toByteArray(), PROTOBUF);
    assertThat(missing.statusCode()).isEqualTo(400);
  }

  @Test
  void anExecutorOnTheOfficialClassesRunsATaskExchangesAMessageAndShutsDown() throws Exception {
    startAndRegister();
    ExecutorInfo executor = testExecutor(protobufExecutorCommand());
    link.emit(AgentEvent.runTask(FW, executorTask("proto", executor, "true")));

    TaskStatus running = link.awaitUpdate(TaskId.of("proto"), TaskState.TASK_RUNNING);
    assertThat(running.source()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(running.executorId()).isEqualTo(EID);
    link.acknowledge(FID, running);
    TaskStatus finished = link.awaitUpdate(TaskId.of("proto"), TaskState.TASK_FINISHED);
    assertThat(finished.message()).isEqualTo("Command exited with status 0");
    link.acknowledge(FID, finished);

    link.emit(AgentEvent.frameworkToExecutor(FID, EID, b64("hello")));
    await()
        .atMost(WAIT)
        .until(
            () ->
                sent(AgentCall.Type.EXECUTOR_TO_FRAMEWORK).stream()
                    .anyMatch(c -> c.message().data().equals(b64("echo: hello"))));

    link.emit(AgentEvent.shutdownExecutor(FID, EID));
    await().atMost(WAIT).until(() -> !sent(AgentCall.Type.EXITED_EXECUTOR).isEmpty());
    assertThat(sent(AgentCall.Type.EXITED_EXECUTOR).get(0).exitedExecutor().status()).isZero();
  }

  private static String protobufExecutorCommand() {
    return ExecutorCommands.java(ProtobufTestExecutor.class);
  }

  private static Call.Builder call(Call.Type type) {
    return Call.newBuilder()
        .setType(type)
        .setExecutorId(ExecutorID.newBuilder().setValue("test-executor"))
        .setFrameworkId(FrameworkID.newBuilder().setValue("master-1-0000"));
  }

  private static Call subscribe() {
    return call(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.getDefaultInstance()).build();
  }

  private HttpResponse<String> post(byte[] body, String contentType) throws Exception {
    return post(body, contentType, null);
  }

  private HttpResponse<String> post(byte[] body, String contentType, String accept)
      throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(endpoint + ExecutorHttp.PATH))
            .header("Content-Type", contentType)
            .timeout(WAIT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (accept != null) {
      req.header("Accept", accept);
    }
    return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The test as a protobuf executor: its event records parsed with the official classes. */
  private final class ProtoSubscription implements AutoCloseable {
    final List<Event> events = new CopyOnWriteArrayList<>();
    final HttpResponse<InputStream> response;

    ProtoSubscription(byte[] body, String contentType) throws Exception {
      this(body, contentType, PROTOBUF);
    }

    ProtoSubscription(byte[] body, String contentType, String accept) throws Exception {
      response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(endpoint + ExecutorHttp.PATH))
                      .header("Content-Type", contentType)
                      .header("Accept", accept)
                      .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      if (response.headers().firstValue("Content-Type").orElse("").equals(PROTOBUF)) {
        Thread reader = new Thread(this::read, "protobuf-executor-reader");
        reader.setDaemon(true);
        reader.start();
      }
    }

    private void read() {
      try {
        io.mezzo.api.v1.RecordIo.Reader r = new io.mezzo.api.v1.RecordIo.Reader(response.body());
        byte[] rec;
        while ((rec = r.next()) != null) {
          events.add(Event.parseFrom(rec));
        }
      } catch (java.io.IOException e) {
        // the stream was closed by the test or the agent
      }
    }

    void assertSubscribedIn(String contentType) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue(contentType);
      assertThat(await(Event.Type.SUBSCRIBED).getSubscribed().hasExecutorInfo()).isTrue();
    }

    Event await(Event.Type type) {
      org.awaitility.Awaitility.await()
          .atMost(WAIT)
          .until(() -> events.stream().anyMatch(e -> e.getType() == type));
      return events.stream().filter(e -> e.getType() == type).findFirst().orElseThrow();
    }

    @Override
    public void close() throws Exception {
      response.body().close();
    }
  }
}
