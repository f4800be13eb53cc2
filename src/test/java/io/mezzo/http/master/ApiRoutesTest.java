package io.mezzo.http.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.bootstrap.TestNodes;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.limits.ApiLimits;
import io.mezzo.testing.RawExchange;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API routes on a real Vert.x server, without Quarkus or a master: what the edge answers before
 * any call reaches the master (no master runs, so a well-formed call would get 503).
 */
class ApiRoutesTest {
  private static final int LIMIT = 1000;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private Vertx vertx;
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    MezzoNode node = new MezzoNode(TestNodes.config("master", LIMIT));
    Router router = Router.router(vertx);
    new SchedulerRoute(node, vertx, ApiLimits.unlimited()).register(router);
    new AgentLinkRoute(node, vertx).register(router);
    router
        .route("/boom")
        .handler(
            rc -> {
              throw new IllegalStateException("a bug");
            })
        .failureHandler(rc -> HttpResults.failure(rc, LIMIT));
    server =
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
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void aBodyOverTheLimitIs413WithAReasonWithOrWithoutContentLength() throws Exception {
    for (boolean chunked : new boolean[] {false, true}) {
      for (String path : new String[] {"/api/v1/scheduler", "/internal/v1/agent"}) {
        RawExchange.Answer a = post(path, "application/json", padded(LIMIT + 1), chunked);
        assertThat(a.status()).as("%s chunked=%s", path, chunked).isEqualTo(413);
        assertThat(a.text()).contains("larger than " + LIMIT + " bytes");
      }
    }
  }

  @Test
  void aContentTypeOfOnlySeparatorsIs415NotA500() throws Exception {
    for (String type : new String[] {";", ";;", "; charset=utf-8"}) {
      RawExchange.Answer a =
          post("/api/v1/scheduler", type, "{}".getBytes(StandardCharsets.UTF_8), false);
      assertThat(a.status()).as(type).isEqualTo(415);
      assertThat(a.text()).contains("application/json");
    }
  }

  @Test
  void aFormBodyIs415BeforeTheBodyIsDecoded() throws Exception {
    // The body handler would decode these as forms and fail the malformed one with a bare 400.
    byte[] junk = "{\"type\":\"%%\"}".getBytes(StandardCharsets.UTF_8);
    for (String type :
        new String[] {"multipart/form-data; boundary=zz", "application/x-www-form-urlencoded"}) {
      RawExchange.Answer a = post("/api/v1/scheduler", type, junk, false);
      assertThat(a.status()).as(type).isEqualTo(415);
      assertThat(a.text()).isNotBlank();
    }
  }

  @Test
  void theMethodIsCheckedFirst() throws Exception {
    RawExchange.Answer a =
        RawExchange.exchange(
            base,
            new RawExchange.Request(
                "PUT",
                "/internal/v1/agent",
                RawExchange.headers("Content-Type", "text/plain"),
                padded(LIMIT + 1),
                false),
            TIMEOUT);
    assertThat(a.status()).isEqualTo(405);
    assertThat(a.headers()).containsEntry("allow", "POST");
  }

  @Test
  void leadershipIsCheckedBeforeTheBody() throws Exception {
    // Mesos answers 307/503 before it looks at the call; decoding (UTF-8 only) is MesosJsonTest's.
    byte[] utf16 = "{\"type\":\"UNKNOWN\"}".getBytes(StandardCharsets.UTF_16);
    RawExchange.Answer a = post("/api/v1/scheduler", "application/json", utf16, false);
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.text()).contains("No leader elected");
  }

  @Test
  void anUnexpectedFailureIs500WithAnErrorIdNotAStackTrace() throws Exception {
    RawExchange.Answer a =
        RawExchange.exchange(
            base,
            new RawExchange.Request("GET", "/boom", RawExchange.headers(), null, false),
            TIMEOUT);
    assertThat(a.status()).isEqualTo(500);
    assertThat(a.text()).contains("error id").doesNotContain("IllegalStateException");
  }

  private RawExchange.Answer post(String path, String contentType, byte[] body, boolean chunked)
      throws Exception {
    return RawExchange.exchange(
        base,
        new RawExchange.Request(
            "POST", path, RawExchange.headers("Content-Type", contentType), body, chunked),
        TIMEOUT);
  }

  private static byte[] padded(int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) ' ');
    body[0] = '{';
    body[size - 1] = '}';
    return body;
  }
}
