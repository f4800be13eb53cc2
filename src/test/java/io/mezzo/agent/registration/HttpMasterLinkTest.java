package io.mezzo.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mezzo.agent.MasterLink;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.RecordIo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.net.detect.MasterDetector;
import io.mezzo.core.net.detect.StaticMasterDetector;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against tiny JDK HTTP servers on 127.0.0.1 that play the master. */
class HttpMasterLinkTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** As the other tests' link: long enough for a cold JVM's first exchange on a loaded machine. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private final List<HttpServer> servers = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpMasterLink link;

  @AfterEach
  void tearDown() {
    release.countDown();
    if (link != null) {
      link.close();
    }
    servers.forEach(s -> s.stop(0));
    pool.shutdownNow();
  }

  /** A stub master; {@code handler} answers {@code POST /internal/v1/agent}. */
  private URI master(Handler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        HttpMasterLink.PATH,
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            handler.handle(exchange, MesosJson.read(body, AgentCall.class));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.setExecutor(pool);
    server.start();
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private interface Handler {
    void handle(HttpExchange exchange, AgentCall call) throws IOException, InterruptedException;
  }

  private static void stream(HttpExchange exchange, AgentEvent... events) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/recordio");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    for (AgentEvent e : events) {
      out.write(RecordIo.frame(MesosJson.write(e)));
      out.flush();
    }
  }

  private static void answer(HttpExchange exchange, int code, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      exchange.getResponseBody().write(b);
    }
  }

  private static AgentCall subscribeCall() {
    return AgentCall.subscribe(
        new AgentCall.Register(
            new AgentInfo("h", 5051, null, null, null), "http://h:5051", "test", null, null));
  }

  private HttpMasterLink link(URI... masters) {
    link = new HttpMasterLink(List.of(masters), Duration.ofSeconds(2), Duration.ofSeconds(5));
    return link;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void subscribeDeliversTheStreamsEventsInOrderThenReportsItsEnd() throws Exception {
    List<AgentCall> received = new CopyOnWriteArrayList<>();
    URI m =
        master(
            (ex, call) -> {
              received.add(call);
              stream(
                  ex,
                  AgentEvent.registered(AgentId.of("m-S0"), "m", 5.0),
                  AgentEvent.heartbeat(),
                  AgentEvent.killTask(FrameworkId.of("f"), TaskId.of("t"), null));
            });
    RecordingListener listener = new RecordingListener();

    link(m).subscribe(subscribeCall(), listener);

    await().atMost(WAIT).until(() -> listener.closed.size() == 1);
    assertThat(listener.events)
        .extracting(AgentEvent::type)
        .containsExactly(
            AgentEvent.Type.REGISTERED, AgentEvent.Type.HEARTBEAT, AgentEvent.Type.KILL_TASK);
    assertThat(listener.events.get(0).registered().agentId()).isEqualTo(AgentId.of("m-S0"));
    assertThat(listener.closed.get(0)).contains("ended the stream");
    assertThat(received).extracting(AgentCall::type).containsExactly(AgentCall.Type.SUBSCRIBE);
  }

  @Test
  void followsAProtocolRelativeRedirectToTheLeaderAndSendsThereAfterwards() throws Exception {
    List<AgentCall> atLeader = new CopyOnWriteArrayList<>();
    URI leader =
        master(
            (ex, call) -> {
              atLeader.add(call);
              if (call.type() == AgentCall.Type.SUBSCRIBE) {
                stream(ex, AgentEvent.registered(AgentId.of("m-S0"), "m", 5.0));
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
              } else {
                answer(ex, 202, "");
              }
            });
    URI standby =
        master(
            (ex, call) -> {
              ex.getResponseHeaders()
                  .add("Location", "//127.0.0.1:" + leader.getPort() + HttpMasterLink.PATH);
              answer(ex, 307, "");
            });
    RecordingListener listener = new RecordingListener();

    link(standby).subscribe(subscribeCall(), listener);
    await().atMost(WAIT).until(() -> listener.events.size() == 1);
    link.send(AgentCall.heartbeat(AgentId.of("m-S0")))
        .toCompletableFuture()
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(link.leader()).isEqualTo(leader);
    assertThat(atLeader)
        .extracting(AgentCall::type)
        .containsExactly(AgentCall.Type.SUBSCRIBE, AgentCall.Type.HEARTBEAT);
  }

  @Test
  void triesTheNextMasterWhenOneIsDownOrRefuses() throws Exception {
    URI down = URI.create("http://127.0.0.1:" + closedPort());
    URI refusing = master((ex, call) -> answer(ex, 503, "not the leader and none known"));
    URI good =
        master((ex, call) -> stream(ex, AgentEvent.registered(AgentId.of("m-S1"), "m", 5.0)));
    RecordingListener listener = new RecordingListener();

    link(down, refusing, good).subscribe(subscribeCall(), listener);

    await().atMost(WAIT).until(() -> listener.events.size() == 1);
    assertThat(link.leader()).isEqualTo(good);
  }

  @Test
  void whenNoMasterAcceptsTheListenerLearnsWhyFromEachOfThem() throws Exception {
    URI refusing = master((ex, call) -> answer(ex, 503, "no leader"));
    URI down = URI.create("http://127.0.0.1:" + closedPort());
    RecordingListener listener = new RecordingListener();

    link(refusing, down).subscribe(subscribeCall(), listener);

    await().atMost(WAIT).until(() -> listener.closed.size() == 1);
    assertThat(listener.closed.get(0))
        .contains("no master accepted")
        .contains("HTTP 503 no leader")
        .contains(down.toString());
    assertThat(listener.events).isEmpty();
  }

  @Test
  void sendCompletesOnAcceptedAndFailsWithTheMastersReasonOtherwise() throws Exception {
    URI m =
        master(
            (ex, call) -> {
              if (call.type() == AgentCall.Type.HEARTBEAT) {
                answer(ex, 202, "");
              } else {
                answer(ex, 400, "unknown agent m-S9");
              }
            });
    link(m);

    link.send(AgentCall.heartbeat(AgentId.of("m-S0")))
        .toCompletableFuture()
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    TaskStatus status = TaskStatus.builder(TaskId.of("t"), TaskState.TASK_RUNNING).build();
    assertThatThrownBy(
            () ->
                link.send(AgentCall.statusUpdate(AgentId.of("m-S9"), FrameworkId.of("f"), status))
                    .toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("unknown agent m-S9");
  }

  @Test
  void sendFailsWhenTheMasterIsDown() throws Exception {
    link(URI.create("http://127.0.0.1:" + closedPort()));
    assertThatThrownBy(
            () ->
                link.send(AgentCall.heartbeat(AgentId.of("m-S0")))
                    .toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .hasCauseInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void closeEndsTheReaderPromptlyAndSilencesTheListener() throws Exception {
    URI m =
        master(
            (ex, call) -> {
              stream(ex, AgentEvent.registered(AgentId.of("m-S0"), "m", 5.0));
              release.await(WAIT.toSeconds(), TimeUnit.SECONDS); // keep the stream open
            });
    RecordingListener listener = new RecordingListener();
    MasterLink.Subscription subscription = link(m).subscribe(subscribeCall(), listener);
    await().atMost(WAIT).until(() -> listener.events.size() == 1);
    List<Thread> readers =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("master-link-stream"))
            .toList();
    assertThat(readers).isNotEmpty();

    subscription.close();
    subscription.close();

    await().atMost(WAIT).until(() -> readers.stream().noneMatch(Thread::isAlive));
    assertThat(listener.closed).isEmpty();
  }

  @Test
  void parsesTheMasterFlag() {
    assertThat(HttpMasterLink.parseMasters(" http://a:5050, b:5051 ,https://c:443/ignored"))
        .containsExactly(
            URI.create("http://a:5050"), URI.create("http://b:5051"), URI.create("https://c:443"));
    assertThatThrownBy(() -> HttpMasterLink.parseMasters("zk://z:2181/mezzo"))
        .hasMessageContaining("whole value");
    assertThatThrownBy(() -> HttpMasterLink.parseMasters(" , "))
        .hasMessageContaining("no master URL");
    assertThatThrownBy(() -> HttpMasterLink.parseMasters("ftp://x:21"))
        .hasMessageContaining("not an http(s)");
  }

  @Test
  void resolvesRedirectTargetsLikeABrowser() {
    URI from = URI.create("http://a:5050/internal/v1/agent");
    assertThat(HttpMasterLink.redirectTarget(from, "//b:5050/internal/v1/agent"))
        .isEqualTo(URI.create("http://b:5050/internal/v1/agent"));
    assertThat(HttpMasterLink.redirectTarget(from, "https://c:5050/x"))
        .isEqualTo(URI.create("https://c:5050/x"));
    assertThat(HttpMasterLink.redirectTarget(from, "/other"))
        .isEqualTo(URI.create("http://a:5050/other"));
  }

  /** A detector the test moves: the leader it names now and the listeners it tells. */
  private static final class MovableDetector implements MasterDetector {
    final List<MasterDetector.Listener> listeners = new CopyOnWriteArrayList<>();
    volatile java.util.Optional<URI> leader = java.util.Optional.empty();
    final List<URI> all;

    MovableDetector(URI... all) {
      this.all = List.of(all);
    }

    void lead(URI l) {
      leader = java.util.Optional.of(l);
      listeners.forEach(x -> x.leaderChanged(leader));
    }

    @Override
    public java.util.Optional<URI> leader() {
      return leader;
    }

    @Override
    public List<URI> candidates() {
      return all;
    }

    @Override
    public void onLeaderChange(MasterDetector.Listener listener) {
      listeners.add(listener);
    }

    @Override
    public void close() {}
  }

  private HttpMasterLink link(MasterDetector detector, Duration callTimeout) {
    link =
        new HttpMasterLink(
            detector, Duration.ofSeconds(2), callTimeout, java.util.Optional.empty(), null);
    return link;
  }

  /** Streams REGISTERED on SUBSCRIBE and keeps the stream open; hangs on every other call. */
  private Handler registersThenHangs() {
    return (ex, call) -> {
      if (call.type() == AgentCall.Type.SUBSCRIBE) {
        stream(ex, AgentEvent.registered(AgentId.of("m-S0"), "m", 5.0));
      }
      release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
    };
  }

  @Test
  void aMasterThatDoesNotAnswerTheSubscriptionIsLeftForTheNext() throws Exception {
    URI hung = master((ex, call) -> release.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    URI good = master(registersThenHangs());
    RecordingListener listener = new RecordingListener();

    link(new StaticMasterDetector(List.of(hung, good)), CALL_TIMEOUT)
        .subscribe(subscribeCall(), listener);

    await().atMost(WAIT).until(() -> listener.events.size() == 1);
    assertThat(link.leader()).isEqualTo(good);
    assertThat(listener.closed).isEmpty();
  }

  @Test
  void aCallTheStreamsMasterDoesNotAnswerEndsTheStreamSayingSo() throws Exception {
    URI m = master(registersThenHangs());
    RecordingListener listener = new RecordingListener();
    link(new StaticMasterDetector(List.of(m)), CALL_TIMEOUT).subscribe(subscribeCall(), listener);
    await().atMost(WAIT).until(() -> listener.events.size() == 1);

    CompletableFuture<Void> heartbeat =
        link.send(AgentCall.heartbeat(AgentId.of("m-S0"))).toCompletableFuture();

    await().atMost(WAIT).until(() -> listener.closed.size() == 1);
    assertThat(heartbeat).isCompletedExceptionally();
    assertThat(listener.closed.get(0)).contains("did not answer HEARTBEAT", m.toString());
  }

  @Test
  void tellsTheSessionWhenAnotherMasterLeadsButNotForItsOwn() throws Exception {
    URI m1 = master(registersThenHangs());
    URI m2 = master(registersThenHangs());
    MovableDetector detector = new MovableDetector(m1, m2);
    detector.leader = java.util.Optional.of(m1);
    List<String> changes = new CopyOnWriteArrayList<>();
    RecordingListener listener = new RecordingListener();
    link(detector, Duration.ofSeconds(5)).onLeaderChange(changes::add);
    link.subscribe(subscribeCall(), listener);
    await().atMost(WAIT).until(() -> listener.events.size() == 1);

    detector.lead(m1); // the stream is on it already
    assertThat(changes).isEmpty();
    detector.lead(m2);
    assertThat(changes).containsExactly("the leading master is now " + m2);
  }

  private static final class RecordingListener implements MasterLink.Listener {
    final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    final List<String> closed = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(AgentEvent event) {
      events.add(event);
    }

    @Override
    public void onClosed(String reason) {
      closed.add(reason);
    }
  }
}
