package io.mezzo.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Simulated frameworks speaking the v1 scheduler HTTP API ({@code POST /api/v1/scheduler}, JSON,
 * RecordIO event stream) the way a third-party framework does, built from JSON trees: SUBSCRIBE,
 * then for every offer an ACCEPT that launches as many tasks as fit (or a DECLINE once nothing is
 * left to launch), and an ACKNOWLEDGE for every update that carries a uuid.
 *
 * <p>Each framework records, per task, the time its ACCEPT was sent and the time its TASK_RUNNING
 * arrived; that is the latency the scenarios report. All frameworks share one Vert.x event loop
 * ({@link #ctx}), which alone touches their state; counters are atomics for the scenario's thread.
 */
public final class FrameworkFleet implements AutoCloseable {
  static final String PATH = "/api/v1/scheduler";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CALL_TIMEOUT_MS = 60_000;

  private final Vertx vertx;
  private final Context ctx;
  private final HttpClient streams;
  private final HttpClient calls;
  private final List<Framework> frameworks = new ArrayList<>();

  final AtomicLong launched = new AtomicLong();
  final AtomicLong running = new AtomicLong();
  final AtomicLong finished = new AtomicLong();
  final AtomicLong otherTerminal = new AtomicLong();
  final AtomicLong callFailures = new AtomicLong();
  final AtomicLong offersSeen = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();

  /** Nanos of the first ACCEPT and of the latest TASK_RUNNING / terminal update. */
  final AtomicLong firstAcceptNanos = new AtomicLong();

  final AtomicLong lastRunningNanos = new AtomicLong();
  final AtomicLong lastTerminalNanos = new AtomicLong();

  private final Samples acceptToRunning = new Samples();
  private final Samples callLatency = new Samples();

  /** Launch parameters shared by the frameworks. */
  public record TaskShape(double cpus, double mem, double refuseSeconds) {}

  /**
   * @param connections HTTP connections for calls, shared by all frameworks
   */
  public FrameworkFleet(URI master, int maxFrameworks, int connections) {
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    this.ctx = vertx.getOrCreateContext();
    HttpClientOptions options =
        new HttpClientOptions()
            .setDefaultHost(master.getHost())
            .setDefaultPort(master.getPort())
            .setKeepAlive(true)
            .setConnectTimeout(10_000);
    streams =
        vertx.createHttpClient(
            options, new PoolOptions().setHttp1MaxSize(maxFrameworks + 1).setMaxWaitQueueSize(-1));
    calls =
        vertx.createHttpClient(
            new HttpClientOptions(options),
            new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  /**
   * Subscribes {@code frameworks} frameworks named {@code prefix0…} that launch {@code tasks}
   * between them, as evenly as they divide.
   */
  public void addShares(String prefix, int frameworks, int tasks, TaskShape shape) {
    for (int i = 0; i < frameworks; i++) {
      add(prefix + i, tasks / frameworks + (i < tasks % frameworks ? 1 : 0), shape);
    }
  }

  /**
   * Subscribes a new framework that will launch {@code tasks} tasks of {@code shape}.
   *
   * @return completes with the nanoseconds from sending SUBSCRIBE to its first OFFERS event
   */
  public CompletableFuture<Long> add(String name, int tasks, TaskShape shape) {
    CompletableFuture<Long> firstOffer = new CompletableFuture<>();
    ctx.runOnContext(
        v -> {
          Framework f = new Framework(name, tasks, shape, firstOffer);
          frameworks.add(f);
          f.subscribe();
        });
    return firstOffer;
  }

  /** Sends TEARDOWN for every framework subscribed so far; completes when all are answered. */
  public CompletableFuture<Void> teardownAll() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ctx.runOnContext(
        v -> {
          List<Future<Void>> all = new ArrayList<>();
          for (Framework f : frameworks) {
            if (f.id != null && !f.tornDown) {
              all.add(f.teardown());
            }
          }
          Future.join(new ArrayList<>(all)).onComplete(ar -> done.complete(null));
        });
    return done;
  }

  /**
   * Paced calls for scenario 8: every framework sends one call every {@code period}, alternating
   * REVIVE and an explicit RECONCILE of one task id, without waiting for the answer (open loop),
   * until {@code duration} has passed; each answered call's latency is recorded.
   *
   * @return completes when every paced call was answered or failed
   */
  public CompletableFuture<Long> pacedCalls(Duration period, Duration duration) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    ctx.runOnContext(
        v -> {
          long end = System.nanoTime() + duration.toNanos();
          AtomicLong outstanding = new AtomicLong(frameworks.size());
          AtomicLong sent = new AtomicLong();
          for (int i = 0; i < frameworks.size(); i++) {
            Framework f = frameworks.get(i);
            long phase = 1 + (period.toMillis() * i) / Math.max(1, frameworks.size());
            vertx.setTimer(
                phase,
                t ->
                    f.paced(
                        period.toMillis(),
                        end,
                        sent,
                        () -> {
                          if (outstanding.decrementAndGet() == 0) {
                            done.complete(sent.get());
                          }
                        }));
          }
        });
    return done;
  }

  /** A copy of the per-task ACCEPT → RUNNING latencies (ns), taken on the fleet's loop. */
  public Samples acceptToRunning() {
    return copy(acceptToRunning);
  }

  /** A copy of the paced calls' latencies (ns). */
  public Samples callLatency() {
    return copy(callLatency);
  }

  private Samples copy(Samples s) {
    CompletableFuture<Samples> out = new CompletableFuture<>();
    ctx.runOnContext(
        v -> {
          Samples c = new Samples();
          c.addAll(s);
          out.complete(c);
        });
    return out.orTimeout(30, TimeUnit.SECONDS).join();
  }

  public String firstError() {
    return firstError.get();
  }

  private void error(String what) {
    firstError.compareAndSet(null, what);
  }

  @Override
  public void close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    vertx.close().onComplete(ar -> done.complete(null));
    done.completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
  }

  private static ObjectNode value(String v) {
    return JSON.createObjectNode().put("value", v);
  }

  /** One simulated framework; touched only on the fleet's loop. */
  private final class Framework {
    final String name;
    final TaskShape shape;
    final CompletableFuture<Long> firstOffer;
    int toLaunch;
    String id;
    String streamId;
    boolean tornDown;

    /** Calls posted and not answered yet; TEARDOWN waits for them (see {@link #teardown}). */
    int inFlight;

    Promise<Void> teardownWhenIdle;
    long subscribedAt;
    int taskSeq;
    final Map<String, Long> acceptedAt = new HashMap<>();

    Framework(String name, int tasks, TaskShape shape, CompletableFuture<Long> firstOffer) {
      this.name = name;
      this.toLaunch = tasks;
      this.shape = shape;
      this.firstOffer = firstOffer;
    }

    void subscribe() {
      ObjectNode call = JSON.createObjectNode().put("type", "SUBSCRIBE");
      call.putObject("subscribe")
          .putObject("framework_info")
          .put("user", "root")
          .put("name", name)
          .put("failover_timeout", 0.0);
      RecordIoDecoder decoder = new RecordIoDecoder(this::onRecord, 64L * 1024 * 1024);
      subscribedAt = System.nanoTime();
      streams
          .request(
              new RequestOptions()
                  .setMethod(HttpMethod.POST)
                  .setURI(PATH)
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Accept", "application/json"))
          .compose(req -> req.send(Buffer.buffer(bytes(call))))
          .onSuccess(
              resp -> {
                if (resp.statusCode() != 200) {
                  resp.body()
                      .onComplete(
                          b ->
                              fail(
                                  "SUBSCRIBE of "
                                      + name
                                      + " answered "
                                      + resp.statusCode()
                                      + ": "
                                      + (b.succeeded() ? b.result() : b.cause())));
                  return;
                }
                streamId = resp.getHeader("Mesos-Stream-Id");
                resp.handler(buf -> decoder.feed(buf.getBytes()));
                resp.exceptionHandler(
                    e -> {
                      if (!tornDown) {
                        error(name + ": stream broke: " + e);
                      }
                    });
                resp.endHandler(
                    v -> {
                      if (!tornDown) {
                        error(name + ": stream ended");
                      }
                    });
              })
          .onFailure(e -> fail("SUBSCRIBE of " + name + " failed: " + e));
    }

    private void fail(String why) {
      error(why);
      firstOffer.completeExceptionally(new IllegalStateException(why));
    }

    private void onRecord(byte[] record) {
      JsonNode event;
      try {
        event = JSON.readTree(record);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      switch (event.path("type").asText()) {
        case "SUBSCRIBED" ->
            id = event.path("subscribed").path("framework_id").path("value").asText();
        case "OFFERS" -> offers(event.path("offers").path("offers"));
        case "UPDATE" -> update(event.path("update").path("status"));
        case "ERROR" ->
            error(name + ": ERROR event: " + event.path("error").path("message").asText());
        default -> {}
      }
    }

    private void offers(JsonNode offers) {
      if (!firstOffer.isDone()) {
        firstOffer.complete(System.nanoTime() - subscribedAt);
      }
      for (JsonNode offer : offers) {
        offersSeen.incrementAndGet();
        offer(offer);
      }
    }

    private void offer(JsonNode offer) {
      double cpus = 0;
      double mem = 0;
      JsonNode allocationInfo = null;
      for (JsonNode r : offer.path("resources")) {
        if (r.has("reservations") || r.has("reservation") || r.has("disk")) {
          continue;
        }
        switch (r.path("name").asText()) {
          case "cpus" -> cpus += r.path("scalar").path("value").asDouble();
          case "mem" -> mem += r.path("scalar").path("value").asDouble();
          default -> {}
        }
        if (r.has("allocation_info")) {
          allocationInfo = r.get("allocation_info");
        }
      }
      int fit =
          (int) Math.min(Math.floor(cpus / shape.cpus + 1e-9), Math.floor(mem / shape.mem + 1e-9));
      int n = Math.min(fit, toLaunch);
      String offerId = offer.path("id").path("value").asText();
      if (tornDown) {
        return; // TEARDOWN recovers the offer; a DECLINE would race it
      }
      if (n <= 0) {
        ObjectNode call = call("DECLINE");
        ObjectNode d = call.putObject("decline");
        d.putArray("offer_ids").add(value(offerId));
        d.putObject("filters").put("refuse_seconds", toLaunch <= 0 ? 3600.0 : shape.refuseSeconds);
        post(call, null);
        return;
      }
      toLaunch -= n;
      String agentId = offer.path("agent_id").path("value").asText();
      ObjectNode call = call("ACCEPT");
      ObjectNode accept = call.putObject("accept");
      accept.putArray("offer_ids").add(value(offerId));
      ArrayNode infos =
          accept
              .putArray("operations")
              .addObject()
              .put("type", "LAUNCH")
              .putObject("launch")
              .putArray("task_infos");
      long now = System.nanoTime();
      firstAcceptNanos.compareAndSet(0, now);
      for (int i = 0; i < n; i++) {
        String taskId = name + "-" + (taskSeq++);
        ObjectNode t = infos.addObject().put("name", taskId);
        t.set("task_id", value(taskId));
        t.set("agent_id", value(agentId));
        ArrayNode res = t.putArray("resources");
        scalar(res, "cpus", shape.cpus, allocationInfo);
        scalar(res, "mem", shape.mem, allocationInfo);
        t.putObject("command").put("shell", true).put("value", "true");
        acceptedAt.put(taskId, now);
      }
      accept.putObject("filters").put("refuse_seconds", shape.refuseSeconds);
      launched.addAndGet(n);
      post(call, null);
    }

    private void scalar(ArrayNode res, String name, double v, JsonNode allocationInfo) {
      ObjectNode r = res.addObject().put("name", name).put("type", "SCALAR");
      r.putObject("scalar").put("value", v);
      if (allocationInfo != null) {
        r.set("allocation_info", allocationInfo);
      }
    }

    private void update(JsonNode status) {
      String taskId = status.path("task_id").path("value").asText();
      String state = status.path("state").asText();
      long now = System.nanoTime();
      switch (state) {
        case "TASK_RUNNING" -> {
          Long at = acceptedAt.remove(taskId);
          if (at != null) {
            acceptToRunning.add(now - at);
            running.incrementAndGet();
            lastRunningNanos.set(now);
          }
        }
        case "TASK_FINISHED" -> {
          finished.incrementAndGet();
          lastTerminalNanos.set(now);
        }
        case "TASK_STAGING", "TASK_STARTING" -> {}
        default -> {
          if (!taskId.startsWith("reconcile-")) {
            otherTerminal.incrementAndGet();
            lastTerminalNanos.set(now);
            error(name + ": task " + taskId + " " + state + ": " + status.path("message").asText());
          }
        }
      }
      if (status.hasNonNull("uuid") && !tornDown) {
        ObjectNode call = call("ACKNOWLEDGE");
        ObjectNode a = call.putObject("acknowledge");
        a.set("agent_id", status.path("agent_id"));
        a.set("task_id", status.path("task_id"));
        a.put("uuid", status.path("uuid").asText());
        post(call, null);
      }
    }

    /**
     * Stops making calls, waits for those in flight, then sends TEARDOWN: a call that reached the
     * master after TEARDOWN would be refused (the framework is gone) and counted as a failure.
     */
    Future<Void> teardown() {
      tornDown = true;
      teardownWhenIdle = Promise.promise();
      Future<Void> answered = teardownWhenIdle.future().compose(v -> post(call("TEARDOWN"), null));
      if (inFlight == 0) {
        teardownWhenIdle.tryComplete();
      }
      Promise<Void> p = Promise.promise();
      answered.onComplete(ar -> p.complete());
      return p.future();
    }

    private void callDone() {
      inFlight--;
      if (inFlight == 0 && teardownWhenIdle != null) {
        teardownWhenIdle.tryComplete();
      }
    }

    void paced(long periodMs, long endNanos, AtomicLong sent, Runnable finished) {
      AtomicLong inFlight = new AtomicLong(1); // the timer itself, until it stops
      Runnable oneDone =
          () -> {
            if (inFlight.decrementAndGet() == 0) {
              finished.run();
            }
          };
      long[] seq = {0};
      vertx.setPeriodic(
          periodMs,
          timer -> {
            if (System.nanoTime() >= endNanos) {
              vertx.cancelTimer(timer);
              oneDone.run();
              return;
            }
            ObjectNode call;
            if (seq[0]++ % 2 == 0) {
              call = call("REVIVE");
            } else {
              call = call("RECONCILE");
              ObjectNode t = call.putObject("reconcile").putArray("tasks").addObject();
              t.set("task_id", value("reconcile-" + name));
            }
            inFlight.incrementAndGet();
            sent.incrementAndGet();
            post(call, callLatency).onComplete(ar -> oneDone.run());
          });
    }

    private ObjectNode call(String type) {
      ObjectNode call = JSON.createObjectNode();
      call.set("framework_id", value(id));
      call.put("type", type);
      return call;
    }

    /** Posts a call; anything but 202 counts as a failure. Latency goes to {@code into}. */
    private Future<Void> post(ObjectNode call, Samples into) {
      byte[] body = bytes(call);
      long start = System.nanoTime();
      String type = call.path("type").asText();
      inFlight++;
      return calls
          .request(
              new RequestOptions()
                  .setMethod(HttpMethod.POST)
                  .setURI(PATH)
                  .setIdleTimeout(CALL_TIMEOUT_MS)
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Mesos-Stream-Id", streamId == null ? "" : streamId))
          .compose(req -> req.send(Buffer.buffer(body)))
          .compose(
              resp ->
                  resp.body()
                      .map(
                          b -> {
                            if (resp.statusCode() != 202) {
                              callFailures.incrementAndGet();
                              error(
                                  name + ": " + type + " answered " + resp.statusCode() + ": " + b);
                            } else if (into != null) {
                              into.add(System.nanoTime() - start);
                            }
                            return (Void) null;
                          }))
          .onFailure(
              e -> {
                callFailures.incrementAndGet();
                error(name + ": " + type + " failed: " + e);
              })
          .onComplete(ar -> callDone());
    }
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
