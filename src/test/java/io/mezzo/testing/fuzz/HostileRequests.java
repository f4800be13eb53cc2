package io.mezzo.testing.fuzz;

import static io.mezzo.testing.fuzz.CallTemplates.ALL_CALLS;
import static io.mezzo.testing.fuzz.CallTemplates.SAFE_FOR_F;
import static io.mezzo.testing.fuzz.CallTemplates.TASK_STATES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.testing.RawExchange;
import io.mezzo.testing.fuzz.CallTemplates.Identity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A seeded generator of hostile requests to {@code /api/v1/scheduler} and {@code
 * /internal/v1/agent}: valid calls built from {@link FuzzTargets}, then damaged by {@link
 * JsonMutator}, by whole-body garbage, by wrong methods and headers, or only by swapping their ids
 * for unknown or foreign ones.
 *
 * <p>Each request says which answers are acceptable: exactly Mesos's code where the HTTP checks
 * decide it (405, 400 without Content-Type, 415, 413), otherwise any 2xx or 4xx the scheduler API
 * defines, and 501 only for call types Mesos answers 501. Deterministic for a seed, given the same
 * targets.
 */
public final class HostileRequests {
  public static final String SCHEDULER = "/api/v1/scheduler";
  public static final String AGENT = "/internal/v1/agent";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> JUNK_ENUMS =
      List.of(
          "",
          "NOPE",
          "accept",
          "Subscribe",
          "TASK_RUNNING ",
          "LAUNCH",
          "SCALAR",
          "TEXT",
          "DOCKER",
          "TASK_NOPE",
          "REASON_NOPE",
          "\u0000",
          "null");

  private final Random random;
  private final JsonMutator mutator;
  private final CallTemplates templates;
  private final int maxBodyBytes;
  private int index;
  private int overLimitSent;

  /**
   * A request and what may answer it. {@code byHttpLayer}: the answer comes from the HTTP server
   * before any Mezzo code runs (Quarkus's URI check, the codec's 417), with a correct status but no
   * reason in the body.
   */
  public record Hostile(
      int index,
      String kind,
      RawExchange.Request request,
      Set<Integer> allowed,
      boolean byHttpLayer) {
    Hostile(int index, String kind, RawExchange.Request request, Set<Integer> allowed) {
      this(index, kind, request, allowed, false);
    }

    /** One line for failure messages: the request, its body cut to 600 characters. */
    public String describe() {
      String body = new String(request.body(), StandardCharsets.UTF_8);
      if (body.length() > 600) {
        body = body.substring(0, 600) + "…(" + request.body().length + " bytes)";
      }
      return "#"
          + index
          + " ["
          + kind
          + "] "
          + request.method()
          + " "
          + request.path()
          + " "
          + request.headers()
          + (request.chunked() ? " chunked" : "")
          + " body="
          + body;
    }
  }

  public HostileRequests(long seed, int maxBodyBytes) {
    this.random = new Random(seed);
    this.mutator = new JsonMutator(random);
    this.templates = new CallTemplates(random, mutator);
    this.maxBodyBytes = maxBodyBytes;
  }

  public Hostile next(FuzzTargets t) {
    index++;
    mutator.reset();
    int roll = random.nextInt(100);
    if (roll < 32) {
      return mutatedSchedulerCall(t);
    }
    if (roll < 40) {
      return protobufSchedulerCall(t);
    }
    if (roll < 55) {
      return mutatedAgentCall(t);
    }
    if (roll < 68) {
      return realCallWithMutatedIds(t);
    }
    if (roll < 78) {
      return garbageBody(t);
    }
    if (roll < 93) {
      return badHeadersOrMethod(t);
    }
    if (roll < 95 && overLimitSent < 3) {
      overLimitSent++;
      return overLimit(t);
    }
    return chunkedOrOversizedButValid(t);
  }

  // ---- categories --------------------------------------------------------------------------

  private Hostile mutatedSchedulerCall(FuzzTargets t) {
    Identity who = templates.identity(t);
    List<String> types = who.isF() ? SAFE_FOR_F : ALL_CALLS;
    ObjectNode call = templates.schedulerCall(t, who, mutator.pick(types));
    List<JsonNode> ids = idPool(t, who, call.path("type").asText());
    JsonNode doc = mutator.mutate(call, random.nextInt(4), enumPool(who), ids);
    byte[] body = mutator.render(doc);
    return scheduler(
        "mutated " + who.name() + " " + call.path("type").asText(), body, who, jsonHeaders(who));
  }

