package io.mezzo.http.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.http.common.LocalCodec;
import io.mezzo.testing.ChunkedRecordReader;
import io.mezzo.testing.V1SchedulerClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backpressure on a real Vert.x server with a small write queue: a burst bigger than the queue is a
 * reason to wait, not to cut the client off; a client that stops reading is cut off past the hold
 * limit, and the stream's owner hears of it.
 */
class RecordIoStreamTest {
  private static final int WRITE_QUEUE = 64 * 1024;
  private static final long HOLD_LIMIT = 1024 * 1024;
  private Vertx vertx;
  private URI base;
  private CompletableFuture<RecordIoStream> stream;
  private final AtomicBoolean closedSeen = new AtomicBoolean();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    vertx.eventBus().registerCodec(new LocalCodec());
    stream = new CompletableFuture<>();
    Router router = Router.router(vertx);
    router
        .route(V1SchedulerClient.PATH)
        .handler(
            rc -> {
              RecordIoStream s = new RecordIoStream(vertx, rc.request(), WRITE_QUEUE, HOLD_LIMIT);
              s.onClosed(() -> closedSeen.set(true));
              s.start(Map.of("Content-Type", "application/json"));
              s.publish(
                  Event.heartbeat()); // the first record sends the headers, as SUBSCRIBED does
              stream.complete(s);
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
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void aBurstLargerThanTheWriteQueueReachesAReadingClientWholeAndInOrder() throws Exception {
    // Like the RUN_TASKs of one large ACCEPT: ten times the write queue at once. The stream used to
    // take the full queue for a client that stopped reading, and cut a healthy agent off.
    try (ChunkedRecordReader client =
        ChunkedRecordReader.subscribe(base, "{}", Duration.ofSeconds(10))) {
      RecordIoStream s = stream.get(60, TimeUnit.SECONDS);
      assertThat(client.nextRecord()).contains("HEARTBEAT");
      int events = 32;
      for (int i = 0; i < events; i++) {
        s.publish(Event.error(i + ":" + "x".repeat(20 * 1024)));
      }
      s.publishClose();
      for (int i = 0; i < events; i++) {
        assertThat(client.nextRecord())
            .as("record %d", i)
            .startsWith("{\"type\":\"ERROR\",\"error\":{\"message\":\"" + i + ":");
      }
      assertThat(client.nextChunk()).as("the end of the stream, after every record").isNull();
    }
    assertThat(closedSeen).isFalse();
  }

  @Test
  void aClientThatStopsReadingIsCutOffPastTheHoldLimit() throws Exception {
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST " + V1SchedulerClient.PATH + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      RecordIoStream s = stream.get(60, TimeUnit.SECONDS);
      // Far more than the queue, the socket buffers and the hold limit together; nobody reads.
      for (int i = 0; i < 200; i++) {
        s.publish(Event.error("x".repeat(200 * 1024)));
      }
      await("the stream's owner hears that the client was cut off")
          .atMost(Duration.ofSeconds(60))
          .untilTrue(closedSeen);
    } catch (IOException reset) {
      // The server reset the connection: what it should do to a client that does not read.
    }
  }
}
