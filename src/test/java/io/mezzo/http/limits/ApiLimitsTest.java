package io.mezzo.http.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.http.security.Callers;
import io.mezzo.security.Caller;
import io.mezzo.security.limits.RateLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits on a real Vert.x router: a route that takes its caller from a test header (as the
 * authentication gate would set it) and then asks {@link ApiLimits}, as the scheduler and operator
 * routes do.
 */
class ApiLimitsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ApiLimits limits =
      new ApiLimits(
          true,
          RateLimits.parse(
              "test",
              "{\"limits\":[{\"principal\":\"alice\",\"qps\":0.001,\"capacity\":2},"
                  + "{\"principal\":\"prod\"}]}"),
          OptionalInt.of(1),
          registry);
  private final CompletableFuture<Void> holdStream = new CompletableFuture<>();
  private Vertx vertx;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router
        .route()
        .handler(
            rc -> {
              String who = rc.request().getHeader("X-Principal");
              Callers.set(
                  rc,
                  who == null
                      ? Caller.ANONYMOUS
                      : who.equals("node") ? Caller.NODE : Caller.of(who));
              rc.next();
            });
    router
        .route("/call")
        .handler(
            rc -> {
              if (limits.admitCall(rc)) {
                rc.response().setStatusCode(202).end();
              }
            });
    router
        .route("/subscribe")
        .handler(
            rc -> {
              if (limits.admitSubscription(rc, ApiLimits.Stream.SCHEDULER)) {
                rc.response().setChunked(true).setStatusCode(200).write("open");
                holdStream.thenRun(() -> vertx.runOnContext(v -> rc.response().end()));
              }
            });
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    base = URI.create("http://127.0.0.1:" + server.actualPort());
  }

  @AfterEach
  void stop() throws Exception {
    holdStream.complete(null);
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void aPrincipalOverItsBurstIs429WithRetryAfterAndNothingReachesTheRoute() throws Exception {
    assertThat(send("/call", "alice").statusCode()).isEqualTo(202);
    assertThat(send("/call", "alice").statusCode()).isEqualTo(202);

    HttpResponse<String> refused = send("/call", "alice");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).isEqualTo("principal 'alice' exceeds 0.001 qps (burst 2)");
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1000");
    assertThat(registry.counter("mezzo.http.requests.refused", "reason", "rate_limit").count())
        .isEqualTo(1);
    Map<String, Double> snapshot = limits.snapshot().toCompletableFuture().get();
    assertThat(snapshot)
        .containsEntry("frameworks/alice/messages_received", 3.0)
        .containsEntry("frameworks/alice/messages_processed", 2.0)
        .containsEntry("frameworks/prod/messages_received", 0.0);
  }

  @Test
  void unlistedAnonymousAndNodeCallersAreNotThrottledWithoutAnAggregateDefault() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(send("/call", "bob").statusCode()).isEqualTo(202);
      assertThat(send("/call", null).statusCode()).isEqualTo(202);
      assertThat(send("/call", "prod").statusCode()).isEqualTo(202);
      assertThat(send("/call", "node").statusCode()).isEqualTo(202);
    }
    assertThat(limits.snapshot().toCompletableFuture().get())
        .doesNotContainKey("frameworks/bob/messages_received");
  }

  @Test
  void aSecondStreamOfOnePrincipalIs429UntilTheFirstEnds() throws Exception {
    HttpResponse<java.io.InputStream> first = open("bob");
    assertThat(first.statusCode()).isEqualTo(200);

    HttpResponse<String> second = send("/subscribe", "bob");
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.body())
        .isEqualTo("principal 'bob' already holds 1 of 1 subscriptions allowed per principal");
    assertThat(second.headers().firstValue("Retry-After")).isEmpty();
    // Another principal has a slot of its own.
    HttpResponse<java.io.InputStream> carol = open("carol");
    assertThat(carol.statusCode()).isEqualTo(200);

    holdStream.complete(null);
    first.body().readAllBytes();
    carol.body().readAllBytes();

    // The slot is released by the response's end handler, just after the last byte went out.
    await("bob's slot is released")
        .atMost(Duration.ofSeconds(30))
        .until(() -> limits.subscriptionsOf(ApiLimits.Stream.SCHEDULER, "bob") == 0);
    assertThat(
            registry
                .counter("mezzo.http.requests.refused", "reason", "scheduler_subscriptions")
                .count())
        .isEqualTo(1);
  }

  private HttpResponse<String> send(String path, String principal) throws Exception {
    return HTTP.send(request(path, principal), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<java.io.InputStream> open(String principal) throws Exception {
    return HTTP.send(request("/subscribe", principal), HttpResponse.BodyHandlers.ofInputStream());
  }

  private HttpRequest request(String path, String principal) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (principal != null) {
      b.header("X-Principal", principal);
    }
    return b.build();
  }
}