  /**
   * A scheduler call in protobuf, encoded with the official classes: valid, truncated, garbled, or
   * another message type altogether. Only valid calls are sent as F, since a damaged body may
   * decode as any call (a TEARDOWN of F would be a legitimate loss, not a bug).
   */
  private Hostile protobufSchedulerCall(FuzzTargets t) {
    int damage = random.nextInt(4);
    Identity who = templates.identity(t);
    if (damage != 0 && who.isF()) {
      who = t.gId() == null ? new Identity("none", null, null, false) : Identity.g(t);
    }
    ObjectNode call =
        templates.schedulerCall(t, who, mutator.pick(who.isF() ? SAFE_FOR_F : ALL_CALLS));
    byte[] valid;
    try {
      valid =
          io.mezzo.testing.MessageTree.toMessage(
                  call, org.apache.mesos.v1.scheduler.Protos.Call.newBuilder())
              .toByteArray();
    } catch (IllegalArgumentException notInTheProto) {
      // A template value the proto cannot hold (e.g. a hostile string in a number): send it as
      // JSON, mutated, instead.
      return mutatedSchedulerCall(t);
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>(streamHeader(who));
    headers.add(Map.entry("Content-Type", "application/x-protobuf"));
    if (random.nextBoolean()) {
      headers.add(
          Map.entry(
              "Accept",
              mutator.pick(List.of("application/x-protobuf", "application/json", "*/*"))));
    }
    String type = call.path("type").asText();
    byte[] body;
    String kind;
    switch (damage) {
      case 0 -> {
        body = valid;
        kind = "protobuf " + who.name() + " " + type;
      }
      case 1 -> {
        body = java.util.Arrays.copyOf(valid, valid.length == 0 ? 0 : random.nextInt(valid.length));
        kind = "truncated protobuf " + who.name() + " " + type;
      }
      case 2 -> {
        body = valid.clone();
        for (int i = 0; i < 1 + random.nextInt(4) && body.length > 0; i++) {
          body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
        kind = "garbled protobuf " + who.name() + " " + type;
      }
      default -> {
        // Another message's bytes: a FrameworkInfo, whose field numbers mean other things here.
        body =
            org.apache.mesos.v1.Protos.FrameworkInfo.newBuilder()
                .setUser("fz")
                .setName(mutator.pick(JsonMutator.HOSTILE_STRINGS))
                .setFailoverTimeout(random.nextDouble() * 100)
                .build()
                .toByteArray();
        kind = "FrameworkInfo as a protobuf Call";
      }
    }
    // A damaged message can decode as any call type, UNKNOWN (501) included.
    Set<Integer> allowed =
        damage == 0
            ? answersFor(
                mutator.render(call),
                Set.of("UNKNOWN", "ACKNOWLEDGE_OPERATION_STATUS", "RECONCILE_OPERATIONS"))
            : Set.of(200, 202, 400, 403, 406, 413, 415, 501);
    return new Hostile(
        index, kind, new RawExchange.Request("POST", SCHEDULER, headers, body, false), allowed);
  }

  private Hostile mutatedAgentCall(FuzzTargets t) {
    ObjectNode call = templates.agentCall(t);
    JsonNode doc = mutator.mutate(call, random.nextInt(4), agentEnumPool(), agentIdPool(t));
    byte[] body = mutator.render(doc);
    return agent(
        "mutated agent call", body, RawExchange.headers("Content-Type", "application/json"));
  }

  /** A well-formed call of F or G whose ids were swapped for unknown, foreign or malformed ones. */
  private Hostile realCallWithMutatedIds(FuzzTargets t) {
    Identity who = random.nextInt(3) == 0 ? Identity.g(t) : Identity.f(t);
    String type =
        mutator.pick(
            List.of(
                "ACCEPT",
                "ACCEPT",
                "DECLINE",
                "KILL",
                "ACKNOWLEDGE",
                "ACKNOWLEDGE",
                "RECONCILE",
                "MESSAGE",
                "SHUTDOWN"));
    ObjectNode call = templates.schedulerCall(t, who, type);
    List<JsonNode> pool = idPool(t, who, type);
    for (JsonNode id : idNodes(call)) {
      if (random.nextBoolean()) {
        ((ObjectNode) id).removeAll();
        JsonNode swap = mutator.pick(pool);
        if (swap.isObject()) {
          ((ObjectNode) id).setAll((ObjectNode) swap.deepCopy());
        }
      }
    }
    if (call.has("acknowledge") && random.nextBoolean()) {
      ((ObjectNode) call.get("acknowledge")).put("uuid", mutator.pick(badUuids()));
    }
    return scheduler(
        "real call, mutated ids (" + who.name() + " " + type + ")",
        mutator.render(call),
        who,
        jsonHeaders(who));
  }

  private Hostile garbageBody(FuzzTargets t) {
    boolean toAgent = random.nextInt(3) == 0;
    Identity who = templates.identity(t);
    byte[] valid =
        mutator.render(
            toAgent
                ? templates.agentCall(t)
                : templates.schedulerCall(
                    t, who, mutator.pick(who.isF() ? SAFE_FOR_F : ALL_CALLS)));
    JsonMutator.Garbage garbage = mutator.garbageBody(valid);
    byte[] body = garbage.body();
    var headers =
        toAgent ? RawExchange.headers("Content-Type", "application/json") : jsonHeaders(who);
    Hostile h =
        toAgent
            ? agent("garbage body", body, headers)
            : scheduler("garbage body", body, who, headers);
    // Not one JSON object in UTF-8: nothing may be done with it, whatever a lenient reader makes of
    // it.
    return garbage.malformed()
        ? new Hostile(
            h.index(), body.length == 0 ? "empty body" : "malformed body", h.request(), Set.of(400))
        : h;
  }

  private Hostile badHeadersOrMethod(FuzzTargets t) {
    boolean toAgent = random.nextInt(4) == 0;
    Identity who = templates.identity(t);
    String path =
        toAgent
            ? AGENT
            : mutator.pick(
                List.of(
                    SCHEDULER,
                    SCHEDULER,
                    "/master/api/v1/scheduler",
                    SCHEDULER + "?x=%%&y",
                    SCHEDULER + "?" + "q".repeat(2000)));
    byte[] body =
        mutator.render(
            toAgent
                ? templates.agentCall(t)
                : templates.schedulerCall(
                    t, who, mutator.pick(who.isF() ? SAFE_FOR_F : ALL_CALLS)));
    if (path.contains("%%")) {
      // Not a URI (RFC 3986): Quarkus refuses it with a bare 400 before routing, whatever else is
      // wrong.
      return new Hostile(
          index,
          "request target not a URI",
          new RawExchange.Request("POST", path, jsonHeaders(who), body, false),
          Set.of(400),
          true);
    }
    switch (random.nextInt(5)) {
      case 0 -> {
        String method =
            mutator.pick(
                List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO", "post"));
        return new Hostile(
            index,
            "method " + method,
            new RawExchange.Request(
                method, path, jsonHeaders(who), random.nextBoolean() ? body : new byte[0], false),
            Set.of(405));
      }
      case 1 -> {
        List<Map.Entry<String, String>> headers = streamHeader(who);
        return new Hostile(
            index,
            "no Content-Type",
            new RawExchange.Request("POST", path, headers, body, false),
            Set.of(400));
      }
      case 2 -> {
        String type =
            mutator.pick(
                List.of(
                    "text/plain",
                    "application/xml",
                    "",
                    "application/jsonx",
                    "multipart/form-data; boundary=zz",
                    "application/x-www-form-urlencoded",
                    "*/*",
                    "json",
                    "application/json-patch+json",
                    "\u00e9/\u00e9",
                    ";",
                    ";;",
                    "; charset=utf-8",
                    ",",
                    "text/json"));
        List<Map.Entry<String, String>> headers = new ArrayList<>(streamHeader(who));
        headers.add(Map.entry("Content-Type", type));
        return new Hostile(
            index,
            "Content-Type " + type,
            new RawExchange.Request("POST", path, headers, body, false),
            Set.of(415));
      }
      case 3 -> {
        // Odd but acceptable spellings of JSON: the call must then be judged on its body.
        String type =
            mutator.pick(
                List.of(
                    "APPLICATION/JSON",
                    "application/json; charset=utf-8",
                    "application/json;",
                    " application/json ",
                    "application/json; charset=latin1; x=\"y\""));
        List<Map.Entry<String, String>> headers = new ArrayList<>(streamHeader(who));
        headers.add(Map.entry("Content-Type", type));
        return toAgent
            ? agent("Content-Type " + type, body, headers)
            : scheduler("Content-Type " + type, body, who, headers);
      }
      default -> {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", "application/json"));
        String streamId =
            mutator.pick(
                List.of(
                    "",
                    " ",
                    "x".repeat(5000),
                    uuid().toString(),
                    t.gStream() == null ? "none" : t.gStream(),
                    t.fStream() + " ",
                    "\u00e9",
                    "null"));
        headers.add(Map.entry("Mesos-Stream-Id", streamId));
        if (random.nextBoolean()) {
          headers.add(Map.entry("Mesos-Stream-Id", who.stream() == null ? "other" : who.stream()));
        }
        headers.add(
            Map.entry(
                "Accept",
                mutator.pick(
                    List.of(
                        "",
                        ";",
                        ",",
                        "text/html",
                        "application/x-protobuf",
                        "application/json;q=0",
                        "*/*;q=0.1",
                        "application/*",
                        "\u00e9",
                        "application/json, ;",
                        "x/y;;;,"))));
        String extra =
            mutator.pick(List.of("X-Fuzz", "Expect", "Content-Encoding", "Accept-Encoding"));
        String value = mutator.pick(List.of("100-continue", "gzip", "zz", "", "deflate"));
        headers.add(Map.entry(extra, value));
        Hostile h =
            toAgent
                ? agent("odd headers", body, headers)
                : scheduler("odd headers", body, who, headers);
        if (extra.equals("Expect") && !value.equals("100-continue")) {
          // The HTTP layer answers an expectation it does not know with 417 before any route runs
          // (RFC 9110 §10.1.1), with no body; that is HTTP's own clear error, not the API's.
          return new Hostile(h.index(), h.kind(), h.request(), Set.of(417), true);
        }
        return h;
      }
    }
  }

  private Hostile overLimit(FuzzTargets t) {
    boolean toAgent = random.nextBoolean();
    byte[] body = paddedCall(maxBodyBytes + 1 + random.nextInt(100_000));
    List<Map.Entry<String, String>> headers =
        new ArrayList<>(RawExchange.headers("Content-Type", "application/json"));
    if (t.fStream() != null) {
      headers.add(Map.entry("Mesos-Stream-Id", t.fStream()));
    }
    return new Hostile(
        index,
        "over the body limit",
        new RawExchange.Request(
            "POST", toAgent ? AGENT : SCHEDULER, headers, body, random.nextBoolean()),
        Set.of(413));
  }

  /**
   * A body under the limit but large, or a valid call sent chunked, or with {@code Expect:
   * 100-continue}.
   */
  private Hostile chunkedOrOversizedButValid(FuzzTargets t) {
    Identity who = templates.identity(t);
    byte[] body =
        random.nextBoolean()
            ? paddedCall(maxBodyBytes - 1000 - random.nextInt(1_000_000))
            : mutator.render(
                templates.schedulerCall(t, who, mutator.pick(who.isF() ? SAFE_FOR_F : ALL_CALLS)));
    List<Map.Entry<String, String>> headers = new ArrayList<>(jsonHeaders(who));
    if (random.nextBoolean()) {
      headers.add(Map.entry("Expect", "100-continue"));
    }
    Hostile h = scheduler("large or chunked", body, who, headers);
    return new Hostile(
        h.index(),
        h.kind(),
        new RawExchange.Request("POST", SCHEDULER, headers, body, random.nextBoolean()),
        h.allowed());
  }

  // ---- pools -------------------------------------------------------------------------------

  private List<String> enumPool(Identity who) {
    List<String> pool = new ArrayList<>(JUNK_ENUMS);
    pool.addAll(who.isF() ? SAFE_FOR_F : ALL_CALLS);
    pool.addAll(TASK_STATES);
    return pool;
  }

  private List<String> agentEnumPool() {
    List<String> pool = new ArrayList<>(JUNK_ENUMS);
    pool.addAll(List.of("SUBSCRIBE", "HEARTBEAT", "STATUS_UPDATE", "UNKNOWN"));
    pool.addAll(TASK_STATES);
    return pool;
  }

  /**
   * Ids to swap in: unknown, foreign, malformed. Never the ids that would let a valid call hurt F.
   */
  private List<JsonNode> idPool(FuzzTargets t, Identity who, String type) {
    List<JsonNode> pool = new ArrayList<>();
    for (String v :
        List.of(
            "fz-unknown",
            "",
            " ",
            "..",
            "a/b",
            "x".repeat(300),
            "\u00e9\uD83D\uDE00",
            uuid() + "-O" + random.nextInt(100),
            uuid() + "-S0")) {
      pool.add(NODES.objectNode().put("value", v));
    }
    pool.add(NODES.objectNode());
    pool.add(NODES.objectNode().putNull("value"));
    pool.add(NODES.objectNode().put("value", 42));
    pool.add(NODES.textNode("bare-string-id"));
    pool.add(NODES.objectNode().put("value", t.agentId()));
    if (!who.isF()) {
      t.fOffers().stream().skip(Math.max(0, t.fOffers().size() - 3)).forEach(o -> pool.add(id(o)));
      if (t.fId() != null && !type.equals("SUBSCRIBE")) {
        // F's id in someone else's call is foreign: its stream id cannot match. In a SUBSCRIBE it
        // would be a legitimate failover of F, so never there.
        pool.add(id(t.fId()));
      }
    }
    t.gOffers().stream().skip(Math.max(0, t.gOffers().size() - 3)).forEach(o -> pool.add(id(o)));
    if (!who.isF()) {
      t.gTasks().stream().limit(3).forEach(task -> pool.add(id(task)));
    }
    if (t.gId() != null) {
      pool.add(id(t.gId()));
    }
    return pool;
  }

  private List<JsonNode> agentIdPool(FuzzTargets t) {
    List<JsonNode> pool = new ArrayList<>();
    for (String v :
        List.of(
            "fz-unknown", "", "..", "a/b", "x".repeat(300), "fz-agent-1", "fz-ghost-framework")) {
      pool.add(NODES.objectNode().put("value", v));
    }
    pool.add(NODES.objectNode());
    pool.add(NODES.objectNode().putNull("value"));
    return pool;
  }

  static List<String> badUuids() {
    return List.of(
        "", "AAAA", "not base64!", "////", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "\u00e9", "=");
  }

  private static List<JsonNode> idNodes(JsonNode root) {
    List<JsonNode> out = new ArrayList<>();
    List<JsonNode> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      JsonNode n = todo.remove(todo.size() - 1);
      if (n.isObject() && n.size() == 1 && n.has("value") && n.get("value").isTextual()) {
        out.add(n);
      }
      n.elements().forEachRemaining(todo::add);
    }
    return out;
  }

  private static ObjectNode id(String value) {
    return NODES.objectNode().put("value", value);
  }

  /** A REVIVE padded with spaces to exactly {@code size} bytes. */
  private static byte[] paddedCall(int size) {
    byte[] open = "{\"type\":\"UNKNOWN\",\"pad\":\"".getBytes(StandardCharsets.US_ASCII);
    byte[] close = "\"}".getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[size];
    java.util.Arrays.fill(body, (byte) ' ');
    System.arraycopy(open, 0, body, 0, open.length);
    System.arraycopy(close, 0, body, size - close.length, close.length);
    return body;
  }

  // ---- requests ----------------------------------------------------------------------------

  private List<Map.Entry<String, String>> streamHeader(Identity who) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    if (who.stream() != null && random.nextInt(8) != 0) {
      headers.add(Map.entry("Mesos-Stream-Id", who.stream()));
    }
    return headers;
  }

  private List<Map.Entry<String, String>> jsonHeaders(Identity who) {
    List<Map.Entry<String, String>> headers = new ArrayList<>(streamHeader(who));
    headers.add(Map.entry("Content-Type", "application/json"));
    if (random.nextInt(3) == 0) {
      headers.add(Map.entry("Accept", "application/json"));
    }
    return headers;
  }

  private Hostile scheduler(
      String kind, byte[] body, Identity who, List<Map.Entry<String, String>> headers) {
    return new Hostile(
        index,
        kind,
        new RawExchange.Request("POST", SCHEDULER, headers, body, false),
        answersFor(
            body, Set.of("UNKNOWN", "ACKNOWLEDGE_OPERATION_STATUS", "RECONCILE_OPERATIONS")));
  }

  private Hostile agent(String kind, byte[] body, List<Map.Entry<String, String>> headers) {
    return new Hostile(
        index,
        kind,
        new RawExchange.Request("POST", AGENT, headers, body, false),
        answersFor(body, Set.of("UNKNOWN")));
  }

  /**
   * What a POST with a JSON Content-Type may get: the scheduler API's 2xx and 4xx codes, and 501
   * when the call's type (as a last-key-wins JSON reader sees it) is one Mesos answers 501.
   */
  private static Set<Integer> answersFor(byte[] body, Set<String> notImplemented) {
    String type = null;
    try {
      JsonNode doc = JsonMutator.JSON.readTree(body);
      if (doc != null && doc.path("type").isTextual()) {
        type = doc.path("type").asText();
      }
    } catch (Exception notJson) {
      // Then 501 is not an acceptable answer.
    }
    if (type != null && notImplemented.contains(type)) {
      return Set.of(200, 202, 400, 403, 406, 413, 415, 501);
    }
    return Set.of(200, 202, 400, 403, 406, 413, 415);
  }

  /** A UUID from the seeded random, so a replay draws the same ones. */
  private UUID uuid() {
    return new UUID(random.nextLong(), random.nextLong());
  }
}
