package io.mezzo.framework.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JDK-client probe against a real local server: answers, redirects, silence, nobody home. */
class HttpReadinessProbeTest {
  private final HttpReadinessProbe probe = new HttpReadinessProbe();
  private final CountDownLatch release = new CountDownLatch(1);
  private final java.util.concurrent.ExecutorService handlers =
      java.util.concurrent.Executors.newCachedThreadPool();
  private HttpServer server;

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
    handlers.shutdownNow();
  }

  private URI serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/ready",
        x -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "text/plain");
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    server.createContext(
        "/moved",
        x -> {
          x.getResponseHeaders().add("Location", "/ready");
          x.sendResponseHeaders(302, -1);
          x.close();
        });
    server.createContext(
        "/hang",
        x -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          x.close();
        });
    server.setExecutor(handlers);
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private ReadinessProbe.Result get(URI uri, Duration timeout) throws Exception {
    return probe.probe(uri, timeout).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void anAnswerGivesItsStatusTypeAndBody() throws Exception {
    ReadinessProbe.Result r = get(serve().resolve("/ready"), Duration.ofSeconds(5));
    assertThat(r.answered()).isTrue();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("text/plain");
    assertThat(r.body()).isEqualTo("ok");
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    assertThat(get(serve().resolve("/moved"), Duration.ofSeconds(5)).status()).isEqualTo(302);
  }

  @Test
  void noAnswerWithinTheTimeoutIsAFailure() throws Exception {
    ReadinessProbe.Result r = get(serve().resolve("/hang"), Duration.ofMillis(300));
    assertThat(r.answered()).isFalse();
    assertThat(r.failure()).contains("timed out");
  }

  @Test
  void aRefusedConnectionIsAFailure() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ReadinessProbe.Result r =
        get(URI.create("http://127.0.0.1:" + port + "/ready"), Duration.ofSeconds(5));
    assertThat(r.answered()).isFalse();
    assertThat(r.failure()).isNotBlank();
  }
}
