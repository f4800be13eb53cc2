package io.mezzo.agent.containerizer.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link DockerEngine} over the Docker Engine API v1.41 on a unix socket. The same calls work
 * against Debian's docker.io 20.10 and podman 4.3's compatible service ({@code podman system
 * service}); where they differ (podman's {@code OOMKilled} stays false after an OOM kill) the
 * containerizer does not rely on the difference.
 */
public final class EngineApi implements DockerEngine {
  private static final String API = "/v1.41";

  /** Ordinary calls answer in milliseconds; this only bounds a wedged engine. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final UnixSocketHttp http;
  private final Set<UnixSocketHttp.Streaming> open = ConcurrentHashMap.newKeySet();

  public EngineApi(Path socket) {
    this.http = new UnixSocketHttp(socket);
  }

  @Override
  public String endpoint() {
    return "unix://" + http.socket();
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private UnixSocketHttp.Response call(String method, String path, JsonNode body, Duration timeout)
      throws IOException {
    byte[] bytes = body == null ? null : JSON.writeValueAsBytes(body);
    return http.call(method, API + path, "application/json", bytes, timeout);
  }

  private static EngineException error(String what, UnixSocketHttp.Response r) {
    String message = r.text().strip();
    try {
      JsonNode json = JSON.readTree(r.body());
      if (json != null && json.hasNonNull("message")) {
        message = json.get("message").asText();
      }
    } catch (IOException notJson) {
      // Keep the raw text.
    }
    return new EngineException(r.status(), what + ": " + message);
  }

  /** Docker answers 404; podman sometimes 500 "... no such container" for one removed meanwhile. */
  private static boolean noSuchContainer(UnixSocketHttp.Response r) {
    return r.status() == 404 || r.status() == 500 && r.text().contains("no such container");
  }

  private static void expect(String what, UnixSocketHttp.Response r, int... ok)
      throws EngineException {
    for (int s : ok) {
      if (r.status() == s) {
        return;
      }
    }
    throw error(what, r);
  }

  @Override
  public String version() throws IOException {
    UnixSocketHttp.Response r = http.call("GET", "/version", null, null, Duration.ofSeconds(10));
    expect("version", r, 200);
    JsonNode v = JSON.readTree(r.body());
    return v.path("Version").asText("?") + " (API " + v.path("ApiVersion").asText("?") + ")";
  }

  @Override
  public void create(String name, ObjectNode spec) throws IOException {
    expect(
        "create " + name,
        call("POST", "/containers/create?name=" + q(name), spec, CALL_TIMEOUT),
        201);
  }

  @Override
  public void start(String name) throws IOException {
    expect(
        "start " + name,
        call("POST", "/containers/" + q(name) + "/start", null, CALL_TIMEOUT),
        204,
        304);
  }

  @Override
  public Optional<ContainerState> inspect(String name) throws IOException {
    UnixSocketHttp.Response r = call("GET", "/containers/" + q(name) + "/json", null, CALL_TIMEOUT);
    if (noSuchContainer(r)) {
      return Optional.empty();
    }
    expect("inspect " + name, r, 200);
    JsonNode c = JSON.readTree(r.body());
    JsonNode state = c.path("State");
    long pid = state.path("Pid").asLong(0);
    return Optional.of(
        new ContainerState(
            c.path("Name").asText(name).replaceFirst("^/", ""),
            state.path("Status").asText(""),
            state.path("Running").asBoolean(false),
            state.has("ExitCode") ? state.get("ExitCode").asInt() : null,
            state.path("OOMKilled").asBoolean(false),
            pid > 0 ? pid : null,
            labels(c.path("Config").path("Labels")),
            state.path("Error").asText("")));
  }

  private static Map<String, String> labels(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  @Override
  public int awaitExit(String name) throws IOException {
    UnixSocketHttp.Streaming s =
        http.open("POST", API + "/containers/" + q(name) + "/wait", null, null);
    open.add(s);
    try (s) {
      byte[] body = s.body.readAllBytes();
      UnixSocketHttp.Response r = new UnixSocketHttp.Response(s.status, s.headers, body);
      expect("wait " + name, r, 200);
      return JSON.readTree(body).path("StatusCode").asInt();
    } finally {
      open.remove(s);
    }
  }

  @Override
  public void stop(String name, Duration grace) throws IOException {
    long seconds = Math.max(0, (grace.toMillis() + 999) / 1000);
    expect(
        "stop " + name,
        call(
            "POST",
            "/containers/" + q(name) + "/stop?t=" + seconds,
            null,
            CALL_TIMEOUT.plusSeconds(seconds)),
        204,
        304,
        404);
  }

  @Override
  public void kill(String name) throws IOException {
    UnixSocketHttp.Response r =
        call("POST", "/containers/" + q(name) + "/kill?signal=KILL", null, CALL_TIMEOUT);
    // 409: not running (docker); podman answers 500 with "can only kill running containers".
    if (r.status() == 500 && r.text().contains("running")) {
      return;
    }
    expect("kill " + name, r, 204, 304, 404, 409);
  }

  @Override
  public void remove(String name) throws IOException {
    UnixSocketHttp.Response r =
        call("DELETE", "/containers/" + q(name) + "?force=1&v=1", null, CALL_TIMEOUT);
    if (!noSuchContainer(r)) {
      expect("remove " + name, r, 200, 204);
    }
  }

  @Override
  public List<ContainerState> list(Map<String, String> labels) throws IOException {
    List<String> filters = new ArrayList<>();
    labels.forEach((k, v) -> filters.add(k + "=" + v));
    String filter = JSON.writeValueAsString(Map.of("label", filters));
    UnixSocketHttp.Response r =
        call("GET", "/containers/json?all=1&filters=" + q(filter), null, CALL_TIMEOUT);
    expect("list containers", r, 200);
    List<ContainerState> out = new ArrayList<>();
    for (JsonNode c : JSON.readTree(r.body())) {
      String name = c.path("Names").path(0).asText("").replaceFirst("^/", "");
      Optional<ContainerState> state = inspect(name);
      state.ifPresent(out::add);
    }
    return out;
  }

  @Override
  public void pull(String image) throws IOException {
    String ref = image;
    String tag = "latest";
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    if (ref.contains("@")) {
      tag = ref.substring(ref.indexOf('@') + 1);
      ref = ref.substring(0, ref.indexOf('@'));
    } else if (colon > slash) {
      tag = ref.substring(colon + 1);
      ref = ref.substring(0, colon);
    }
    UnixSocketHttp.Response r =
        call("POST", "/images/create?fromImage=" + q(ref) + "&tag=" + q(tag), null, PULL_TIMEOUT);
    expect("pull " + image, r, 200);
    // A failed pull still answers 200; the error is a line of the progress stream.
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                new java.io.ByteArrayInputStream(r.body()), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.contains("\"error\"")) {
          JsonNode e = JSON.readTree(line);
          throw new EngineException(500, "pull " + image + ": " + e.path("error").asText(line));
        }
      }
    }
  }

  /**
   * Imports a root file system tarball as an image ({@code docker import}); for tests and tools.
   */
  public void importImage(byte[] tar, String repository, String tag) throws IOException {
    UnixSocketHttp.Response r =
        http.call(
            "POST",
            API + "/images/create?fromSrc=-&repo=" + q(repository) + "&tag=" + q(tag),
            "application/x-tar",
            tar,
            PULL_TIMEOUT);
    expect("import " + repository, r, 200);
    if (r.text().contains("\"error\"")) {
      throw new EngineException(500, "import " + repository + ": " + r.text());
    }
  }

  @Override
  public void followLogs(String name, String since, OutputStream stdout, OutputStream stderr)
      throws IOException {
    UnixSocketHttp.Streaming s =
        http.open(
            "GET",
            API + "/containers/" + q(name) + "/logs?follow=1&stdout=1&stderr=1&since=" + q(since),
            null,
            null);
    open.add(s);
    try (s) {
      if (s.status != 200) {
        throw error(
            "logs of " + name,
            new UnixSocketHttp.Response(s.status, s.headers, s.body.readAllBytes()));
      }
      demultiplex(new DataInputStream(s.body), stdout, stderr);
    } finally {
      open.remove(s);
    }
  }

  /**
   * Splits the engine's multiplexed stream (a container without a TTY): frames of {@code [stream,
   * 0, 0, 0, size (4 bytes, big-endian)]} then {@code size} bytes, stream 1 = stdout, 2 = stderr.
   */
  static void demultiplex(DataInputStream in, OutputStream stdout, OutputStream stderr)
      throws IOException {
    byte[] header = new byte[8];
    byte[] buf = new byte[8192];
    while (true) {
      try {
        in.readFully(header);
      } catch (EOFException end) {
        return;
      }
      int size =
          ((header[4] & 0xff) << 24)
              | ((header[5] & 0xff) << 16)
              | ((header[6] & 0xff) << 8)
              | (header[7] & 0xff);
      OutputStream target = header[0] == 2 ? stderr : stdout;
      while (size > 0) {
        int n = in.read(buf, 0, Math.min(buf.length, size));
        if (n < 0) {
          return;
        }
        target.write(buf, 0, n);
        size -= n;
      }
      target.flush();
    }
  }

  @Override
  public void close() {
    open.forEach(UnixSocketHttp.Streaming::close);
    http.close();
  }
}
