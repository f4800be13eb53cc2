package io.mezzo.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * A fake Mezzo master on loopback that serves the real web UI files and {@link FixtureCluster}'s
 * Mesos-shaped JSON, for browser tests of what a single real node cannot show (a standby master, an
 * unreachable agent, a failing endpoint) and for working on the UI without a cluster:
 *
 * <pre>
 *   java -cp target/test-classes:target/classes:$(deps) io.mezzo.web.FixtureMaster 8080 src/main/resources/META-INF/resources
 * </pre>
 *
 * <p>Knobs: {@link #leader} (another fixture master's "host:port" makes this one a standby whose
 * {@code /master/redirect} answers 307 to it, as Mesos does), {@link #unreachableAgent} (its
 * sandboxes answer 503 like a master whose agent is gone), {@link #failState} (/master/state
 * answers 500).
 */
public final class FixtureMaster implements AutoCloseable {
  private final HttpServer server;
  private final FixtureCluster cluster = new FixtureCluster(System::currentTimeMillis);
  private final Path staticDir; // null: serve the UI from the class path
  private volatile String leader;
  private volatile String unreachableAgent;
  private volatile boolean failState;
  private volatile boolean redirectApi;

  private FixtureMaster(int port, Path staticDir) throws IOException {
    this.staticDir = staticDir;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "fixture-master");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", this::handle);
    server.start();
    leader = self();
  }

  /** Started on a free loopback port, serving the UI from the class path. */
  public static FixtureMaster start() {
    try {
      return new FixtureMaster(0, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) throws IOException {
    FixtureMaster m =
        new FixtureMaster(Integer.parseInt(args[0]), args.length > 1 ? Path.of(args[1]) : null);
    if (args.length > 2) {
      m.unreachableAgent(args[2]);
    }
    System.out.println("fixture master at " + m.url());
  }

  public URI url() {
    return URI.create("http://" + self());
  }

  private String self() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Makes another master ("host:port") the leader, or none with null. */
  public FixtureMaster leader(String hostPort) {
    this.leader = hostPort;
    return this;
  }

  public FixtureMaster unreachableAgent(String agentId) {
    this.unreachableAgent = agentId;
    return this;
  }

  /** As a standby that does not serve its API: 307 to the leader for the JSON endpoints. */
  public FixtureMaster redirectApi(boolean redirect) {
    this.redirectApi = redirect;
    return this;
  }

  public FixtureMaster failState(boolean fail) {
    this.failState = fail;
    return this;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      ObjectNode state = cluster.state(self(), Optional.ofNullable(leader));
      if (redirectApi
          && leader != null
          && !leader.equals(self())
          && (path.startsWith("/master/")
              || path.startsWith("/metrics/")
              || path.startsWith("/files/"))
          && !path.equals("/master/redirect")) {
        ex.getResponseHeaders().add("Location", "//" + leader + ex.getRequestURI());
        ex.sendResponseHeaders(307, -1);
        return;
      }
      switch (path) {
        case "/master/state", "/state" -> {
          if (failState) {
            text(ex, 500, "fixture: state deliberately failing");
          } else {
            json(ex, state);
          }
        }
        case "/metrics/snapshot" -> json(ex, cluster.metrics(state, self().equals(leader)));
        case "/master/roles" -> json(ex, cluster.roles(state));
        case "/master/redirect" -> {
          if (leader == null) {
            text(ex, 503, "No leader elected");
          } else {
            ex.getResponseHeaders().add("Location", "//" + leader);
            ex.sendResponseHeaders(307, -1);
          }
        }
        case "/files/browse" -> browse(ex, state, q.get("path"));
        case "/files/read" -> read(ex, state, q);
        case "/files/download" -> download(ex, state, q.get("path"));
        default -> serveStatic(ex, path);
      }
    }
  }

  /**
   * The sandbox a virtual path is in, checking its agent is reachable; null after answering an
   * error.
   */
  private String sandbox(HttpExchange ex, ObjectNode state, String path) throws IOException {
    if (path == null || path.isEmpty()) {
      text(ex, 400, "Expecting 'path' to be set");
      return null;
    }
    for (Map.Entry<String, String> e : cluster.sandboxes(state).entrySet()) {
      if (path.equals(e.getKey()) || path.startsWith(e.getKey() + "/")) {
        if (e.getValue().equals(unreachableAgent)) {
          text(ex, 503, "Agent " + e.getValue() + " is unreachable");
          return null;
        }
        return e.getKey();
      }
    }
    text(ex, 404, "No such file or directory: '" + path + "'");
    return null;
  }

  private void browse(HttpExchange ex, ObjectNode state, String path) throws IOException {
    String box = sandbox(ex, state, path);
    if (box == null) {
      return;
    }
    String rel = path.equals(box) ? "" : path.substring(box.length() + 1).replaceAll("/+$", "");
    ArrayNode out = FixtureCluster.JSON.createArrayNode();
    long mtime = System.currentTimeMillis() / 1000;
    if (rel.isEmpty()) {
      entry(out, box + "/logs", 4096, mtime - 60, "drwxr-xr-x", 2);
      entry(out, box + "/stdout", cluster.file(box, "stdout").length, mtime, "-rw-r--r--", 1);
      entry(out, box + "/stderr", cluster.file(box, "stderr").length, mtime - 100, "-rw-r--r--", 1);
    } else if (rel.equals("logs")) {
      entry(
          out,
          box + "/logs/app.log",
          cluster.file(box, "logs/app.log").length,
          mtime - 60,
          "-rw-r--r--",
          1);
    } else {
      text(ex, 404, "No such file or directory: '" + path + "'");
      return;
    }
    json(ex, out);
  }

  private static void entry(
      ArrayNode out, String path, long size, long mtime, String mode, int nlink) {
    out.addObject()
        .put("path", path)
        .put("nlink", nlink)
        .put("size", size)
        .put("mtime", (double) mtime)
        .put("mode", mode)
        .put("uid", "mezzo")
        .put("gid", "mezzo");
  }

  private void read(HttpExchange ex, ObjectNode state, Map<String, String> q) throws IOException {
    String path = q.get("path");
    String box = sandbox(ex, state, path);
    if (box == null) {
      return;
    }
    byte[] data = path.equals(box) ? null : cluster.file(box, path.substring(box.length() + 1));
    if (data == null) {
      text(ex, 404, "No such file or directory: '" + path + "'");
      return;
    }
    long offset;
    long length;
    try {
      offset = Long.parseLong(q.getOrDefault("offset", "0"));
      length = Long.parseLong(q.getOrDefault("length", "-1"));
    } catch (NumberFormatException e) {
      text(ex, 400, "Failed to parse offset/length: " + e.getMessage());
      return;
    }
    ObjectNode out = FixtureCluster.JSON.createObjectNode();
    if (offset == -1) {
      json(ex, out.put("data", "").put("offset", data.length));
      return;
    }
    int from = (int) Math.min(Math.max(0, offset), data.length);
    int to = (int) (length < 0 ? data.length : Math.min(data.length, from + length));
    json(
        ex,
        out.put("data", new String(Arrays.copyOfRange(data, from, to), StandardCharsets.UTF_8))
            .put("offset", offset));
  }

  private void download(HttpExchange ex, ObjectNode state, String path) throws IOException {
    String box = sandbox(ex, state, path);
    if (box == null) {
      return;
    }
    byte[] data = path.equals(box) ? null : cluster.file(box, path.substring(box.length() + 1));
    if (data == null) {
      text(ex, 404, "No such file: '" + path + "'");
      return;
    }
    ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
    ex.sendResponseHeaders(200, data.length);
    ex.getResponseBody().write(data);
  }

  private static final Map<String, String> TYPES =
      Map.of(
          "html",
          "text/html; charset=utf-8",
          "js",
          "text/javascript; charset=utf-8",
          "css",
          "text/css; charset=utf-8",
          "svg",
          "image/svg+xml",
          "png",
          "image/png");

  private void serveStatic(HttpExchange ex, String path) throws IOException {
    String rel = path.equals("/") ? "index.html" : path.substring(1);
    if (rel.contains("..")) {
      text(ex, 404, "not found");
      return;
    }
    byte[] body;
    if (staticDir != null) {
      Path file = staticDir.resolve(rel);
      body = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    } else {
      try (InputStream in =
          getClass().getClassLoader().getResourceAsStream("META-INF/resources/" + rel)) {
        body = in == null ? null : in.readAllBytes();
      }
    }
    if (body == null) {
      text(ex, 404, "not found: " + path);
      return;
    }
    String ext = rel.substring(rel.lastIndexOf('.') + 1);
    ex.getResponseHeaders()
        .add("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
    ex.getResponseHeaders().add("Cache-Control", "no-store");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
  }

  private static void json(HttpExchange ex, Object node) throws IOException {
    byte[] body = FixtureCluster.JSON.writeValueAsBytes(node);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
  }

  private static void text(HttpExchange ex, int status, String message) throws IOException {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
