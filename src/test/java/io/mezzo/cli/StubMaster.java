package io.mezzo.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A fake master for the CLI's unit tests: a real JDK HTTP server on a free loopback port answering
 * canned Marathon and Mesos JSON per {@code "METHOD /path"} (query excluded), and recording every
 * request. A route's answer may depend on the request (scripted sequences for follow and wait).
 */
final class StubMaster implements AutoCloseable {
  /** One request; authorization is its Authorization header, or null. */
  record Request(String method, String path, String query, String body, String authorization) {}

  record Answer(int status, String body, Map<String, String> headers) {
    static Answer json(String body) {
      return new Answer(200, body, Map.of("Content-Type", "application/json"));
    }

    static Answer of(int status, String body) {
      return new Answer(status, body, Map.of("Content-Type", "application/json"));
    }
  }

  private final HttpServer server;
  private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  StubMaster() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newSingleThreadExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  StubMaster on(String methodAndPath, String json) {
    return on(methodAndPath, r -> Answer.json(json));
  }

  StubMaster on(String methodAndPath, Function<Request, Answer> answer) {
    routes.put(methodAndPath, answer);
    return this;
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  List<Request> requests(String methodAndPath) {
    return requests.stream()
        .filter(r -> (r.method() + " " + r.path()).equals(methodAndPath))
        .toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Request r =
          new Request(
              ex.getRequestMethod(),
              ex.getRequestURI().getRawPath(),
              ex.getRequestURI().getRawQuery(),
              body,
              ex.getRequestHeaders().getFirst("Authorization"));
      requests.add(r);
      Function<Request, Answer> route = routes.get(r.method() + " " + r.path());
      Answer a =
          route == null
              ? new Answer(404, "No route for " + r.method() + " " + r.path(), Map.of())
              : route.apply(r);
      a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
