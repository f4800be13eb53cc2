package io.mezzo.loadgen;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.resources.Resources;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thousands of simulated agents in this JVM, speaking the real agent↔master protocol ({@link
 * AgentCall} / {@link AgentEvent} as JSON on {@code POST /internal/v1/agent}) over loopback: a
 * SUBSCRIBE stream each, REGISTERED, heartbeats at the interval the master asks for, and status
 * updates with uuids that wait for the master's ACKNOWLEDGE, in order per task, as the real agent's
 * status update manager does.
 *
 * <p>The containerizer is fake: a RUN_TASK is answered with TASK_RUNNING at once; in {@link
 * Mode#FINISH} the TASK_FINISHED follows as soon as the RUNNING is acknowledged, in {@link
 * Mode#SLEEP} the task runs until it is killed (KILL_TASK, SHUTDOWN_FRAMEWORK).
 *
 * <p>All agents live on one Vert.x event loop (no thread per agent): every field of every agent is
 * touched only on {@link #ctx}. The counters are atomics so the scenario's thread can read them.
 */
public final class AgentFleet implements AutoCloseable {
  /** What the fake containerizer does with a task. */
  public enum Mode {
    FINISH,
    SLEEP
  }

  private static final String PATH = "/internal/v1/agent";
  private static final int SUBSCRIBES_IN_FLIGHT = 64;
  private static final int CALL_CONNECTIONS = 48;
  private static final int MAX_CALL_RETRIES = 5;
  private static final long CALL_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final Context ctx;
  private final HttpClient streams;
  private final HttpClient calls;
  private final Mode mode;
  private final List<SimAgent> agents = new ArrayList<>();
  private final SplittableRandom random;

  private final AtomicInteger registered = new AtomicInteger();
  private final AtomicInteger streamsLost = new AtomicInteger();
  private final AtomicLong updatesSent = new AtomicLong();
  private final AtomicLong callFailures = new AtomicLong();
  private final AtomicLong tasksRunning = new AtomicLong();
  private final AtomicLong heartbeats = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private volatile boolean closed;
  private int nextToSubscribe;

  /**
   * @param master the master's base URL ({@code http://127.0.0.1:port})
   * @param count how many agents
   * @param resources each agent's resources, Mesos syntax ({@code cpus:8;mem:8192})
   * @param seed for the uuids and heartbeat phases, so runs are comparable
   */
  public AgentFleet(URI master, int count, String resources, Mode mode, long seed) {
    this.mode = mode;
    this.random = new SplittableRandom(seed);
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    this.ctx = vertx.getOrCreateContext();
    HttpClientOptions options =
        new HttpClientOptions()
            .setDefaultHost(master.getHost())
            .setDefaultPort(master.getPort())
            .setKeepAlive(true)
            .setConnectTimeout(10_000)
            .setMaxInitialLineLength(4096);
    this.streams =
        vertx.createHttpClient(
            options, new PoolOptions().setHttp1MaxSize(count + 1).setMaxWaitQueueSize(-1));
    this.calls =
        vertx.createHttpClient(
            new HttpClientOptions(options),
            new PoolOptions().setHttp1MaxSize(CALL_CONNECTIONS).setMaxWaitQueueSize(-1));
    Resources parsed = Resources.parse(resources);
    for (int i = 0; i < count; i++) {
      agents.add(
          new SimAgent(
              i,
              new AgentInfo(
                  "sim-agent-" + i,
                  10_000 + (i % 50_000),
                  ResourceMapping.toWire(parsed, null, false),
                  List.of(),
                  null)));
    }
  }

  /** Starts registering every agent, at most {@value #SUBSCRIBES_IN_FLIGHT} at a time. */
  public void start() {
    ctx.runOnContext(
        v -> {
          for (int i = 0; i < SUBSCRIBES_IN_FLIGHT; i++) {
            subscribeNext();
          }
        });
  }

  /** Starts the fleet and waits for every agent to register; the seconds that took. */
  public double register(Duration timeout) {
    start();
    return awaitRegistered(timeout).toMillis() / 1000.0;
  }

  /**
   * Waits until every agent is registered.
   *
   * @throws IllegalStateException if they are not within {@code timeout}
   */
  public Duration awaitRegistered(Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (registered.get() < agents.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            registered.get()
                + " of "
                + agents.size()
                + " agents registered within "
                + timeout
                + "; first error: "
                + firstError.get());
      }
      MasterUnderTest.sleep(Duration.ofMillis(50));
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  public int registered() {
    return registered.get();
  }

  public int streamsLost() {
    return streamsLost.get();
  }

  public long updatesSent() {
    return updatesSent.get();
  }

  public long callFailures() {
    return callFailures.get();
  }

  public long heartbeats() {
    return heartbeats.get();
  }

  /** Tasks in TASK_RUNNING on the agents now. */
  public long tasksRunning() {
    return tasksRunning.get();
  }

  /** The first thing that went wrong, or null. */
  public String firstError() {
    return firstError.get();
  }

  private void subscribeNext() {
    if (closed || nextToSubscribe >= agents.size()) {
      return;
    }
    agents.get(nextToSubscribe++).subscribe();
  }

  private void error(String what) {
    firstError.compareAndSet(null, what);
  }

  private String newUuid() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** Stops every agent (their streams close; the master sees them disconnect). */
  @Override
  public void close() {
    closed = true;
    CountDownLatch done = new CountDownLatch(1);
    vertx.close().onComplete(ar -> done.countDown());
    try {
      done.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A task on a simulated agent and the update of it waiting for its acknowledgement. */
  private static final class SimTask {
    final FrameworkId framework;
    final TaskId id;
    TaskState state;
    String unacked;

    /** An update that waits for {@link #unacked} to be acknowledged (a kill of a running task). */
    TaskState queued;

    SimTask(FrameworkId framework, TaskId id) {
      this.framework = framework;
      this.id = id;
    }
  }

  /** One simulated agent; touched only on the fleet's context. */
  private final class SimAgent {
    final int index;
    final AgentInfo info;
    AgentId id;
    String secret;
    final Map<String, SimTask> tasks = new HashMap<>();
    boolean wasRegistered;

    SimAgent(int index, AgentInfo info) {
      this.index = index;
      this.info = info;
    }

    void subscribe() {
      AgentCall.Register register =
          new AgentCall.Register(
              info,
              "http://127.0.0.1:" + info.port(),
              "0.1.0",
              List.of(),
              List.of(),
              List.of(),
              "127.0.0.1");
      Buffer body = Buffer.buffer(MesosJson.write(AgentCall.subscribe(register)));
      RecordIoDecoder decoder = new RecordIoDecoder(this::onRecord, 16L * 1024 * 1024);
      streams
          .request(
              new RequestOptions()
                  .setMethod(HttpMethod.POST)
                  .setURI(PATH)
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Accept", "application/recordio, application/json"))
          .compose(req -> req.send(body))
          .onSuccess(
              resp -> {
                if (resp.statusCode() != 200) {
                  resp.body()
                      .onComplete(
                          b ->
                              lost(
                                  "SUBSCRIBE of agent "
                                      + index
                                      + " answered "
                                      + resp.statusCode()
                                      + ": "
                                      + (b.succeeded() ? b.result() : b.cause())));
                  return;
                }
                resp.handler(
                    buf -> {
                      try {
                        decoder.feed(buf.getBytes());
                      } catch (RuntimeException e) {
                        lost("agent " + index + ": bad stream: " + e.getMessage());
                        resp.request().reset();
                      }
                    });
                resp.endHandler(v -> lost("the master ended the stream of agent " + index));
                resp.exceptionHandler(e -> lost("stream of agent " + index + " broke: " + e));
              })
          .onFailure(e -> lost("SUBSCRIBE of agent " + index + " failed: " + e));
    }

    private void lost(String why) {
      if (closed) {
        return;
      }
      streamsLost.incrementAndGet();
      error(why);
      if (!wasRegistered) {
        subscribeNext(); // keep the registration window moving
      }
    }

    private void onRecord(byte[] record) {
      AgentEvent event = MesosJson.read(record, AgentEvent.class);
      switch (event.type()) {
        case REGISTERED -> registered(event.registered());
        case RUN_TASK -> run(event.runTask().frameworkInfo().id(), event.runTask().task().taskId());
        case ACKNOWLEDGE -> acknowledged(event.acknowledge());
        case KILL_TASK -> kill(event.killTask().taskId().value());
        case SHUTDOWN_FRAMEWORK -> {
          FrameworkId f = event.shutdownFramework().frameworkId();
          tasks.values().stream()
              .filter(t -> t.framework.equals(f))
              .map(t -> t.id.value())
              .toList()
              .forEach(this::kill);
        }
        case HEARTBEAT -> {}
        case ERROR -> lost("the master refused agent " + index + ": " + event.error());
        default -> error("agent " + index + " cannot handle " + event.type());
      }
    }

    private void registered(AgentEvent.Registered r) {
      if (wasRegistered) {
        return;
      }
      wasRegistered = true;
      id = r.agentId();
      secret = r.secret();
      registered.incrementAndGet();
      subscribeNext();
      long interval = (long) (r.heartbeatIntervalSeconds() * 1000);
      vertx.setTimer(
          1 + random.nextLong(interval),
          t ->
              vertx.setPeriodic(
                  interval,
                  p -> {
                    if (!closed) {
                      heartbeats.incrementAndGet();
                      send(AgentCall.heartbeat(id).withSecret(secret), 0);
                    }
                  }));
    }

    private void run(FrameworkId framework, TaskId task) {
      SimTask t = new SimTask(framework, task);
      tasks.put(task.value(), t);
      update(t, TaskState.TASK_RUNNING);
    }

    private void kill(String taskId) {
      SimTask t = tasks.get(taskId);
      if (t == null || t.state.isTerminal() || t.queued != null) {
        return;
      }
      if (t.unacked != null) {
        t.queued = TaskState.TASK_KILLED;
      } else {
        update(t, TaskState.TASK_KILLED);
      }
    }

    private void acknowledged(AgentEvent.Acknowledge ack) {
      SimTask t = tasks.get(ack.taskId().value());
      if (t == null || !ack.uuid().equals(t.unacked)) {
        return; // a duplicate, as the real agent ignores it
      }
      t.unacked = null;
      if (t.queued != null) {
        TaskState next = t.queued;
        t.queued = null;
        update(t, next);
      } else if (t.state.isTerminal()) {
        tasks.remove(t.id.value());
      } else if (mode == Mode.FINISH) {
        update(t, TaskState.TASK_FINISHED);
      }
    }

    private void update(SimTask t, TaskState state) {
      if (t.state == TaskState.TASK_RUNNING) {
        tasksRunning.decrementAndGet();
      }
      t.state = state;
      if (state == TaskState.TASK_RUNNING) {
        tasksRunning.incrementAndGet();
      }
      t.unacked = newUuid();
      TaskStatus status =
          TaskStatus.builder(t.id, state)
              .source(TaskStatus.Source.SOURCE_EXECUTOR)
              .agentId(id)
              .timestamp(System.currentTimeMillis() / 1000.0)
              .uuid(t.unacked)
              .build();
      updatesSent.incrementAndGet();
      send(AgentCall.statusUpdate(id, t.framework, status).withSecret(secret), 0);
    }

    /** Posts a call; a failed one is retried with backoff, a bounded number of times. */
    private void send(AgentCall call, int attempt) {
      Buffer body = Buffer.buffer(MesosJson.write(call));
      calls
          .request(
              new RequestOptions()
                  .setMethod(HttpMethod.POST)
                  .setURI(PATH)
                  .setIdleTimeout(CALL_TIMEOUT_MS)
                  .putHeader("Content-Type", "application/json"))
          .compose(req -> req.send(body))
          .compose(
              resp ->
                  resp.body()
                      .map(b -> resp.statusCode() == 202 ? null : resp.statusCode() + " " + b))
          .onComplete(
              ar -> {
                String failure = ar.failed() ? ar.cause().toString() : ar.result();
                if (failure == null || closed) {
                  return;
                }
                if (attempt >= MAX_CALL_RETRIES) {
                  callFailures.incrementAndGet();
                  error(
                      "agent "
                          + index
                          + ": "
                          + call.type()
                          + " failed "
                          + (attempt + 1)
                          + " times, last: "
                          + failure);
                  return;
                }
                vertx.setTimer(100L << attempt, t -> send(call, attempt + 1));
              });
    }
  }
}
