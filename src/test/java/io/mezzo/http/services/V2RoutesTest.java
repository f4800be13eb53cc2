package io.mezzo.http.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.bootstrap.TestNodes;
import io.mezzo.framework.services.ServicesApi;
import io.mezzo.framework.services.ServicesEvent;
import io.mezzo.framework.services.ServicesSnapshot;
import io.mezzo.framework.services.api.ServerInfo;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppJson;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.testing.RawExchange;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The /v2 routes on a real Vert.x server over an in-memory framework: what reaches the wire
 * (statuses, headers, JSON errors from the edge), and the event stream's framing, filter and
 * dropping of a client that does not read.
 */
class V2RoutesTest {
  private static final int LIMIT = 4000;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
  private final MemoryServices services = new MemoryServices();
  private final AtomicReference<Optional<ServicesApi>> api =
      new AtomicReference<>(Optional.of(services));
  private final AtomicInteger dropped = new AtomicInteger();
  private Vertx vertx;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    V2Routes routes =
        new V2Routes(
            new V2Routes.Deps(
                vertx,
                rc -> false,
                api::get,
                () -> new ServerInfo("m1:5050", "m1", 5050, null),
                Clock.systemUTC(),
                LIMIT,
                Duration.ofSeconds(10),
                new EventStream.Settings(
                    Duration.ofMillis(200), 16 * 1024, dropped::incrementAndGet)));
    base = URI.create("http://127.0.0.1:" + TestNodes.serve(vertx, routes::register));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aPostedAppIs201WithLocationAndDeploymentHeaderOnTheWire() throws Exception {
    RawExchange.Answer a = send("POST", "/v2/apps", "{\"id\":\"/web\",\"cmd\":\"sleep 9\"}");
    assertThat(a.status()).isEqualTo(201);
    assertThat(a.headers())
        .containsEntry("location", "/v2/apps/web")
        .containsEntry("marathon-deployment-id", "d1");
    assertThat(a.headers().get("content-type")).startsWith("application/json");
    assertThat(a.text()).contains("\"id\":\"/web\"");
    assertThat(send("GET", "/v2/apps/web", null).text()).contains("\"tasks\":[]");
  }

