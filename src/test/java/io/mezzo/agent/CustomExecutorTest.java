package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.framework;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.agent.resources.HostProbe;
import io.mezzo.agent.resources.ResourceDetector;
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
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.core.time.SystemTimers;
import io.mezzo.http.agent.ExecutorHttp;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom executors on a real agent: the agent against a scripted master, its executor API on a
 * Vert.x server on a random port, and {@link io.mezzo.testing.executor.TestExecutor} as a real JVM
 * process speaking that API. Agent timers (registration timeout) are manual.
 */
class CustomExecutorTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AgentId AID = AgentId.of("master-1-S0");
  private static final FrameworkInfo FW = framework("master-1-0000");
  private static final FrameworkId FID = FW.id();
  private static final ExecutorId EID = ExecutorId.of("test-executor");

  @TempDir Path work;
  private ManualTimers timers;
  private SystemTimers killTimers;
  private Vertx vertx;
  private HttpServer server;
  private final AtomicReference<Agent> current = new AtomicReference<>();
  private final List<Agent> agents = new ArrayList<>();
  private final List<ProcessContainerizer> containerizers = new ArrayList<>();
  private ScriptedMasterLink link;
  private Agent agent;
  private String endpoint;

  @BeforeEach
  void setUp() throws Exception {
    timers = new ManualTimers();
    killTimers = new SystemTimers("kill");
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
    for (ProcessContainerizer c : containerizers) {
      for (var id : get(c.containers())) {
        get(c.destroy(id));
      }
    }
    agents.forEach(Agent::stop);
    killTimers.close();
    get(server.close().toCompletionStage());
    get(vertx.close().toCompletionStage());
  }

  private Agent newAgent(ScriptedMasterLink masterLink) {
    AgentConfig config =
        AgentConfig.defaults()
            .withWorkDir(work)
            .withResources("cpus:4;mem:4096;disk:1000;ports:[31000-31010]", "")
            .withEndpoint("127.0.0.1", endpoint)
            .withKillGracePeriod(Duration.ofMillis(200));
    ProcessContainerizer containerizer = new ProcessContainerizer(killTimers, List.of());
    containerizers.add(containerizer);
    Agent a =
        new Agent(
            config,
            masterLink,
            List.of(containerizer),
            new ResourceDetector(HostProbe.system()),
            timers,
            new SplittableRandom(7),
            new SerialContext("agent"),
            ExecutorSettings.defaults().withShutdownGracePeriod(Duration.ofSeconds(3)));
    agents.add(a);
    current.set(a);
    return a;
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private void advance(Duration d) throws Exception {
    Duration step = Duration.ofMillis(250);
    for (Duration left = d; left.compareTo(Duration.ZERO) > 0; left = left.minus(step)) {
      timers.advance(left.compareTo(step) < 0 ? left : step);
      get(agent.snapshot());
    }
  }

  private void startAndRegister() throws Exception {
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
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return "exec '"
        + java
        + "' -Xmx64m -XX:TieredStopAtLevel=1 -cp '"
        + System.getProperty("java.class.path")
        + "' io.mezzo.testing.executor.TestExecutor";
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

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private List<AgentCall> sent(AgentCall.Type type) {
    return link.sent().stream().filter(c -> c.type() == type).toList();
  }

  @Test
  void runsTwoTasksInOneExecutorExchangesMessagesKillsAndShutsDown() throws Exception {
    startAndRegister();
    ExecutorInfo executor = testExecutor(javaExecutorCommand());
    link.emit(AgentEvent.runTask(FW, executorTask("one", executor, "true")));
    link.emit(AgentEvent.runTask(FW, executorTask("two", executor, "sleep 60")));

    TaskStatus running = link.awaitUpdate(TaskId.of("one"), TaskState.TASK_RUNNING);
    assertThat(running.source()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(running.executorId()).isEqualTo(EID);
    assertThat(running.agentId()).isEqualTo(AID);
    link.acknowledge(FID, running);
    link.acknowledge(FID, link.awaitUpdate(TaskId.of("one"), TaskState.TASK_FINISHED));
    TaskStatus twoRunning = link.awaitUpdate(TaskId.of("two"), TaskState.TASK_RUNNING);
    assertThat(twoRunning.containerStatus().containerId())
        .isEqualTo(running.containerStatus().containerId());
    link.acknowledge(FID, twoRunning);

    AgentSnapshot snap = get(agent.snapshot());
    assertThat(snap.frameworks().get(0).executors())
        .singleElement()
        .satisfies(e -> assertThat(e.executorId()).isEqualTo(EID));
    // Executor resources (0.1 cpus) count beside the running task's (0.1 cpus).
    assertThat(snap.used().scalar("cpus"))
        .isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));

    link.emit(AgentEvent.frameworkToExecutor(FID, EID, b64("hello")));
    await()
        .atMost(WAIT)
        .until(
            () ->
                sent(AgentCall.Type.EXECUTOR_TO_FRAMEWORK).stream()
                    .anyMatch(c -> c.message().data().equals(b64("echo: hello"))));
    AgentCall reply = sent(AgentCall.Type.EXECUTOR_TO_FRAMEWORK).get(0);
    assertThat(reply.message().executorId()).isEqualTo(EID);
    assertThat(reply.message().frameworkId()).isEqualTo(FID);

    link.emit(AgentEvent.killTask(FID, TaskId.of("two"), null));
    TaskStatus killed = link.awaitUpdate(TaskId.of("two"), TaskState.TASK_KILLED);
    assertThat(killed.source()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    link.acknowledge(FID, killed);

    link.emit(AgentEvent.shutdownExecutor(FID, EID));
    await().atMost(WAIT).until(() -> !sent(AgentCall.Type.EXITED_EXECUTOR).isEmpty());
    AgentCall.ExitedExecutor exited = sent(AgentCall.Type.EXITED_EXECUTOR).get(0).exitedExecutor();
    assertThat(exited.executorId()).isEqualTo(EID);
    assertThat(exited.status()).isEqualTo(0);
  }

  @Test
  void anExecutorThatExitsFailsItsTasksAndIsReportedExited() throws Exception {
    startAndRegister();
    ExecutorInfo executor = testExecutor(javaExecutorCommand());
    link.emit(AgentEvent.runTask(FW, executorTask("long", executor, "sleep 60")));
    link.acknowledge(FID, link.awaitUpdate(TaskId.of("long"), TaskState.TASK_RUNNING));

    link.emit(AgentEvent.frameworkToExecutor(FID, EID, b64("exit:3")));

    TaskStatus failed = link.awaitUpdate(TaskId.of("long"), TaskState.TASK_FAILED);
    assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
    assertThat(failed.source()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
    await().atMost(WAIT).until(() -> !sent(AgentCall.Type.EXITED_EXECUTOR).isEmpty());
    assertThat(sent(AgentCall.Type.EXITED_EXECUTOR).get(0).exitedExecutor().status())
        .isEqualTo(3 << 8);
    assertThat(get(agent.snapshot()).used().scalar("cpus")).isZero();
  }

  @Test
  void anExecutorThatNeverSubscribesIsDestroyedAndItsTasksFail() throws Exception {
    startAndRegister();
    link.emit(AgentEvent.runTask(FW, executorTask("waiting", testExecutor("sleep 120"), "true")));
    await()
        .atMost(WAIT)
        .until(
            () -> {
              advance(Duration.ofSeconds(5));
              return link.updatesOf(TaskId.of("waiting")).stream()
                  .anyMatch(s -> s.state() == TaskState.TASK_FAILED);
            });
    TaskStatus failed = link.awaitUpdate(TaskId.of("waiting"), TaskState.TASK_FAILED);
    assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT);
    assertThat(failed.message()).contains("did not subscribe");
    await().atMost(WAIT).until(() -> !sent(AgentCall.Type.EXITED_EXECUTOR).isEmpty());
  }

  @Test
  void badCallsAre400sNamingWhatIsWrong() throws Exception {
    startAndRegister();
    link.emit(AgentEvent.runTask(FW, executorTask("waiting", testExecutor("sleep 120"), "true")));
    await().atMost(WAIT).until(() -> !get(agent.snapshot()).tasks().isEmpty());

    HttpResponse<String> wrongFramework =
        post(
            """
            {"executor_id":{"value":"test-executor"},"framework_id":{"value":"nope"},
             "type":"SUBSCRIBE","subscribe":{}}""");
    assertThat(wrongFramework.statusCode()).isEqualTo(400);
    assertThat(wrongFramework.body()).contains("nope");

    HttpResponse<String> unknownExecutor =
        post(
            """
            {"executor_id":{"value":"ghost"},"framework_id":{"value":"master-1-0000"},
             "type":"UPDATE","update":{"status":{"task_id":{"value":"waiting"},
             "state":"TASK_RUNNING","uuid":"AAAAAAAAAAAAAAAAAAAAAA=="}}}""");
    assertThat(unknownExecutor.statusCode()).isEqualTo(400);
    assertThat(unknownExecutor.body()).contains("ghost");

    HttpResponse<String> unknownTask =
        post(
            """
            {"executor_id":{"value":"test-executor"},"framework_id":{"value":"master-1-0000"},
             "type":"UPDATE","update":{"status":{"task_id":{"value":"other"},
             "state":"TASK_RUNNING","uuid":"AAAAAAAAAAAAAAAAAAAAAA=="}}}""");
    assertThat(unknownTask.statusCode()).isEqualTo(400);
    assertThat(unknownTask.body()).contains("other");
    assertThat(link.updatesOf(TaskId.of("other"))).isEmpty();
  }

  private HttpResponse<String> post(String json) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    return client.send(
        HttpRequest.newBuilder(URI.create(endpoint + ExecutorHttp.PATH))
            .header("Content-Type", "application/json")
            .timeout(WAIT)
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAgentRestartKeepsALiveExecutorAndItsTasks() throws Exception {
    startAndRegister();
    ExecutorInfo executor = testExecutor(javaExecutorCommand());
    link.emit(AgentEvent.runTask(FW, executorTask("kept", executor, "sleep 60")));
    link.acknowledge(FID, link.awaitUpdate(TaskId.of("kept"), TaskState.TASK_RUNNING));

    agent.stop(); // the executor and its task keep running; the executor's stream ends
    containerizers.clear();
    ScriptedMasterLink link2 = new ScriptedMasterLink();
    link = link2;
    agent = newAgent(link2);
    get(agent.start());
    advance(Duration.ofSeconds(1));
    AgentCall.Register register = link2.awaitStream(1).subscribe().register();
    assertThat(register.executors()).extracting(ExecutorInfo::executorId).containsExactly(EID);
    assertThat(register.tasks()).extracting(t -> t.task().taskId()).contains(TaskId.of("kept"));
    link2.emit(AgentEvent.registered(AID, "master-1", 15));
    await().atMost(WAIT).until(agent::isRegistered);

    // It re-subscribed: a message reaches it and comes back, and a kill goes through it.
    await()
        .atMost(WAIT)
        .until(
            () -> {
              link2.emit(AgentEvent.frameworkToExecutor(FID, EID, b64("still there?")));
              return link2.sent().stream()
                  .anyMatch(c -> c.type() == AgentCall.Type.EXECUTOR_TO_FRAMEWORK);
            });
    advance(Duration.ofSeconds(5)); // past the re-registration timeout: it subscribed in time
    link2.emit(AgentEvent.killTask(FID, TaskId.of("kept"), null));
    TaskStatus killed = link2.awaitUpdate(TaskId.of("kept"), TaskState.TASK_KILLED);
    assertThat(killed.source()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
  }

  /**
   * The test as the executor: subscribes over HTTP and collects the raw event records on a reader
   * thread, so the bodies can be checked with the official protos.
   */
  private final class RawSubscription implements AutoCloseable {
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

  private static final String SUBSCRIBE =
      """
      {"executor_id":{"value":"test-executor"},"framework_id":{"value":"master-1-0000"},
       "type":"SUBSCRIBE","subscribe":{}}""";

  @Test
  void eventsOnTheWireAreMesosExecutorEventsAndUpdatesAreAcknowledgedToTheExecutor()
      throws Exception {
    startAndRegister();
    ExecutorInfo executor = testExecutor("sleep 120"); // the test subscribes in its place
    link.emit(AgentEvent.runTask(FW, executorTask("wire", executor, "true")));
    await().atMost(WAIT).until(() -> !get(agent.snapshot()).tasks().isEmpty());

    try (RawSubscription sub = new RawSubscription(SUBSCRIBE)) {
      assertThat(sub.response.statusCode()).isEqualTo(200);
      assertThat(sub.response.headers().firstValue("Mesos-Stream-Id")).isPresent();
      String subscribed = sub.awaitEvent("\"SUBSCRIBED\"");
      io.mezzo.testing.ProtoOracle.check(
          io.mezzo.testing.ProtoOracle.Schema.EXECUTOR_EVENT, subscribed);
      assertThat(subscribed).contains("test-executor", "master-1-S0", "container_id");
      String launch = sub.awaitEvent("\"LAUNCH\"");
      io.mezzo.testing.ProtoOracle.check(
          io.mezzo.testing.ProtoOracle.Schema.EXECUTOR_EVENT, launch);
      assertThat(launch).contains("\"wire\"");

      String uuid = "AAECAwQFBgcICQoLDA0ODw==";
      HttpResponse<String> update =
          post(
              """
              {"executor_id":{"value":"test-executor"},"framework_id":{"value":"master-1-0000"},
               "type":"UPDATE","update":{"status":{"task_id":{"value":"wire"},
               "state":"TASK_RUNNING","source":"SOURCE_EXECUTOR","uuid":"%s"}}}"""
                  .formatted(uuid));
      assertThat(update.statusCode()).isEqualTo(202);
      TaskStatus running = link.awaitUpdate(TaskId.of("wire"), TaskState.TASK_RUNNING);
      assertThat(running.uuid()).as("the executor's own uuid").isEqualTo(uuid);
      link.acknowledge(FID, running);
      String acked = sub.awaitEvent("\"ACKNOWLEDGED\"");
      io.mezzo.testing.ProtoOracle.check(io.mezzo.testing.ProtoOracle.Schema.EXECUTOR_EVENT, acked);
      assertThat(acked).contains(uuid);

      var state = io.mezzo.agent.operator.AgentViews.state(get(agent.snapshot()));
      assertThat(state.getExecutors().executors())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.executorInfo().executorId()).isEqualTo(EID);
                assertThat(e.executorInfo().name()).isEqualTo("test executor");
              });
    }
  }

  @Test
  void anExecutorThatDoesNotComeBackAfterAnAgentRestartIsDestroyed() throws Exception {
    startAndRegister();
    link.emit(AgentEvent.runTask(FW, executorTask("orphan", testExecutor("sleep 120"), "true")));
    await().atMost(WAIT).until(() -> !get(agent.snapshot()).tasks().isEmpty());
    try (RawSubscription sub = new RawSubscription(SUBSCRIBE)) {
      sub.awaitEvent("\"LAUNCH\"");
    }
    agent.stop();
    containerizers.clear();
    ScriptedMasterLink link2 = new ScriptedMasterLink();
    link = link2;
    agent = newAgent(link2);
    get(agent.start());
    advance(Duration.ofSeconds(1));
    link2.awaitStream(1);
    link2.emit(AgentEvent.registered(AID, "master-1", 15));
    await()
        .atMost(WAIT)
        .until(
            () -> {
              advance(Duration.ofSeconds(1));
              return link2.updatesOf(TaskId.of("orphan")).stream()
                  .anyMatch(s -> s.state() == TaskState.TASK_FAILED);
            });
    TaskStatus failed = link2.awaitUpdate(TaskId.of("orphan"), TaskState.TASK_FAILED);
    assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT);
  }
}
