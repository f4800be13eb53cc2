package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow and hostile clients against a real standalone Mezzo with a 2 s header timeout: a stalled or
 * trickling request head is closed within the timeout plus a generous margin, an oversized head is
 * answered 431 and the server keeps serving, and a subscribed scheduler stream that sends nothing
 * outlives the timeout. Waits are bounded; nothing asserts exact times.
 */
class SlowClientIT {
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration MARGIN = Duration.ofSeconds(8);
  private static MezzoProcess mezzo;

  @BeforeAll
  static void start() {
    mezzo =
        MezzoProcess.start(
            "slow-client",
            "standalone",
            Map.of(
                "mezzo.http.header-timeout",
                HEADER_TIMEOUT.toSeconds() + "S",
                "mezzo.master.heartbeat-interval",
                "1S"));
  }

  @AfterAll
  static void stop() {
    if (mezzo != null) {
      mezzo.close();
    }
  }

  @Test
  void aStalledPartialHeadIsClosedWithinTheTimeout() throws IOException {
    try (Socket s = connect()) {
      write(s, "GET /version HTTP/1.1\r\nHost: x\r\n");
      long started = System.nanoTime();
      assertClosedBy(s, HEADER_TIMEOUT.plus(MARGIN));
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("not closed before the timeout")
          .isGreaterThanOrEqualTo(HEADER_TIMEOUT.minusMillis(500));
    }
  }

  @Test
  void aHeadTrickledOneBytePerSecondIsClosed() throws Exception {
    try (Socket s = connect()) {
      byte[] head =
          "GET /version HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes();
      long deadline = System.nanoTime() + HEADER_TIMEOUT.plus(MARGIN).toNanos();
      boolean closed = false;
      for (int i = 0; i < head.length && System.nanoTime() < deadline && !closed; i++) {
        try {
          s.getOutputStream().write(head[i]);
          s.getOutputStream().flush();
          s.setSoTimeout(1000);
          closed = s.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
          // one second passed with the connection open: send the next byte
        } catch (SocketException reset) {
          closed = true;
        }
      }
      assertThat(closed).as("closed while trickling, within timeout + margin").isTrue();
    }
  }

  @Test
  void anOversizedHeadGets431AndTheServerKeepsServing() throws Exception {
    try (Socket s = connect()) {
      write(s, "GET /version HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n");
      s.setSoTimeout(10_000);
      String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).isEqualTo("HTTP/1.1 431");
    }
    HttpResponse<String> ok =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(mezzo.baseUrl().resolve("/version")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void anIdleSchedulerStreamOutlivesTheTimeout() throws Exception {
    try (V1SchedulerClient framework =
        V1SchedulerClient.subscribe(
            mezzo.baseUrl(), "{\"user\":\"root\",\"name\":\"slow-client-it\"}")) {
      // The client sends nothing while heartbeats keep coming for well past the header timeout.
      long started = System.nanoTime();
      while (Duration.ofNanos(System.nanoTime() - started).compareTo(HEADER_TIMEOUT.multipliedBy(3))
          < 0) {
        framework.awaitEvent("HEARTBEAT", MARGIN);
      }
      assertThat(framework.reconcile().status()).isEqualTo(202);
    }
  }

  private static Socket connect() throws IOException {
    URI base = mezzo.baseUrl();
    Socket s = new Socket();
    s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
    return s;
  }

  private static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads until the server closes (EOF or reset); fails if it is still open after {@code max}. */
  private static void assertClosedBy(Socket s, Duration max) throws IOException {
    s.setSoTimeout((int) max.toMillis());
    InputStream in = s.getInputStream();
    try {
      while (in.read() >= 0) {
        // a 408 or anything else before the close is allowed
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("connection still open after " + max, e);
    } catch (SocketException reset) {
      // closed by the server
    }
  }
}