  @Test
  void edgeErrorsAreMarathonJson() throws Exception {
    RawExchange.Answer big =
        send("POST", "/v2/apps", "{\"id\":\"/x\",\"cmd\":\"" + "a".repeat(LIMIT) + "\"}");
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.text()).contains("\"message\":\"Request body is larger than " + LIMIT);
    RawExchange.Answer bad = send("POST", "/v2/apps", "{\"id\":");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text()).contains("Invalid JSON");
    api.set(Optional.empty());
    RawExchange.Answer down = send("GET", "/v2/apps", null);
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.text()).contains("services framework is not running");
  }

  @Test
  void pingIsPong() throws Exception {
    RawExchange.Answer a = send("GET", "/ping", null);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.text()).isEqualTo("pong");
  }

  @Test
  void theEventStreamFramesEventsAndFiltersByType() throws Exception {
    try (Socket all = events("");
        Socket only = events("?event_type=app_terminated_event")) {
      BufferedReader allIn = reader(all);
      BufferedReader onlyIn = reader(only);
      assertThat(nextEvent(allIn)).startsWith("event: event_stream_attached\ndata: {");
      await().atMost(TIMEOUT).until(() -> services.listeners.size() == 2);
      services.emit(new ServicesEvent.AppTerminated(NOW, PathId.parse("/web")));
      String frame = nextEvent(onlyIn);
      assertThat(frame)
          .isEqualTo(
              "event: app_terminated_event\ndata: {\"appId\":\"/web\",\"eventType\":"
                  + "\"app_terminated_event\",\"timestamp\":\"2026-12-02T06:00:00.000Z\"}");
      // The other stream sees the second client attach, then the same event.
      String next = nextEvent(allIn);
      while (!next.startsWith("event: app_terminated_event")) {
        next = nextEvent(allIn);
      }
    }
    RawExchange.Answer bad = send("GET", "/v2/events?event_type=app_terminatd", null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text()).contains("app_terminatd");
  }

  @Test
  void aClientThatDoesNotReadIsDroppedAndTheFrameworkNeverWaits() throws Exception {
    Deployment big = bigDeployment();
    try (Socket slow = events("")) {
      slow.setReceiveBufferSize(4096);
      await().atMost(TIMEOUT).until(() -> services.listeners.size() == 1);
      // Each emit returns at once (the framework's thread is never held) until the stream gives up.
      for (int i = 0; i < 5000 && dropped.get() == 0; i++) {
        long t0 = System.nanoTime();
        services.emit(new ServicesEvent.DeploymentInfo(NOW, big));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
      }
      await().atMost(TIMEOUT).until(() -> dropped.get() == 1);
      await().atMost(TIMEOUT).until(() -> services.listeners.isEmpty());
    }
  }

  private static Deployment bigDeployment() {
    Group g = Group.empty(PathId.ROOT, NOW);
    for (int i = 0; i < 40; i++) {
      AppDefinition a =
          AppJson.parse(
              MarathonJsonReader.read(
                  "{\"id\":\"/app-" + i + "\",\"cmd\":\"" + "x".repeat(500) + "\"}"),
              PathId.ROOT);
      g = g.withApp(a, NOW);
    }
    return new Deployment("big", NOW, g, g, List.of(), List.of(), 0);
  }

  private Socket events(String query) throws Exception {
    Socket s = new Socket(base.getHost(), base.getPort());
    s.setSoTimeout((int) TIMEOUT.toMillis());
    OutputStream out = s.getOutputStream();
    out.write(
        ("GET /v2/events" + query + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
    return s;
  }

  private static BufferedReader reader(Socket s) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    String status = in.readLine();
    assertThat(status).contains("200");
    String line;
    while (!(line = in.readLine()).isEmpty()) {
      if (line.toLowerCase().startsWith("content-type")) {
        assertThat(line).contains("text/event-stream");
      }
    }
    return in;
  }

  /** The next "event:" frame's lines, skipping chunk sizes, comments and blank lines. */
  private static String nextEvent(BufferedReader in) throws Exception {
    StringBuilder frame = new StringBuilder();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("event: ")) {
        frame.append(line);
      } else if (line.startsWith("data: ") && frame.length() > 0) {
        return frame.append('\n').append(line).toString();
      }
    }
    throw new AssertionError("stream ended");
  }

  private RawExchange.Answer send(String method, String path, String body) throws Exception {
    return RawExchange.exchange(
        base,
        new RawExchange.Request(
            method,
            path,
            RawExchange.headers("Content-Type", "application/json"),
            body == null ? null : body.getBytes(StandardCharsets.UTF_8),
            false),
        TIMEOUT);
  }

  /** A services framework in memory: changes apply at once, as deployment d1, d2, …. */
  static final class MemoryServices implements ServicesApi {
    final List<Consumer<ServicesEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile Group root = Group.empty(PathId.ROOT, NOW);
    private final AtomicInteger next = new AtomicInteger(1);

    @Override
    public CompletionStage<ServicesSnapshot> snapshot() {
      return CompletableFuture.completedFuture(
          new ServicesSnapshot(
              new FrameworkId("fw"), root, Map.of(), List.of(), List.of(), Map.of(), Map.of()));
    }

    @Override
    public synchronized CompletionStage<Optional<Deployment>> deploy(
        UnaryOperator<Group> change, boolean force) {
      try {
        Group from = root;
        root = change.apply(root);
        return CompletableFuture.completedFuture(
            Optional.of(
                new Deployment(
                    "d" + next.getAndIncrement(), NOW, from, root, List.of(), List.of(), 0)));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public CompletionStage<Deployment> restart(PathId app, boolean force) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public CompletionStage<Optional<Deployment>> killTasks(
        Collection<String> taskIds, boolean scale, boolean wipe, boolean force) {
      return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletionStage<Optional<Deployment>> cancelDeployment(String id, boolean force) {
      return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletionStage<Boolean> resetDelay(PathId app) {
      return CompletableFuture.completedFuture(false);
    }

    @Override
    public AutoCloseable subscribe(Consumer<ServicesEvent> listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }

    void emit(ServicesEvent e) {
      listeners.forEach(l -> l.accept(e));
    }
  }

  /** Reads test JSON. */
  static final class MarathonJsonReader {
    static com.fasterxml.jackson.databind.JsonNode read(String json) {
      try {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }
}
