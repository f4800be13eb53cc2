package io.mezzo.http.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.bootstrap.TestNodes;
import io.mezzo.core.time.SystemTimers;
import io.mezzo.http.common.LocalCodec;
import io.mezzo.http.limits.ApiLimits;
import io.mezzo.master.Master;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.allocator.AllocatorConfig;
import io.mezzo.master.allocator.HierarchicalDrfAllocator;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.testing.ProtobufSchedulerClient;
import io.mezzo.testing.V1SchedulerClient;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Content negotiation of the scheduler API on a real Vert.x server and an in-process master:
 * Content-Type × Accept × SUBSCRIBE / another call → status and the answer's Content-Type, as Mesos
 * decides them (MESOS-API.md §2.1–2.2). The SUBSCRIBE stream's first record must decode as
 * SUBSCRIBED in the format its Content-Type names.
 */
class SchedulerWireMatrixTest {
  private static final String JSON = "application/json";
  private static final String PROTO = "application/x-protobuf";
  private static final String NONE = "-";
  private Vertx vertx;
  private SystemTimers timers;
  private Master master;
  private URI base;
  private final HttpClient http = V1SchedulerClient.newHttpClient();
  private final List<InputStream> open = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    vertx.eventBus().registerCodec(new LocalCodec());
    timers = new SystemTimers("wire-matrix");
    master =
        new Master(
            MasterConfig.defaults(),
            "m1",
            new InMemoryStateStore(),
            new HierarchicalDrfAllocator(AllocatorConfig.defaults(), new SplittableRandom(1)),
            timers);
    master.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
    int port =
        TestNodes.serve(
            vertx,
            router ->
                new SchedulerRoute(TestNodes.leading(master, 1 << 20), vertx, ApiLimits.unlimited())
                    .register(router));
    base = URI.create("http://127.0.0.1:" + port);
  }

  @AfterEach
  void stop() throws Exception {
    for (InputStream in : open) {
      in.close();
    }
    master.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    timers.close();
  }

  private static FrameworkInfo info(String name) {
    return FrameworkInfo.newBuilder().setUser("root").setName(name).build();
  }

  private static byte[] subscribeBody(String contentType, String name) {
    if (contentType.equals(PROTO)) {
      return Call.newBuilder()
          .setType(Call.Type.SUBSCRIBE)
          .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info(name)))
          .build()
          .toByteArray();
    }
    return ("{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"root\",\"name\":\""
            + name
            + "\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<InputStream> post(
      String contentType, byte[] body, String accept, String streamId) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(V1SchedulerClient.PATH))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (!accept.equals(NONE)) {
      b.header("Accept", accept);
    }
    if (streamId != null) {
      b.header("Mesos-Stream-Id", streamId);
    }
    HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    open.add(r.body());
    return r;
  }

  private static String contentType(HttpResponse<?> r) {
    return r.headers().firstValue("Content-Type").orElse(null);
  }

  private static String text(HttpResponse<InputStream> r) throws Exception {
    return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** The first record of a stream decoded as the named format; returns its framework id. */
  private static String subscribedFrameworkId(HttpResponse<InputStream> r, String format)
      throws Exception {
    byte[] record = ProtobufSchedulerClient.nextRecord(r.body());
    assertThat(record).as("a first record").isNotNull();
    if (format.equals(PROTO)) {
      Event e = Event.parseFrom(record);
      assertThat(e.getType()).isEqualTo(Event.Type.SUBSCRIBED);
      return e.getSubscribed().getFrameworkId().getValue();
    }
    JsonNode e = V1SchedulerClient.parse(new String(record, StandardCharsets.UTF_8));
    assertThat(e.path("type").asText()).isEqualTo("SUBSCRIBED");
    return e.at("/subscribed/framework_id/value").asText();
  }

  @ParameterizedTest(name = "{0} with Accept ''{1}'' → {2} {3}")
  @CsvSource({
    "application/json, -, 200, application/json",
    "application/json, application/json, 200, application/json",
    "application/json, application/x-protobuf, 200, application/x-protobuf",
    "application/json, '*/*', 200, application/json",
    "application/json, 'application/*', 200, application/json",
    "application/json, 'application/x-protobuf, application/json;q=0', 200, application/x-protobuf",
    "application/json, 'application/json;q=0, */*', 200, application/x-protobuf",
    "application/json, 'application/*;q=0, */*', 406, text/plain",
    "application/json, text/html, 406, text/plain",
    "application/x-protobuf, -, 200, application/json",
    "application/x-protobuf, application/json, 200, application/json",
    "application/x-protobuf, application/x-protobuf, 200, application/x-protobuf",
    "application/x-protobuf, 'Application/X-Protobuf;q=0.5', 200, application/x-protobuf",
    "application/x-protobuf, 'application/json;q=abc, application/x-protobuf', 200,"
        + " application/x-protobuf",
    "application/x-protobuf, text/html, 406, text/plain",
  })
  void subscribeAnswersInTheNegotiatedFormat(
      String requestType, String accept, int status, String answerType) throws Exception {
    HttpResponse<InputStream> r = post(requestType, subscribeBody(requestType, "m"), accept, null);
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(contentType(r)).startsWith(answerType);
    if (status == 200) {
      assertThat(r.headers().firstValue("Mesos-Stream-Id")).isPresent();
      assertThat(subscribedFrameworkId(r, answerType)).isNotBlank();
    } else {
      assertThat(text(r))
          .isEqualTo("Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
    }
  }

  /** A subscribed framework's stream id and framework id, its stream kept open. */
  private String[] subscribed() throws Exception {
    HttpResponse<InputStream> r = post(JSON, subscribeBody(JSON, "caller"), JSON, null);
    assertThat(r.statusCode()).isEqualTo(200);
    String fw = subscribedFrameworkId(r, JSON);
    return new String[] {r.headers().firstValue("Mesos-Stream-Id").orElseThrow(), fw};
  }

  private static byte[] call(String contentType, Call.Type type, String frameworkId) {
    Call.Builder c =
        Call.newBuilder()
            .setType(type)
            .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId));
    String body = "";
    if (type == Call.Type.RECONCILE) {
      c.setReconcile(Call.Reconcile.newBuilder());
      body = ",\"reconcile\":{}";
    } else if (type == Call.Type.RECONCILE_OPERATIONS) {
      c.setReconcileOperations(Call.ReconcileOperations.newBuilder());
      body = ",\"reconcile_operations\":{}";
    }
    if (contentType.equals(PROTO)) {
      return c.build().toByteArray();
    }
    return ("{\"type\":\""
            + type
            + "\",\"framework_id\":{\"value\":\""
            + frameworkId
            + "\"}"
            + body
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void otherCallsAnswerWithoutLookingAtAccept() throws Exception {
    String[] s = subscribed();
    for (String type : new String[] {JSON, PROTO}) {
      for (String accept : new String[] {NONE, JSON, PROTO, "text/html", ";"}) {
        HttpResponse<InputStream> r =
            post(type, call(type, Call.Type.RECONCILE, s[1]), accept, s[0]);
        assertThat(r.statusCode()).as("%s, Accept %s", type, accept).isEqualTo(202);
        assertThat(text(r)).isEmpty();
      }
    }
  }

  @Test
  void reconcileOperationsIsRefused406WhenAcceptAllowsNeitherFormat() throws Exception {
    String[] s = subscribed();
    for (String type : new String[] {JSON, PROTO}) {
      HttpResponse<InputStream> r =
          post(type, call(type, Call.Type.RECONCILE_OPERATIONS, s[1]), "text/html", s[0]);
      assertThat(r.statusCode()).as(type).isEqualTo(406);
      assertThat(contentType(r)).startsWith("text/plain");
      HttpResponse<InputStream> allowed =
          post(type, call(type, Call.Type.RECONCILE_OPERATIONS, s[1]), PROTO, s[0]);
      // Past negotiation the master decides (202 in Mesos; Mezzo answers 501 while offer
      // operations have no feedback): never the 406 of an unmet Accept.
      assertThat(allowed.statusCode()).as(type).isIn(202, 501);
    }
  }

  @Test
  void aMalformedCallIs400WhateverItsAcceptAndStreamIdSay() throws Exception {
    byte[] noSubscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE).build().toByteArray();
    HttpResponse<InputStream> r = post(PROTO, noSubscribe, "text/html", "some-stream");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(text(r)).contains("subscribe");

    HttpResponse<InputStream> json =
        post(JSON, "{\"type\":\"SUBSCRIBE\"}".getBytes(StandardCharsets.UTF_8), "text/html", null);
    assertThat(json.statusCode()).isEqualTo(400);
  }

  @Test
  void aSubscribeWithAStreamIdIs400AndErrorsArePlainTextInAnyFormat() throws Exception {
    HttpResponse<InputStream> r = post(PROTO, subscribeBody(PROTO, "x"), PROTO, "a-stream");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(contentType(r)).startsWith("text/plain");
    assertThat(text(r)).contains("Mesos-Stream-Id");
  }

  @Test
  void aBodyThatIsNotAProtobufCallIs400() throws Exception {
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
    HttpResponse<InputStream> r = post(PROTO, garbage, PROTO, null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(contentType(r)).startsWith("text/plain");
  }
}
