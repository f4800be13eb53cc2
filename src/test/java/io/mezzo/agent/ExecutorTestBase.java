package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.framework;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.http.agent.ExecutorHttp;
import io.mezzo.testing.executor.ExecutorCommands;
import io.mezzo.testing.executor.TestExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the custom executor tests: a real agent against a scripted master, its executor
 * API on a Vert.x server on a random port, manual agent timers, and helpers to build executor tasks
 * and to play the executor over raw HTTP.
 */
abstract class ExecutorTestBase {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final AgentId AID = AgentId.of("master-1-S0");
  static final FrameworkInfo FW = framework("master-1-0000");
  static final FrameworkId FID = FW.id();
  static final ExecutorId EID = ExecutorId.of("test-executor");

  @TempDir Path work;
  AgentHarness harness;
  ManualTimers timers;
  Vertx vertx;
  HttpServer server;
  final AtomicReference<Agent> current = new AtomicReference<>();
  List<ProcessContainerizer> containerizers;
  ScriptedMasterLink link;
  Agent agent;
  String endpoint;

  @BeforeEach
  void setUp() throws Exception {
    harness = new AgentHarness(work);
    timers = harness.timers;
    containerizers = harness.containerizers;
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    new ExecutorHttp(
            vertx, () -> Optional.ofNullable(current.get()).map(Agent::executorApi), 1 << 20)
        .register(router);
    server =
        get(
            vertx
                .createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage());
    endpoint = "http://127.0.0.1:" + server.actualPort();
    link = new ScriptedMasterLink();
    agent = newAgent(link);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
    get(server.close().toCompletionStage());
    get(vertx.close().toCompletionStage());
  }

  Agent newAgent(ScriptedMasterLink masterLink) {
    Agent a =
        harness.newAgent(
            harness.config("cpus:4;mem:4096;disk:1000;ports:[31000-31010]", "", endpoint),
            masterLink,
            7,
            ExecutorSettings.defaults().withShutdownGracePeriod(Duration.ofSeconds(3)));
    current.set(a);
    return a;
  }

  static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  void advance(Duration d) throws Exception {
    Duration step = Duration.ofMillis(250);
    for (Duration left = d; left.compareTo(Duration.ZERO) > 0; left = left.minus(step)) {
      timers.advance(left.compareTo(step) < 0 ? left : step);
      get(agent.snapshot());
    }
  }

  void startAndRegister() throws Exception {
    int before = link.streams().size();
    get(agent.start());
    advance(Duration.ofSeconds(1));
    link.awaitStream(before + 1);
    link.emit(AgentEvent.registered(AID, "master-1", 15));
    await().atMost(WAIT).until(agent::isRegistered);
  }

  static ExecutorInfo testExecutor(String command) {
    return new ExecutorInfo(
        ExecutorInfo.Type.CUSTOM,
        EID,
        null,
        CommandInfo.shell(command),
        null,
        List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 64)),
        "test executor",
        null);
  }

  static String javaExecutorCommand() {
    return ExecutorCommands.java(TestExecutor.class);
  }

  /** A task for the executor: its {@code data} is the shell command the test executor runs. */
  static TaskInfo executorTask(String id, ExecutorInfo executor, String shell) {
    return new TaskInfo(
        "task " + id,
        TaskId.of(id),
        null,
        List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 32)),
        executor,
        null,
        null,
        null,
        null,
        null,
        Base64.getEncoder().encodeToString(shell.getBytes(StandardCharsets.UTF_8)),
        null,
        null,
        null,
        null);
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  List<AgentCall> sent(AgentCall.Type type) {
    return link.sent().stream().filter(c -> c.type() == type).toList();
  }

  HttpResponse<String> post(String json) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    return client.send(
        HttpRequest.newBuilder(URI.create(endpoint + ExecutorHttp.PATH))
            .header("Content-Type", "application/json")
            .timeout(WAIT)
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The test as the executor: subscribes over HTTP and collects the raw event records on a reader
   * thread, so the bodies can be checked with the official protos.
   */
  final class RawSubscription implements AutoCloseable {
    final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    final HttpResponse<java.io.InputStream> response;
    private final Thread reader;

    RawSubscription(String body) throws Exception {
      response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(endpoint + ExecutorHttp.PATH))
                      .header("Content-Type", "application/json")
                      .header("Accept", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      reader =
          new Thread(
              () -> {
                try {
                  io.mezzo.api.v1.RecordIo.Reader r =
                      new io.mezzo.api.v1.RecordIo.Reader(response.body());
                  byte[] rec;
                  while ((rec = r.next()) != null) {
                    events.add(new String(rec, StandardCharsets.UTF_8));
                  }
                } catch (java.io.IOException e) {
                  events.add("closed: " + e);
                }
              },
              "raw-executor-reader");
      reader.setDaemon(true);
      reader.start();
    }

    String awaitEvent(String type) {
      await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.contains(type)));
      return events.stream().filter(e -> e.contains(type)).findFirst().orElseThrow();
    }

    @Override
    public void close() throws Exception {
      response.body().close();
    }
  }

  static final String SUBSCRIBE =
      """
      {"executor_id":{"value":"test-executor"},"framework_id":{"value":"master-1-0000"},
       "type":"SUBSCRIBE","subscribe":{}}""";
}
