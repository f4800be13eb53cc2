package io.mezzo.http.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.bootstrap.TestNodes;
import io.mezzo.core.time.SystemTimers;
import io.mezzo.http.common.LocalCodec;
import io.mezzo.http.limits.ApiLimits;
import io.mezzo.master.Master;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.allocator.AllocatorConfig;
import io.mezzo.master.allocator.HierarchicalDrfAllocator;
import io.mezzo.master.election.Lease;
import io.mezzo.master.election.Term;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.master.state.StateStore;
import io.mezzo.ops.NodeReadiness;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP: a leader whose registry write was fenced by a newer leader, or whose lease ran
 * out, answers 503 with a reason — never 500, never 200/202 — and is not ready.
 */
class FencedLeaderHttpTest {
  private static final String SUBSCRIBE =
      "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":"
          + "{\"user\":\"root\",\"name\":\"late\"}}}";
  private final StateStore store = new InMemoryStateStore();
  private final AtomicBoolean valid = new AtomicBoolean(true);
  private Vertx vertx;
  private SystemTimers timers;
  private Master old;
  private Master successor;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    vertx.eventBus().registerCodec(new LocalCodec());
    timers = new SystemTimers("fenced-http");
    old = master(new Term(valid::get, why -> {}));
    old.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private Master master(Term term) {
    return new Master(
        MasterConfig.defaults(),
        "m-" + System.nanoTime(),
        store,
        new HierarchicalDrfAllocator(AllocatorConfig.defaults(), new SplittableRandom(1)),
        timers,
        io.mezzo.core.logging.Verbosity.UNWIRED,
        term);
  }

  @AfterEach
  void stop() throws Exception {
    old.close();
    if (successor != null) {
      successor.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    timers.close();
  }

  private HttpResponse<String> subscribe(MezzoNode node) throws Exception {
    int port =
        TestNodes.serve(
            vertx,
            router -> new SchedulerRoute(node, vertx, ApiLimits.unlimited()).register(router));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/scheduler"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(SUBSCRIBE))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFencedRegistryWriteAnswers503WithAReason() throws Exception {
    successor = master(Term.STANDALONE);
    successor.start().toCompletableFuture().get(30, TimeUnit.SECONDS); // claims the registry
    HttpResponse<String> r = subscribe(TestNodes.leading(old, 1 << 20));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("lost leadership");
  }

  @Test
  void aLeaderWhoseLeaseRanOutAnswers503AndIsNotReady() throws Exception {
    MezzoNode node = TestNodes.leading(old, 1 << 20);
    assertThat(new NodeReadiness(node).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    valid.set(false);
    HttpResponse<String> r = subscribe(node);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).isEqualTo(Lease.LOST_MESSAGE);
    HealthCheckResponse ready = new NodeReadiness(node).call();
    assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(ready.getData().orElseThrow().get("master").toString()).contains("lease");
  }
}
