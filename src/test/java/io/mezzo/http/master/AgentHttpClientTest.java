package io.mezzo.http.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The master's sandbox proxy never hangs on an agent, with the real SmallRye guards (standalone, no
 * CDI) and real sockets: nobody listening is a 503 and an agent that accepts but never answers a
 * 504, both naming the agent, within the timeout; an agent that keeps failing has its circuit
 * opened and is refused at once, while other agents are still served, until it answers again.
 */
class AgentHttpClientTest {
  /** Long enough that a loaded machine does not turn a refused connection into a timeout. */
  private static final Duration TIMEOUT = Duration.ofMillis(2000);

  private final Vertx vertx = Vertx.vertx();
  private final AgentHttpClient client =
      new AgentHttpClient(
          vertx,
          new io.mezzo.http.master.AgentGuards.Policy(
              TIMEOUT, 2, Duration.ofMillis(50), 4, Duration.ofMillis(500)));

  /**
   * One request first, so the client's and the guards' first-use set-up (seconds on a loaded
   * machine) is not taken for a slow agent.
   */
  @BeforeEach
  void warmUp() throws Exception {
    HttpServer server = answering(freePort());
    try {
      await("a first answer through the proxy client")
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> get("warm-up", "http://127.0.0.1:" + server.actualPort()).status() == 200);
    } finally {
      server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @AfterEach
  void close() throws Exception {
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void anAgentNobodyListensForIs503() throws Exception {
    assertProxyFails("S9", "http://127.0.0.1:" + freePort(), 503, "did not answer");
  }

  @Test
  void anAgentThatNeverAnswersIs504WithinTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      long t0 = System.nanoTime();
      assertProxyFails(
          "S9", "http://127.0.0.1:" + silent.getLocalPort(), 504, "did not answer within 2000 ms");
      // The client's 2 s timeout, not the bound of the wait below, ended it; how far past 2 s
      // depends on the machine's load, so the margin is wide.
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }
  }

  @Test
  void anUnusableEndpointIs502() throws Exception {
    assertProxyFails("S9", "not a url", 502, "unusable URL");
  }

  @Test
  void aSilentAgentsCircuitOpensAndItIsRefusedAtOnceWhileOthersAreServed() throws Exception {
    HttpServer healthy = answering(freePort());
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String dead = "http://127.0.0.1:" + silent.getLocalPort();
      for (int i = 0; i < 4; i++) {
        assertProxyFails("S-dead", dead, 504, "did not answer within");
      }

      // The fifth request never reaches the agent: its circuit is open.
      assertProxyFails("S-dead", dead, 503, "failed its last 4 requests");
      await("another agent is still served")
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> get("S-ok", "http://127.0.0.1:" + healthy.actualPort()).status() == 200);
    } finally {
      healthy.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void anAgentWhoseCircuitOpenedIsServedAgainOnceItAnswers() throws Exception {
    int port = freePort();
    String endpoint = "http://127.0.0.1:" + port;
    // Two requests of three tries each (a refused connection is retried) open the circuit.
    assertProxyFails("S-back", endpoint, 503, "did not answer");
    assertProxyFails("S-back", endpoint, 503, "");
    assertProxyFails("S-back", endpoint, 503, "failed its last 4 requests");

    HttpServer back = answering(port);
    try {
      await("the circuit lets a trial through after its delay and closes")
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> get("S-back", endpoint).status() == 200);
    } finally {
      back.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private HttpServer answering(int port) throws Exception {
    return vertx
        .createHttpServer()
        .requestHandler(req -> req.response().end("[]"))
        .listen(port, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  private AgentHttpClient.Answer get(String agentId, String endpoint) throws Exception {
    return client
        .send(agentId, endpoint, HttpMethod.GET, "/files/browse?path=/x", null, null)
        .toCompletionStage()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }

  private void assertProxyFails(String agentId, String endpoint, int status, String message)
      throws Exception {
    try {
      get(agentId, endpoint);
      throw new AssertionError("expected the proxy to fail");
    } catch (ExecutionException e) {
      assertThat(e.getCause())
          .isInstanceOfSatisfying(
              AgentHttpClient.ProxyException.class,
              p -> {
                assertThat(p.status()).as(p.getMessage()).isEqualTo(status);
                assertThat(p.getMessage()).contains(agentId).contains(message);
              });
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
