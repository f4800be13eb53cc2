package io.mezzo.testing.executor;

import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.RecordIo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.executor.Call;
import io.mezzo.api.v1.executor.Event;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A small custom executor speaking the v1 Executor HTTP API with the JDK client, as a real
 * framework's executor would. Started by a task's {@code ExecutorInfo.command} as {@code java -cp
 * <test classpath> io.mezzo.testing.executor.TestExecutor}.
 *
 * <ul>
 *   <li>runs each LAUNCHed task's {@code data} (base64 of a shell command) as a child {@code
 *       /bin/sh -c}, reporting TASK_RUNNING and then TASK_FINISHED or TASK_FAILED;
 *   <li>KILL ends the task's child and reports TASK_KILLED;
 *   <li>echoes every MESSAGE back to its scheduler prefixed {@code echo: }; a message {@code
 *       exit:N} makes it exit with status N at once (an executor that dies);
 *   <li>keeps unacknowledged tasks and updates, and on a lost stream re-subscribes with them
 *       (MESOS_CHECKPOINT=1) until MESOS_RECOVERY_TIMEOUT passes;
 *   <li>SHUTDOWN kills its tasks, reports them TASK_KILLED and exits 0.
 * </ul>
 *
 * Logs to stderr, which is the executor's sandbox {@code stderr}.
 */
public final class TestExecutor {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;
  private final String token;
  private final ExecutorId executorId;
  private final FrameworkId frameworkId;
  private final boolean checkpoint;
  private final Duration recoveryTimeout;
  private final Map<TaskId, TaskInfo> unackedTasks = new ConcurrentHashMap<>();
  private final Map<String, Call.Update> unackedUpdates = new ConcurrentHashMap<>();
  private final ShellTasks<TaskId> tasks = new ShellTasks<>(this::ended, TestExecutor::log);

  private TestExecutor(Map<String, String> env) {
    this.endpoint =
        URI.create("http://" + env.get("MESOS_AGENT_ENDPOINT") + "/slave(1)/api/v1/executor");
    // Given only when the agent authenticates executors; sent on every call as Mesos's libraries
    // do.
    this.token = env.get("MESOS_EXECUTOR_AUTHENTICATION_TOKEN");
    this.executorId = ExecutorId.of(env.get("MESOS_EXECUTOR_ID"));
    this.frameworkId = FrameworkId.of(env.get("MESOS_FRAMEWORK_ID"));
    this.checkpoint = "1".equals(env.get("MESOS_CHECKPOINT"));
    this.recoveryTimeout = parse(env.getOrDefault("MESOS_RECOVERY_TIMEOUT", "15secs"));
  }

  public static void main(String[] args) throws Exception {
    new TestExecutor(System.getenv()).run();
  }

  private void run() throws Exception {
    Instant lostSince = null;
    while (true) {
      try {
        subscribeAndServe();
        log("stream ended");
      } catch (Exception e) {
        log("stream failed: " + e);
      }
      if (!checkpoint) {
        log("not checkpointing; exiting");
        System.exit(1);
      }
      Instant now = Instant.now();
      lostSince = lostSince == null ? now : lostSince;
      if (Duration.between(lostSince, now).compareTo(recoveryTimeout) > 0) {
        log("agent did not come back within " + recoveryTimeout + "; exiting");
        System.exit(1);
      }
      // Bounded re-subscription backoff, as MESOS_SUBSCRIPTION_BACKOFF_MAX asks.
      TimeUnit.MILLISECONDS.sleep(200);
      if (subscribedOnce) {
        lostSince = null;
        subscribedOnce = false;
      }
    }
  }

  private volatile boolean subscribedOnce;

  private void subscribeAndServe() throws Exception {
    Call subscribe =
        Call.subscribe(
            executorId,
            frameworkId,
            new Call.Subscribe(
                List.copyOf(unackedTasks.values()), List.copyOf(unackedUpdates.values())));
    HttpResponse<InputStream> response =
        http.send(request(subscribe), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
      throw new IllegalStateException("SUBSCRIBE answered " + response.statusCode() + ": " + body);
    }
    RecordIo.Reader reader = new RecordIo.Reader(response.body());
    byte[] record;
    while ((record = reader.next()) != null) {
      Event event = MesosJson.read(record, Event.class);
      handle(event);
    }
  }

  private void handle(Event event) throws Exception {
    log("event " + event.type());
    switch (event.type()) {
      case SUBSCRIBED -> subscribedOnce = true;
      case LAUNCH -> launch(event.launch().task());
      case KILL -> kill(event.kill().taskId());
      case ACKNOWLEDGED -> unackedUpdates.remove(event.acknowledged().uuid());
      case MESSAGE -> message(new String(Base64.getDecoder().decode(event.message().data())));
      case SHUTDOWN -> shutdown();
      default -> {}
    }
  }

  private void launch(TaskInfo task) throws Exception {
    unackedTasks.put(task.taskId(), task);
    String command =
        task.data() == null ? "true" : new String(Base64.getDecoder().decode(task.data()));
    tasks.start(task.taskId(), command, () -> update(task.taskId(), TaskState.TASK_RUNNING, null));
  }

  private void kill(TaskId task) {
    tasks.kill(task);
  }

  private void ended(TaskId task, ShellTasks.End end, int code) throws Exception {
    TaskState state =
        switch (end) {
          case FINISHED -> TaskState.TASK_FINISHED;
          case FAILED -> TaskState.TASK_FAILED;
          case KILLED -> TaskState.TASK_KILLED;
        };
    update(task, state, "Command exited with status " + code);
  }

  private void message(String text) throws Exception {
    if (text.startsWith("exit:")) {
      log("told to " + text);
      Runtime.getRuntime().halt(Integer.parseInt(text.substring(5)));
    }
    String reply = Base64.getEncoder().encodeToString(("echo: " + text).getBytes());
    post(Call.message(executorId, frameworkId, reply));
  }

  private void shutdown() throws Exception {
    tasks.stopAll();
    log("shut down");
    System.exit(0);
  }

  private void update(TaskId task, TaskState state, String message) throws Exception {
    UUID u = UUID.randomUUID();
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    TaskStatus status =
        TaskStatus.builder(task, state)
            .source(TaskStatus.Source.SOURCE_EXECUTOR)
            .executorId(executorId)
            .message(message)
            .timestamp(System.currentTimeMillis() / 1000.0)
            .uuid(Base64.getEncoder().encodeToString(b.array()))
            .build();
    unackedTasks.remove(task);
    unackedUpdates.put(status.uuid(), new Call.Update(status));
    post(Call.update(executorId, frameworkId, status));
  }

  private void post(Call call) throws Exception {
    HttpResponse<String> r = http.send(request(call), HttpResponse.BodyHandlers.ofString());
    log(call.type() + " answered " + r.statusCode() + " " + r.body());
  }

  private HttpRequest request(Call call) {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(MesosJson.write(call)))
        .build();
  }

  /** Mesos's duration strings: {@code 15mins}, {@code 2secs}, {@code 250ms}. */
  static Duration parse(String s) {
    String[][] units = {{"ms", "1"}, {"secs", "1000"}, {"mins", "60000"}, {"hrs", "3600000"}};
    for (String[] u : units) {
      if (s.endsWith(u[0])) {
        double n = Double.parseDouble(s.substring(0, s.length() - u[0].length()));
        return Duration.ofMillis((long) (n * Long.parseLong(u[1])));
      }
    }
    return Duration.ofSeconds(15);
  }

  private static void log(String line) {
    System.err.println("[test-executor " + Instant.now() + "] " + line);
    System.err.flush();
  }
}
