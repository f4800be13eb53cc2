package io.mezzo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A v1 HTTP scheduler client written only from the Mesos documentation (scheduler-http-api.md,
 * recordio.md), the way a third-party framework would: {@code java.net.http}, JSON built and read
 * as plain trees, its own RecordIO reader. It uses no Mezzo class, so it tests our server rather
 * than agreeing with it.
 *
 * <p>{@link #subscribe} opens the SUBSCRIBE stream (POST, {@code Accept: application/json}) and
 * keeps it open; a daemon thread reads records into a {@link BlockingQueue} of raw JSON strings.
 * Calls go on other connections with the {@code Mesos-Stream-Id} of the subscription. With
 * auto-acknowledge on (the default, as any sane framework does) the reader acknowledges every
 * UPDATE carrying a {@code uuid} as soon as it arrives, because Mesos forwards a task's next update
 * only after the previous one was acknowledged.
 *
 * <p>The {@code await*} methods hand out each matching event once, in arrival order, and fail with
 * the events seen so far when the timeout passes or the stream ends. Not thread-safe beyond that:
 * one test thread drives a client.
 */
public final class V1SchedulerClient implements AutoCloseable {
  public static final String PATH = "/api/v1/scheduler";
  public static final String STREAM_ID_HEADER = "Mesos-Stream-Id";
  private static final ObjectMapper JSON = new ObjectMapper();
  // Generous: a loaded CI machine answers in seconds what an idle one answers in milliseconds.
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http;
  private final URI endpoint;
  private final String streamId;
  private final HttpResponse<InputStream> subscription;
  private final boolean autoAcknowledge;
  private final StreamInbox<String> inbox = new StreamInbox<>();
  private final Set<String> offersHandedOut = new HashSet<>();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final List<String> acknowledgeFailures = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile String frameworkId;
  private volatile boolean closing;

  /** The status and body of a call, and the raw response for headers. */
  public record Response(int status, String body, HttpResponse<?> raw) {
    public JsonNode json() {
      return V1SchedulerClient.parse(body);
    }
  }

  private V1SchedulerClient(
      HttpClient http, URI endpoint, HttpResponse<InputStream> subscription, boolean autoAck) {
    this.http = http;
    this.endpoint = endpoint;
    this.subscription = subscription;
    this.streamId = subscription.headers().firstValue(STREAM_ID_HEADER).orElse(null);
    this.autoAcknowledge = autoAck;
    this.reader = new Thread(this::readStream, "v1-scheduler-stream " + endpoint);
    this.reader.setDaemon(true);
  }

  /** Subscribes with auto-acknowledge on; see {@link #subscribe(URI, String, boolean)}. */
  public static V1SchedulerClient subscribe(URI baseUrl, String frameworkInfoJson) {
    return subscribe(baseUrl, frameworkInfoJson, true);
  }

  /**
   * POSTs a SUBSCRIBE call with the given {@code FrameworkInfo} JSON (and its {@code id}, if any,
   * as the top-level {@code framework_id}) and waits up to 60 s for SUBSCRIBED.
   *
   * @throws AssertionError if the answer is not 200, or the stream brings ERROR before SUBSCRIBED
   */
  public static V1SchedulerClient subscribe(
      URI baseUrl, String frameworkInfoJson, boolean autoAcknowledge) {
    return subscribe(baseUrl, frameworkInfoJson, autoAcknowledge, newHttpClient());
  }

  /** {@link #subscribe(URI, String, boolean)} through {@code http} (e.g. one made for TLS). */
  public static V1SchedulerClient subscribe(
      URI baseUrl, String frameworkInfoJson, boolean autoAcknowledge, HttpClient http) {
    URI endpoint = baseUrl.resolve(PATH);
    ObjectNode call = JSON.createObjectNode();
    JsonNode info = parse(frameworkInfoJson);
    if (info.has("id")) {
      call.set("framework_id", info.get("id"));
    }
    call.put("type", "SUBSCRIBE");
    call.putObject("subscribe").set("framework_info", info);
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(call.toString()))
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("SUBSCRIBE to " + endpoint + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (response.statusCode() != 200) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        body = "(unreadable: " + e + ")";
      }
      throw new AssertionError(
          "SUBSCRIBE to " + endpoint + " answered " + response.statusCode() + ": " + body);
    }
    V1SchedulerClient client = new V1SchedulerClient(http, endpoint, response, autoAcknowledge);
    client.reader.start();
    JsonNode first =
        client.await(
            e -> type(e).equals("SUBSCRIBED") || type(e).equals("ERROR"),
            CALL_TIMEOUT,
            "SUBSCRIBED",
            false);
    if (type(first).equals("ERROR")) {
      client.close();
      throw new AssertionError("SUBSCRIBE refused on the stream: " + first);
    }
    client.frameworkId = first.at("/subscribed/framework_id/value").asText();
    return client;
  }

  /** {@link #newHttpClient()} with {@code tls} for https masters. */
  public static HttpClient newHttpClient(javax.net.ssl.SSLContext tls) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(tls)
        .build();
  }

  /** HTTP/1.1 like most framework clients; no h2c upgrade attempts. */
  public static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public String streamId() {
    return streamId;
  }

  public String frameworkId() {
    return frameworkId;
  }

  /** The SUBSCRIBE response (headers: Content-Type, Mesos-Stream-Id, Transfer-Encoding). */
  public HttpResponse<InputStream> subscribeResponse() {
    return subscription;
  }

  // ---- calls
  // -------------------------------------------------------------------------------------

  /** POSTs a call with {@code Content-Type: application/json} and this subscription's stream id. */
  public Response call(String json) {
    return post(json, true);
  }

  /** POSTs a call as {@link #call} does but without the {@code Mesos-Stream-Id} header. */
  public Response callWithoutStreamId(String json) {
    return post(json, false);
  }

  private Response post(String json, boolean withStreamId) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(CALL_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (withStreamId && streamId != null) {
      b.header(STREAM_ID_HEADER, streamId);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new UncheckedIOException("call to " + endpoint + " failed: " + json, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A call skeleton: {@code framework_id} and {@code type}. */
  public ObjectNode newCall(String type) {
    ObjectNode call = JSON.createObjectNode();
    call.putObject("framework_id").put("value", frameworkId);
    call.put("type", type);
    return call;
  }

  /**
   * ACCEPTs one offer with one LAUNCH of the given tasks. Convenience: a task without {@code
   * agent_id} gets the offer's, and a resource without {@code allocation_info} gets the offer's
   * (MULTI_ROLE frameworks must send it).
   */
  public Response accept(JsonNode offer, String... taskInfoJson) {
    return accept(offer, null, taskInfoJson);
  }

  /**
   * As {@link #accept(JsonNode, String...)}, with {@code filters.refuse_seconds} (null: omitted).
   */
  public Response accept(JsonNode offer, Double refuseSeconds, String... taskInfoJson) {
    ObjectNode call = newCall("ACCEPT");
    ObjectNode accept = call.putObject("accept");
    accept.putArray("offer_ids").add(offer.get("id"));
    ObjectNode launch = accept.putArray("operations").addObject();
    launch.put("type", "LAUNCH");
    ArrayNode tasks = launch.putObject("launch").putArray("task_infos");
    for (String t : taskInfoJson) {
      ObjectNode task = (ObjectNode) parse(t);
      if (!task.has("agent_id")) {
        task.set("agent_id", offer.get("agent_id"));
      }
      if (offer.has("allocation_info")) {
        for (JsonNode r : task.path("resources")) {
          if (!r.has("allocation_info")) {
            ((ObjectNode) r).set("allocation_info", offer.get("allocation_info"));
          }
        }
      }
      tasks.add(task);
    }
    if (refuseSeconds != null) {
      accept.putObject("filters").put("refuse_seconds", refuseSeconds);
    }
    return call(call.toString());
  }

  /** DECLINEs offers with {@code filters.refuse_seconds} (null: omitted, Mesos's 5 s default). */
  public Response decline(Double refuseSeconds, JsonNode... offers) {
    ObjectNode call = newCall("DECLINE");
    ObjectNode decline = call.putObject("decline");
    ArrayNode ids = decline.putArray("offer_ids");
    for (JsonNode o : offers) {
      ids.add(o.get("id"));
    }
    if (refuseSeconds != null) {
      decline.putObject("filters").put("refuse_seconds", refuseSeconds);
    }
    return call(call.toString());
  }

  /** ACKNOWLEDGEs a TaskStatus (needs its {@code uuid}, {@code agent_id} and {@code task_id}). */
  public Response acknowledge(JsonNode status) {
    if (!status.hasNonNull("uuid")) {
      throw new IllegalArgumentException("status without uuid must not be acknowledged: " + status);
    }
    ObjectNode call = newCall("ACKNOWLEDGE");
    ObjectNode ack = call.putObject("acknowledge");
    ack.set("agent_id", status.get("agent_id"));
    ack.set("task_id", status.get("task_id"));
    ack.set("uuid", status.get("uuid"));
    return call(call.toString());
  }

  /** Implicit reconciliation (no tasks): the master answers with every task it knows. */
  public Response reconcile() {
    ObjectNode call = newCall("RECONCILE");
    call.putObject("reconcile");
    return call(call.toString());
  }

  /** Explicit reconciliation of one task. */
  public Response reconcile(String taskId, String agentId) {
    ObjectNode call = newCall("RECONCILE");
    ObjectNode task = call.putObject("reconcile").putArray("tasks").addObject();
    task.putObject("task_id").put("value", taskId);
    if (agentId != null) {
      task.putObject("agent_id").put("value", agentId);
    }
    return call(call.toString());
  }

  public Response kill(String taskId, String agentId) {
    ObjectNode call = newCall("KILL");
    ObjectNode kill = call.putObject("kill");
    kill.putObject("task_id").put("value", taskId);
    if (agentId != null) {
      kill.putObject("agent_id").put("value", agentId);
    }
    return call(call.toString());
  }

  public Response teardown() {
    return call(newCall("TEARDOWN").toString());
  }

  public Response suppress(String... roles) {
    ObjectNode call = newCall("SUPPRESS");
    ArrayNode r = call.putObject("suppress").putArray("roles");
    for (String role : roles) {
      r.add(role);
    }
    return call(call.toString());
  }

  public Response revive(String... roles) {
    ObjectNode call = newCall("REVIVE");
    ArrayNode r = call.putObject("revive").putArray("roles");
    for (String role : roles) {
      r.add(role);
    }
    return call(call.toString());
  }

  /**
   * A command task's {@code TaskInfo} JSON ({@code shell} command, cpus and mem); {@link #accept}
   * fills in the offer's agent and allocation.
   */
  public static String commandTask(String taskId, double cpus, double mem, String command) {
    ObjectNode task = JSON.createObjectNode();
    task.put("name", taskId);
    task.putObject("task_id").put("value", taskId);
    ArrayNode resources = task.putArray("resources");
    resources.add(scalarResource("cpus", cpus));
    resources.add(scalarResource("mem", mem));
    task.putObject("command").put("shell", true).put("value", command);
    return task.toString();
  }

  private static ObjectNode scalarResource(String name, double value) {
    ObjectNode r = JSON.createObjectNode();
    r.put("name", name).put("type", "SCALAR").putObject("scalar").put("value", value);
    return r;
  }

  /** The sum of an offer's unreserved-or-not scalar resource by name (0 if absent). */
  public static double scalar(JsonNode offer, String name) {
    double sum = 0;
    for (JsonNode r : offer.path("resources")) {
      if (r.path("name").asText().equals(name)) {
        sum += r.at("/scalar/value").asDouble();
      }
    }
    return sum;
  }

  // ---- events
  // ------------------------------------------------------------------------------------

  /** The next not yet handed out event of this type. */
  public JsonNode awaitEvent(String type, Duration timeout) {
    return await(e -> type(e).equals(type), timeout, type, true);
  }

  /** The next not yet handed out UPDATE of this task in this state; returns its TaskStatus. */
  public JsonNode awaitUpdate(String taskId, String state, Duration timeout) {
    return awaitUpdate(taskId, Set.of(state), timeout);
  }

  /** The next not yet handed out UPDATE of this task in one of these states; returns its status. */
  public JsonNode awaitUpdate(String taskId, Set<String> states, Duration timeout) {
    JsonNode event =
        await(
            e ->
                type(e).equals("UPDATE")
                    && e.at("/update/status/task_id/value").asText().equals(taskId)
                    && states.contains(e.at("/update/status/state").asText()),
            timeout,
            "UPDATE of " + taskId + " in " + states,
            true);
    return event.at("/update/status");
  }

  /**
   * The next not yet handed out UPDATE of this task in this state with this reason (e.g. {@code
   * REASON_RECONCILIATION}), passing over updates of the same state for other reasons, such as an
   * agent retrying an update whose acknowledgement a restart lost.
   */
  public JsonNode awaitUpdate(String taskId, String state, String reason, Duration timeout) {
    JsonNode event =
        await(
            e ->
                type(e).equals("UPDATE")
                    && e.at("/update/status/task_id/value").asText().equals(taskId)
                    && e.at("/update/status/state").asText().equals(state)
                    && e.at("/update/status/reason").asText().equals(reason),
            timeout,
            "UPDATE of " + taskId + " in " + state + " for " + reason,
            true);
    return event.at("/update/status");
  }

  /**
   * The next offer (from any OFFERS event) not yet handed out and not rescinded that satisfies the
   * predicate.
   */
  public synchronized JsonNode awaitOffer(Predicate<JsonNode> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Set<String> rescinded = new HashSet<>();
      List<String> received = inbox.received();
      for (String raw : received) {
        JsonNode e = parse(raw);
        if (type(e).equals("RESCIND")) {
          rescinded.add(e.at("/rescind/offer_id/value").asText());
        }
      }
      for (String raw : received) {
        JsonNode e = parse(raw);
        if (!type(e).equals("OFFERS")) {
          continue;
        }
        for (JsonNode offer : e.at("/offers/offers")) {
          String id = offer.at("/id/value").asText();
          if (!offersHandedOut.contains(id) && !rescinded.contains(id) && wanted.test(offer)) {
            offersHandedOut.add(id);
            return offer;
          }
        }
      }
      if (!inbox.pollOnce(deadline)) {
        throw new AssertionError(failure("an offer", timeout));
      }
    }
  }

  /** The next offer not yet handed out, whatever it holds. */
  public JsonNode awaitOffer(Duration timeout) {
    return awaitOffer(o -> true, timeout);
  }

  /** Every TaskStatus received for this task, in arrival order. */
  public synchronized List<JsonNode> updatesFor(String taskId) {
    List<JsonNode> out = new ArrayList<>();
    for (String raw : inbox.received()) {
      JsonNode e = parse(raw);
      if (type(e).equals("UPDATE")
          && e.at("/update/status/task_id/value").asText().equals(taskId)) {
        out.add(e.at("/update/status"));
      }
    }
    return out;
  }

  /** Every record received on the stream so far, verbatim, in order. */
  public synchronized List<String> allRawEvents() {
    return List.copyOf(inbox.received());
  }

  /** uuids of updates this client acknowledged (answered 202). */
  public Set<String> acknowledgedUpdates() {
    return Set.copyOf(acknowledged);
  }

  /**
   * Subscribes to the master {@code leader} names now (a {@code MasterDetector}'s, or the first
   * ready one of a list), retrying within {@code timeout} while none is named yet, the named one is
   * gone or still recovering (503): how a framework finds a new leader after a failover.
   */
  public static V1SchedulerClient subscribeToLeader(
      java.util.function.Supplier<java.util.Optional<URI>> leader,
      String frameworkInfoJson,
      Duration timeout) {
    java.util.concurrent.atomic.AtomicReference<V1SchedulerClient> out =
        new java.util.concurrent.atomic.AtomicReference<>();
    org.awaitility.Awaitility.await("a subscription with the leader")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              java.util.Optional<URI> base = leader.get();
              if (base.isEmpty()) {
                return false;
              }
              try {
                out.set(subscribe(base.get(), frameworkInfoJson));
                return true;
              } catch (AssertionError | RuntimeException notYet) {
                return false; // gone, not recovered yet, or refused for now: ask again
              }
            });
    return out.get();
  }

  /** uuids of received updates that were not (successfully) acknowledged, in arrival order. */
  public synchronized Set<String> unacknowledgedUpdates() {
    Set<String> out = new LinkedHashSet<>();
    for (String raw : inbox.received()) {
      JsonNode status = parse(raw).at("/update/status");
      if (status.hasNonNull("uuid") && !acknowledged.contains(status.get("uuid").asText())) {
        out.add(status.get("uuid").asText());
      }
    }
    return out;
  }

  /** Acknowledgements the reader sent that were not answered 202. */
  public List<String> acknowledgeFailures() {
    return List.copyOf(acknowledgeFailures);
  }

  /** Whether the server ended the subscription stream (or it broke). */
  public synchronized boolean streamEnded() {
    return inbox.ended();
  }

  @Override
  public void close() {
    closing = true;
    try {
      subscription.body().close();
    } catch (IOException ignored) {
      // Closing aborts the connection; an error on the way is of no interest.
    }
    reader.interrupt();
  }

  /**
   * {@code cpus} and {@code mem} as the resources of a task or executor launched on {@code offer},
   * with the offer's {@code allocation_info} (multi-role frameworks must send it back).
   */
  public static ArrayNode scalarResources(JsonNode offer, double cpus, double mem) {
    ArrayNode out = JSON.createArrayNode();
    for (Object[] r : new Object[][] {{"cpus", cpus}, {"mem", mem}}) {
      ObjectNode res = out.addObject();
      res.put("name", (String) r[0]).put("type", "SCALAR");
      res.putObject("scalar").put("value", (Double) r[1]);
      if (offer.has("allocation_info")) {
        res.set("allocation_info", offer.get("allocation_info"));
      }
    }
    return out;
  }

  // ---- internals
  // ---------------------------------------------------------------------------------

  private synchronized JsonNode await(
      Predicate<JsonNode> match, Duration timeout, String what, boolean claim) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int from = 0;
    List<String> received = inbox.received();
    while (true) {
      for (int i = claim ? 0 : from; i < received.size(); i++) {
        if (claim && inbox.claimed(i)) {
          continue;
        }
        JsonNode e = parse(received.get(i));
        if (match.test(e)) {
          if (claim) {
            inbox.claim(i);
          }
          return e;
        }
      }
      from = received.size();
      if (!inbox.pollOnce(deadline)) {
        throw new AssertionError(failure(what, timeout));
      }
    }
  }

  private String failure(String what, Duration timeout) {
    String text = inbox.failure(what + " on " + endpoint, timeout, raw -> raw);
    return acknowledgeFailures.isEmpty()
        ? text
        : text + "\n  acknowledge failures: " + acknowledgeFailures;
  }

  private void readStream() {
    try (InputStream in = subscription.body()) {
      RecordReader records = new RecordReader(in);
      for (String record = records.next(); record != null; record = records.next()) {
        inbox.add(record);
        if (autoAcknowledge) {
          acknowledgeIfReliable(record);
        }
      }
      inbox.end(null);
    } catch (IOException | RuntimeException e) {
      inbox.end(closing ? null : e);
    }
  }

  private void acknowledgeIfReliable(String record) {
    JsonNode event;
    try {
      event = parse(record);
    } catch (RuntimeException e) {
      return; // Not JSON; the test's checks will report it.
    }
    if (type(event).equals("SUBSCRIBED") && frameworkId == null) {
      frameworkId = event.at("/subscribed/framework_id/value").asText();
    }
    JsonNode status = event.at("/update/status");
    if (!type(event).equals("UPDATE") || !status.hasNonNull("uuid") || closing) {
      return;
    }
    try {
      Response r = acknowledge(status);
      if (r.status() == 202) {
        acknowledged.add(status.get("uuid").asText());
      } else {
        acknowledgeFailures.add(r.status() + " " + r.body() + " for " + status);
      }
    } catch (RuntimeException e) {
      acknowledgeFailures.add(e + " for " + status);
    }
  }

  static String type(JsonNode event) {
    return event.path("type").asText("");
  }

  /** Parses a raw event or body into a JSON tree. */
  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }

  /**
   * RecordIO as recordio.md defines it: ASCII decimal length, LF, that many bytes; repeat. Written
   * independently of Mezzo's reader on purpose.
   */
  static final class RecordReader {
    private static final long MAX = 64L * 1024 * 1024;
    private final InputStream in;

    RecordReader(InputStream in) {
      this.in = in;
    }

    /** The next record as UTF-8 text, or null at the end of the stream between records. */
    String next() throws IOException {
      ByteArrayOutputStream digits = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          if (digits.size() == 0) {
            return null;
          }
          throw new EOFException("stream ended inside a record length");
        }
        if (b < '0' || b > '9' || digits.size() > 18) {
          throw new IOException("bad RecordIO length byte " + b + " after '" + digits + "'");
        }
        digits.write(b);
      }
      if (digits.size() == 0) {
        return next(); // An empty line; tolerated.
      }
      long length = Long.parseLong(digits.toString(StandardCharsets.US_ASCII));
      if (length > MAX) {
        throw new IOException("RecordIO record of " + length + " bytes");
      }
      byte[] payload = in.readNBytes((int) length);
      if (payload.length < length) {
        throw new EOFException("stream ended inside a record payload");
      }
      return new String(payload, StandardCharsets.UTF_8);
    }
  }
}
