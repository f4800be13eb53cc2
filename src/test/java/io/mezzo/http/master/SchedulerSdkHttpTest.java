package io.mezzo.http.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.Address;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MasterInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.bootstrap.TestNodes;
import io.mezzo.core.time.SystemTimers;
import io.mezzo.framework.sdk.Scheduler;
import io.mezzo.framework.sdk.SchedulerCallException;
import io.mezzo.framework.sdk.SchedulerClient;
import io.mezzo.framework.sdk.SchedulerConnections;
import io.mezzo.framework.sdk.SchedulerDriver;
import io.mezzo.framework.sdk.http.HttpSchedulerConnections;
import io.mezzo.http.common.LocalCodec;
import io.mezzo.http.limits.ApiLimits;
import io.mezzo.master.Master;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.allocator.AllocatorConfig;
import io.mezzo.master.allocator.HierarchicalDrfAllocator;
import io.mezzo.master.state.InMemoryStateStore;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's HTTP transport against the real {@link SchedulerRoute} and a real in-process master on
 * a Vert.x server, plus a second, standby node that redirects to it (307, Mesos's protocol-relative
 * Location), as a built-in framework meets them in the product.
 */
class SchedulerSdkHttpTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int LIMIT = 1 << 20;
  private Vertx vertx;
  private SystemTimers timers;
  private Master master;
  private URI leader;
  private URI standby;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<String> closes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    vertx.eventBus().registerCodec(new LocalCodec());
    timers = new SystemTimers("sdk-http");
    master =
        new Master(
            MasterConfig.defaults(),
            "m1",
            new InMemoryStateStore(),
            new HierarchicalDrfAllocator(AllocatorConfig.defaults(), new SplittableRandom(1)),
            timers);
    master.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
    int port = serve(TestNodes.leading(master, LIMIT));
    leader = URI.create("http://127.0.0.1:" + port);
    MasterInfo info =
        new MasterInfo(
            "m1",
            null,
            port,
            "master@127.0.0.1:" + port,
            "127.0.0.1",
            MasterConfig.MESOS_API_VERSION,
            new Address("127.0.0.1", "127.0.0.1", port),
            List.of());
    standby = URI.create("http://127.0.0.1:" + serve(TestNodes.standby(info, LIMIT)));
  }

  private int serve(MezzoNode node) throws Exception {
    return TestNodes.serve(
        vertx, router -> new SchedulerRoute(node, vertx, ApiLimits.unlimited()).register(router));
  }

  @AfterEach
  void stop() throws Exception {
    master.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    timers.close();
  }

  private static FrameworkInfo info() {
    return FrameworkInfo.builder().user("root").name("sdk-http").failoverTimeout(60.0).build();
  }

  private HttpSchedulerConnections connections(URI to) {
    return new HttpSchedulerConnections(to, Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  private static <T> T get(java.util.concurrent.CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void subscribesThroughARedirectCallsTheLeaderAndHangsUpOnce() throws Exception {
    SchedulerConnections.Stream stream =
        get(connections(standby).subscribe(Call.subscribe(info()), events::add, closes::add));
    await().atMost(WAIT).until(() -> !events.isEmpty());
    assertThat(events.get(0).type()).isEqualTo(Event.Type.SUBSCRIBED);
    FrameworkId id = events.get(0).subscribed().frameworkId();
    assertThat(stream.streamId()).isNotBlank();

    // Calls go to the master that holds the stream, with its Mesos-Stream-Id.
    get(stream.call(Call.suppress(id, new Call.Suppress(null))));
    get(stream.call(Call.reconcile(id, new Call.Reconcile(List.of()))));

    stream.close();
    stream.close();
    await().atMost(WAIT).until(() -> !closes.isEmpty());
    assertThat(closes).containsExactly("closed by the framework");
    // The master saw the connection go: the framework is disconnected, and a call says so.
    await()
        .atMost(WAIT)
        .until(
            () ->
                failure(stream.call(Call.revive(id, new Call.Revive(null))))
                        instanceof SchedulerCallException e
                    && e.status() == 403);
  }

  @Test
  void aRefusedCallCarriesTheMastersStatusAndText() throws Exception {
    SchedulerConnections.Stream stream =
        get(connections(leader).subscribe(Call.subscribe(info()), events::add, closes::add));
    await().atMost(WAIT).until(() -> !events.isEmpty());
    Throwable refused =
        failure(stream.call(Call.reconcile(new FrameworkId("nobody"), new Call.Reconcile(null))));
    assertThat(refused)
        .isInstanceOf(SchedulerCallException.class)
        .hasMessageContaining("400")
        .hasMessageContaining("Framework cannot be found");
    stream.close();
  }

  @Test
  void aSubscribeRefusedBeforeTheStreamFailsWithItsStatus() {
    Call noUser = Call.subscribe(FrameworkInfo.builder().name("x").failoverTimeout(1.0).build());
    Throwable refused = failure(connections(leader).subscribe(noUser, events::add, closes::add));
    assertThat(refused).isInstanceOf(SchedulerCallException.class);
    assertThat(((SchedulerCallException) refused).status()).isEqualTo(400);
    assertThat(closes).isEmpty();
  }

  @Test
  void anUnreachableMasterFailsTheSubscribeWithItsAddress() {
    Throwable error =
        failure(
            connections(URI.create("http://127.0.0.1:1"))
                .subscribe(Call.subscribe(info()), events::add, closes::add));
    assertThat(error).hasMessageContaining("cannot reach the master at http://127.0.0.1:1");
  }

  @Test
  void connectionsFollowingADetectorSubscribeWhereItSaysAndFailWhileItKnowsNone() throws Exception {
    java.util.concurrent.atomic.AtomicReference<java.util.Optional<URI>> named =
        new java.util.concurrent.atomic.AtomicReference<>(java.util.Optional.empty());
    io.mezzo.core.net.detect.MasterDetector detector =
        new io.mezzo.core.net.detect.MasterDetector() {
          @Override
          public java.util.Optional<URI> leader() {
            return named.get();
          }

          @Override
          public List<URI> candidates() {
            return named.get().stream().toList();
          }

          @Override
          public void onLeaderChange(Listener listener) {}

          @Override
          public void close() {}
        };
    HttpSchedulerConnections following =
        HttpSchedulerConnections.following(
            detector,
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            java.util.Optional.empty(),
            null);

    assertThat(failure(following.subscribe(Call.subscribe(info()), events::add, closes::add)))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("no master known yet");
    named.set(java.util.Optional.of(leader));
    SchedulerConnections.Stream stream =
        get(following.subscribe(Call.subscribe(info()), events::add, closes::add));
    await().atMost(WAIT).until(() -> !events.isEmpty());
    assertThat(events.get(0).type()).isEqualTo(Event.Type.SUBSCRIBED);
    stream.close();
  }

  @Test
  void theMasterEndingTheStreamIsReportedOnce() throws Exception {
    get(connections(leader).subscribe(Call.subscribe(info()), events::add, closes::add));
    await().atMost(WAIT).until(() -> !events.isEmpty());
    master.close();
    await().atMost(WAIT).until(() -> !closes.isEmpty());
    assertThat(closes).hasSize(1);
    assertThat(closes.get(0)).contains(leader.toString());
  }

  @Test
  void theSdkClientSubscribesOverHttpViaTheStandby() {
    List<FrameworkId> subscribed = new CopyOnWriteArrayList<>();
    SchedulerClient client =
        new SchedulerClient(
            info(),
            new Scheduler() {
              @Override
              public void subscribed(SchedulerDriver driver, FrameworkId frameworkId) {
                subscribed.add(frameworkId);
              }

              @Override
              public void offers(SchedulerDriver driver, List<Offer> offers) {}

              @Override
              public void rescinded(SchedulerDriver driver, OfferId id) {}

              @Override
              public void update(SchedulerDriver driver, TaskStatus status) {}

              @Override
              public void error(SchedulerDriver driver, String message) {}
            },
            connections(standby),
            timers,
            new SplittableRandom(5));
    try {
      client.start();
      await().atMost(WAIT).until(() -> !subscribed.isEmpty());
      assertThat(client.isSubscribed()).isTrue();
      assertThat(failure(client.suppress())).isNull();
    } finally {
      client.stop();
    }
    assertThat(client.state()).isEqualTo(SchedulerClient.State.STOPPED);
  }

  private static Throwable failure(java.util.concurrent.CompletionStage<?> s) {
    try {
      s.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
