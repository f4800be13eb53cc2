package io.mezzo.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The master's sandbox proxy never hangs on an agent: nobody listening and an agent that accepts
 * but never answers both end in a 503 naming the agent, within the timeout.
 */
class AgentHttpClientTest {
  private final Vertx vertx = Vertx.vertx();
  private final AgentHttpClient client = new AgentHttpClient(vertx, Duration.ofMillis(700));

  @AfterEach
  void close() throws Exception {
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void anAgentNobodyListensForIs503() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertProxyFails("http://127.0.0.1:" + port, 503);
  }

  @Test
  void anAgentThatNeverAnswersIs503WithinTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      long t0 = System.nanoTime();
      assertProxyFails("http://127.0.0.1:" + silent.getLocalPort(), 503);
      // The client's 700 ms timeout, not the 60 s bound of the wait below, ended it; how much
      // past 700 ms depends on the machine's load, so the margin is wide.
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }
  }

  @Test
  void anUnusableEndpointIs502() throws Exception {
    assertProxyFails("not a url", 502);
  }

  private void assertProxyFails(String endpoint, int status) throws Exception {
    try {
      client
          .send("S9", endpoint, HttpMethod.GET, "/files/browse?path=/x", null, null)
          .toCompletionStage()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      throw new AssertionError("expected the proxy to fail");
    } catch (ExecutionException e) {
      assertThat(e.getCause())
          .isInstanceOfSatisfying(
              AgentHttpClient.ProxyException.class,
              p -> {
                assertThat(p.status()).isEqualTo(status);
                assertThat(p.getMessage()).contains("S9");
              });
    }
  }
}
