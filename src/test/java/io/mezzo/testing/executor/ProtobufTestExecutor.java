package io.mezzo.testing.executor;

import com.google.protobuf.ByteString;
import io.mezzo.api.v1.RecordIo;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * A custom executor built only on the official Mesos classes ({@code
 * org.apache.mesos.v1.executor.Protos}) speaking the v1 Executor API in protobuf, as a Java
 * framework's executor on Mesos's own libraries would: every call {@code application/x-protobuf},
 * and its SUBSCRIBE asks for protobuf events only. Nothing of Mezzo's model is used, so what it
 * reads and sends is exactly the official wire form. Started by a task's {@code
 * ExecutorInfo.command} as {@code java -cp <test classpath>
 * io.mezzo.testing.executor.ProtobufTestExecutor}.
 *
 * <ul>
 *   <li>runs each LAUNCHed task's {@code data} (a shell command) as a child {@code /bin/sh -c},
 *       reporting TASK_RUNNING and then TASK_FINISHED or TASK_FAILED;
 *   <li>KILL ends the task's child and reports TASK_KILLED;
 *   <li>echoes every MESSAGE back prefixed {@code echo: };
 *   <li>SHUTDOWN kills its tasks and exits 0; a lost stream exits 1 (it does not checkpoint).
 * </ul>
 *
 * Logs to stderr, which is the executor's sandbox {@code stderr}.
 */
public final class ProtobufTestExecutor {
  static final String PROTOBUF = "application/x-protobuf";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;
  private final String token;
  private final ExecutorID executorId;
  private final FrameworkID frameworkId;
  private final ShellTasks<TaskID> tasks = new ShellTasks<>(this::ended, ProtobufTestExecutor::log);

  private ProtobufTestExecutor(Map<String, String> env) {
    this.endpoint =
        URI.create("http://" + env.get("MESOS_AGENT_ENDPOINT") + "/slave(1)/api/v1/executor");
    // Given only when the agent authenticates executors; sent on every call as Mesos's libraries
    // do.
    this.token = env.get("MESOS_EXECUTOR_AUTHENTICATION_TOKEN");
    this.executorId = ExecutorID.newBuilder().setValue(env.get("MESOS_EXECUTOR_ID")).build();
    this.frameworkId = FrameworkID.newBuilder().setValue(env.get("MESOS_FRAMEWORK_ID")).build();
  }

  public static void main(String[] args) throws Exception {
    ProtobufTestExecutor executor = new ProtobufTestExecutor(System.getenv());
    try {
      executor.subscribeAndServe();
      log("stream ended");
    } catch (Exception e) {
      log("stream failed: " + e);
    }
    System.exit(1);
  }

  private void subscribeAndServe() throws Exception {
    Call subscribe =
        call(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.getDefaultInstance()).build();
    HttpResponse<InputStream> response =
        http.send(request(subscribe), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
      throw new IllegalStateException("SUBSCRIBE answered " + response.statusCode() + ": " + body);
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.equals(PROTOBUF)) {
      throw new IllegalStateException("SUBSCRIBE answered Content-Type '" + type + "'");
    }
    RecordIo.Reader reader = new RecordIo.Reader(response.body());
    byte[] record;
    while ((record = reader.next()) != null) {
      handle(Event.parseFrom(record));
    }
  }

  private void handle(Event event) throws Exception {
    log("event " + event.getType());
    switch (event.getType()) {
      case LAUNCH -> launch(event.getLaunch().getTask());
      case KILL -> kill(event.getKill().getTaskId());
      case MESSAGE -> message(event.getMessage().getData().toStringUtf8());
      case SHUTDOWN -> shutdown();
      default -> {}
    }
  }

  private void launch(TaskInfo task) throws Exception {
    String command = task.hasData() ? task.getData().toStringUtf8() : "true";
    tasks.start(
        task.getTaskId(), command, () -> update(task.getTaskId(), TaskState.TASK_RUNNING, null));
  }

  private void kill(TaskID task) {
    tasks.kill(task);
  }

  private void ended(TaskID task, ShellTasks.End end, int code) throws Exception {
    TaskState state =
        switch (end) {
          case FINISHED -> TaskState.TASK_FINISHED;
          case FAILED -> TaskState.TASK_FAILED;
          case KILLED -> TaskState.TASK_KILLED;
        };
    update(task, state, "Command exited with status " + code);
  }

  private void message(String text) throws Exception {
    post(
        call(Call.Type.MESSAGE)
            .setMessage(Call.Message.newBuilder().setData(ByteString.copyFromUtf8("echo: " + text)))
            .build());
  }

  private void shutdown() throws Exception {
    tasks.stopAll();
    log("shut down");
    System.exit(0);
  }

  private void update(TaskID task, TaskState state, String message) throws Exception {
    UUID u = UUID.randomUUID();
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    TaskStatus.Builder status =
        TaskStatus.newBuilder()
            .setTaskId(task)
            .setState(state)
            .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
            .setExecutorId(executorId)
            .setTimestamp(System.currentTimeMillis() / 1000.0)
            .setUuid(ByteString.copyFrom(b.array()));
    if (message != null) {
      status.setMessage(message);
    }
    post(call(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder().setStatus(status)).build());
  }

  private Call.Builder call(Call.Type type) {
    return Call.newBuilder().setType(type).setExecutorId(executorId).setFrameworkId(frameworkId);
  }

  private void post(Call call) throws Exception {
    HttpResponse<String> r = http.send(request(call), HttpResponse.BodyHandlers.ofString());
    log(call.getType() + " answered " + r.statusCode() + " " + r.body());
  }

  private HttpRequest request(Call call) {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.header("Content-Type", PROTOBUF)
        .header("Accept", PROTOBUF)
        .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()))
        .build();
  }

  private static void log(String line) {
    System.err.println("[protobuf-test-executor " + Instant.now() + "] " + line);
    System.err.flush();
  }
}
