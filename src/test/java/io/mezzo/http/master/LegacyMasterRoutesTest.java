package io.mezzo.http.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.Address;
import io.mezzo.api.v1.MasterInfo;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.bootstrap.TestNodes;
import io.mezzo.core.time.SystemTimers;
import io.mezzo.http.common.LocalCodec;
import io.mezzo.master.Master;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.allocator.AllocatorConfig;
import io.mezzo.master.allocator.HierarchicalDrfAllocator;
import io.mezzo.master.registry.RegistryStore;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.security.acl.Authorizer;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The master's legacy endpoints on a real Vert.x server over a real in-process master (with a role
 * weight in its registry), plus a standby node pointing at it: JSONP everywhere there is JSON, the
 * maintenance, quota and weights answers and refusals, and the standby's redirects.
 */
public class LegacyMasterRoutesTest {
  private static final int LIMIT = 1 << 20;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Every GET the master's legacy routes serve with a JSON body. */
  public static final List<String> JSON_GETS =
      List.of(
          "state",
          "state.json",
          "state-summary",
          "frameworks",
          "slaves",
          "tasks",
          "tasks.json",
          "roles",
          "roles.json",
          "flags",
          "maintenance/schedule",
          "maintenance/status",
          "quota",
          "weights");

  private Vertx vertx;
  private SystemTimers timers;
  private Master master;
  private URI leader;
  private URI standby;
  private int leaderPort;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    vertx.eventBus().registerCodec(new LocalCodec());
    timers = new SystemTimers("legacy-routes");
    InMemoryStateStore store = new InMemoryStateStore();
    RegistryStore registry = new RegistryStore(store);
    registry.recover();
    registry.save(registry.current().withWeights(Map.of("analytics", 2.5)));
    master =
        new Master(
            MasterConfig.defaults(),
            "m1",
            store,
            new HierarchicalDrfAllocator(AllocatorConfig.defaults(), new SplittableRandom(1)),
            timers);
    master.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
    leaderPort = serve(TestNodes.leading(master, LIMIT));
    leader = URI.create("http://127.0.0.1:" + leaderPort);
    MasterInfo info =
        new MasterInfo(
            "m1",
            null,
            leaderPort,
            "master@127.0.0.1:" + leaderPort,
            "leader.example",
            MasterConfig.MESOS_API_VERSION,
            new Address("leader.example", "127.0.0.1", leaderPort),
            List.of());
    standby = URI.create("http://127.0.0.1:" + serve(TestNodes.standby(info, LIMIT)));
  }

  private int serve(MezzoNode node) throws Exception {
    return TestNodes.serve(
        vertx,
        router -> {
          new LegacyMasterRoute(
                  node, vertx, TestNodes.config("master", LIMIT), Authorizer.permissive())
              .register(router);
          new MaintenanceRoute(node).register(router);
          new QuotaRoute(node, vertx).register(router);
          new WeightsRoute(node, vertx).register(router);
        });
  }

  @AfterEach
  void stop() throws Exception {
    master.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    timers.close();
  }

  @Test
  void everyJsonGetAnswersJsonpWithAndWithoutTheMasterPrefix() throws Exception {
    for (String name : JSON_GETS) {
      for (String prefix : List.of("/master/", "/")) {
        HttpResponse<String> plain = send("GET", leader, prefix + name, null);
        assertThat(plain.statusCode()).as(prefix + name).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).contains("application/json");
        HttpResponse<String> wrapped = send("GET", leader, prefix + name + "?jsonp=cb.x_1", null);
        assertThat(wrapped.statusCode()).as(prefix + name).isEqualTo(200);
        assertThat(wrapped.headers().firstValue("Content-Type")).contains("text/javascript");
        assertThat(wrapped.body()).as(prefix + name).startsWith("cb.x_1(").endsWith(");");
        String inner = wrapped.body().substring("cb.x_1(".length(), wrapped.body().length() - 2);
        assertThat(inner.charAt(0)).as(prefix + name).isIn('{', '[');
        HttpResponse<String> bad = send("GET", leader, prefix + name + "?jsonp=alert(1)", null);
        assertThat(bad.statusCode()).as(prefix + name).isEqualTo(400);
        assertThat(bad.body()).contains("'jsonp'");
      }
    }
  }

  @Test
  void healthIsAnEmpty200WhateverTheJsonpAsInMesos() throws Exception {
    for (String path : List.of("/master/health", "/health?jsonp=cb", "/master/health?jsonp=(")) {
      HttpResponse<String> r = send("GET", leader, path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.body()).as(path).isEmpty();
    }
  }

  @Test
  void maintenanceAndQuotaAreEmptyAsMesosPrintsThem() throws Exception {
    assertThat(send("GET", leader, "/master/maintenance/schedule", null).body()).isEqualTo("{}");
    assertThat(send("GET", leader, "/master/maintenance/status", null).body()).isEqualTo("{}");
    assertThat(send("GET", leader, "/master/quota", null).body()).isEqualTo("{}");
    assertThat(send("GET", leader, "/quota?jsonp=cb", null).body()).isEqualTo("cb({});");
  }

  @Test
  void quotaIsSetShownAndRemovedThroughTheLegacyEndpoint() throws Exception {
    String request =
        "{\"role\":\"eng/web\",\"force\":true,\"guarantee\":"
            + "[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":2}}]}";
    assertThat(send("POST", leader, "/master/quota", request).statusCode()).isEqualTo(200);
    // The old API sets the guarantee and the limit alike, as Mesos 1.9+ does.
    assertThat(send("GET", leader, "/quota", null).body())
        .contains("\"configs\":[{\"role\":\"eng/web\"")
        .contains("\"guarantees\":{\"cpus\":{\"value\":2.0}}")
        .contains("\"limits\":{\"cpus\":{\"value\":2.0}}")
        .contains("\"infos\":[{\"role\":\"eng/web\"");
    HttpResponse<String> again = send("POST", leader, "/quota", request);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("already has a quota");
    assertThat(send("DELETE", leader, "/quota/eng/web", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", leader, "/master/quota", null).body()).isEqualTo("{}");
    HttpResponse<String> gone = send("DELETE", leader, "/master/quota/eng/web", null);
    assertThat(gone.statusCode()).isEqualTo(400);
    assertThat(gone.body()).contains("has no quota set");
    assertThat(send("POST", leader, "/quota", "[]").statusCode()).isEqualTo(400);
    assertThat(send("DELETE", leader, "/quota", null).statusCode()).isEqualTo(400);
  }

  @Test
  void weightsAreTheRegistrysAsWeightInfos() throws Exception {
    // Keys in field-number order (weight is 1, role 2), as Mesos's JSON::Protobuf writes them.
    assertThat(send("GET", leader, "/master/weights", null).body())
        .isEqualTo("[{\"weight\":2.5,\"role\":\"analytics\"}]");
  }

  @Test
  void aWeightsPutIsUpdateWeightsAndAnswersAsMesos() throws Exception {
    HttpResponse<String> ok =
        send(
            "PUT",
            leader,
            "/weights",
            "[{\"role\":\"eng/web\",\"weight\":3.5},{\"role\":\"analytics\",\"weight\":1}]");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).isEmpty();
    assertThat(send("GET", leader, "/master/weights", null).body())
        .isEqualTo(
            "[{\"weight\":1.0,\"role\":\"analytics\"},{\"weight\":3.5,\"role\":\"eng/web\"}]");

    Map<String, String> bad =
        Map.of(
            "{}", "expecting an array",
            "not json", "Failed to parse update request JSON",
            "[{\"role\":\"a\",\"weight\":\"2\"}]", "'weight' of element 0 is not a number",
            "[{\"role\":\"a\",\"weigth\":2}]", "unknown key 'weigth'",
            "[{\"role\":\"a\",\"weight\":0}]", "weights must be positive",
            "[{\"role\":\"/a\",\"weight\":2}]", "invalid role");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      HttpResponse<String> r = send("PUT", leader, "/master/weights", e.getKey());
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
      assertThat(r.body()).as(e.getKey()).contains(e.getValue());
    }
    assertThat(send("GET", leader, "/weights", null).body())
        .contains("3.5")
        .doesNotContain("\"a\"");
  }

  @Test
  void maintenanceChangesAreTheOperatorCallsWithMesosAnswers() throws Exception {
    String schedule =
        "{\"windows\":[{\"machine_ids\":[{\"hostname\":\"h1\"}],"
            + "\"unavailability\":{\"start\":{\"nanoseconds\":1}}}]}";
    HttpResponse<String> set = send("POST", leader, "/master/maintenance/schedule", schedule);
    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(set.body()).isEmpty();
    assertThat(send("GET", leader, "/maintenance/schedule", null).body()).isEqualTo(schedule);
    assertThat(send("GET", leader, "/master/maintenance/status", null).body())
        .isEqualTo("{\"draining_machines\":[{\"id\":{\"hostname\":\"h1\"}}]}");
    HttpResponse<String> empty = send("POST", leader, "/master/machine/down", "[]");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("List of machines is empty");
    assertThat(send("POST", leader, "/machine/up", "{}").statusCode()).isEqualTo(400);
    assertThat(send("POST", leader, "/machine/down", "[{\"hostname\":\"h1\"}]").statusCode())
        .isEqualTo(200);
    assertThat(send("GET", leader, "/maintenance/status", null).body())
        .isEqualTo("{\"down_machines\":[{\"hostname\":\"h1\"}]}");
    assertThat(send("POST", leader, "/master/machine/up", "[{\"hostname\":\"h1\"}]").statusCode())
        .isEqualTo(200);
    assertThat(send("GET", leader, "/maintenance/schedule", null).body()).isEqualTo("{}");
  }

  @Test
  void otherMethodsAre405WithAllowAsInMesos() throws Exception {
    HttpResponse<String> r = send("PUT", leader, "/master/maintenance/schedule", "{}");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).contains("GET, POST");
    assertThat(r.body()).contains("Expecting one of { 'GET', 'POST' }, but received 'PUT'");
    assertThat(send("GET", leader, "/master/machine/down", null).headers().firstValue("Allow"))
        .contains("POST");
    assertThat(send("POST", leader, "/master/weights", "[]").headers().firstValue("Allow"))
        .contains("GET, PUT");
    assertThat(send("PUT", leader, "/quota", "{}").headers().firstValue("Allow"))
        .contains("GET, POST, DELETE");
  }

  @Test
  void aStandbyRedirectsToTheLeaderKeepingTheQuery() throws Exception {
    String base = "//leader.example:" + leaderPort;
    for (String path :
        List.of(
            "/master/state?jsonp=cb",
            "/state-summary",
            "/master/tasks?limit=1&jsonp=cb",
            "/master/weights?jsonp=cb",
            "/master/maintenance/status",
            "/quota?jsonp=cb")) {
      HttpResponse<String> r = send("GET", standby, path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(307);
      assertThat(r.headers().firstValue("Location")).as(path).contains(base + path);
    }
    // Mesos redirects before it looks at the method, so a change is retried on the leader.
    HttpResponse<String> down = send("POST", standby, "/master/machine/down", "[]");
    assertThat(down.statusCode()).isEqualTo(307);
    assertThat(down.headers().firstValue("Location")).contains(base + "/master/machine/down");
  }

  @Test
  void aStandbyAnswersFlagsItselfAsMesosStandbysDo() throws Exception {
    HttpResponse<String> r = send("GET", standby, "/master/flags?jsonp=cb", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("cb({\"flags\":{").contains("\"port\":\"5050\"");
  }

  @Test
  void redirectGoesToTheLeadersBaseWithoutPathOrQuery() throws Exception {
    HttpResponse<String> fromStandby = send("GET", standby, "/master/redirect?jsonp=cb", null);
    assertThat(fromStandby.statusCode()).isEqualTo(307);
    assertThat(fromStandby.headers().firstValue("Location"))
        .contains("//leader.example:" + leaderPort);
    HttpResponse<String> fromLeader = send("GET", leader, "/redirect", null);
    assertThat(fromLeader.statusCode()).isEqualTo(307);
    assertThat(fromLeader.headers().firstValue("Location").orElseThrow())
        .endsWith(":" + MasterConfig.defaults().port());
  }

  private static HttpResponse<String> send(String method, URI base, String path, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
