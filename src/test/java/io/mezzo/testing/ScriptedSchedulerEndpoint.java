package io.mezzo.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted stand-in for the master's scheduler endpoint (JDK HTTP server), to test the test
 * clients themselves. SUBSCRIBE gets 200, {@code Mesos-Stream-Id: stream-1} and a chunked stream
 * that starts with SUBSCRIBED and that the test writes to with {@link #send}; every other call is
 * recorded and answered 202. A body declared larger than {@link #MAX_BODY} is answered 413 without
 * being read.
 */
final class ScriptedSchedulerEndpoint implements AutoCloseable {
  static final String STREAM_ID = "stream-1";
  static final int MAX_BODY = 1024 * 1024;
  static final String SUBSCRIBED =
      "{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"framework_id\":{\"value\":\"fw-1\"},"
          + "\"heartbeat_interval_seconds\":15.0}}";

  /** A non-SUBSCRIBE call as received. */
  record ReceivedCall(String streamId, String contentType, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<ReceivedCall> calls = new CopyOnWriteArrayList<>();
  private volatile OutputStream stream;

  ScriptedSchedulerEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext(V1SchedulerClient.PATH, this::handle);
    server.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<ReceivedCall> calls() {
    return calls;
  }

  boolean subscribed() {
    return stream != null;
  }

  /** Writes the records, RecordIO-framed, back to back, then flushes: one HTTP chunk. */
  synchronized void send(String... records) throws IOException {
    for (String r : records) {
      byte[] payload = r.getBytes(StandardCharsets.UTF_8);
      stream.write((payload.length + "\n").getBytes(StandardCharsets.US_ASCII));
      stream.write(payload);
    }
    stream.flush();
  }

  /** Ends the stream (the last chunk). */
  synchronized void endStream() throws IOException {
    stream.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && Long.parseLong(length) > MAX_BODY) {
      exchange.sendResponseHeaders(413, -1);
      exchange.close();
      return;
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (body.contains("\"SUBSCRIBE\"")) {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("Mesos-Stream-Id", STREAM_ID);
      exchange.sendResponseHeaders(200, 0); // 0: chunked
      stream = exchange.getResponseBody();
      send(SUBSCRIBED);
      return; // Left open: the test writes more events.
    }
    calls.add(
        new ReceivedCall(
            exchange.getRequestHeaders().getFirst("Mesos-Stream-Id"),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            body));
    exchange.sendResponseHeaders(202, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
