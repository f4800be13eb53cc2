package io.mezzo;

import static io.mezzo.testing.ProtoOracle.Schema.MASTER_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.OperatorHttp;
import io.mezzo.testing.OperatorHttp.Reply;
import io.mezzo.testing.ProtoOracle;
import io.mezzo.testing.V1SchedulerClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Weights and hierarchical roles on the packaged jar: weights set through {@code
 * mezzo.master.weights}, {@code /weights} PUT and UPDATE_WEIGHTS survive a restart of the node on
 * its work dir (the registry then wins over the setting), and three frameworks in {@code eng/a},
 * {@code eng/b} and {@code ops} that take one 1-cpu task per offer fill a 12-cpu agent in the
 * proportions the tree and its weights give.
 */
class WeightsAndRolesIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String RESOURCES = "cpus:12;mem:4096;disk:1024;ports:[31000-31100]";

  @Test
  void weightsSurviveARestartAndSplitTheClusterAlongTheRoleTree() throws Exception {
    Map<String, String> props =
        Map.of(
            "mezzo.agent.resources", RESOURCES,
            "mezzo.master.weights", "ops=1",
            "mezzo.services.enabled", "false",
            "mezzo.jobs.enabled", "false");
    MezzoProcess first = MezzoProcess.start("weights-1", "standalone", props);
    Map<String, String> same = new TreeMap<>(props);
    same.put("quarkus.http.port", Integer.toString(first.port()));
    same.put("mezzo.work-dir", first.workDir().toAbsolutePath().toString());
    try {
      URI base = first.baseUrl();
      assertThat(weights(base)).isEqualTo(Map.of("ops", 1.0));
      HttpResponse<String> put = put(base, "/weights", "[{\"role\":\"eng\",\"weight\":2.0}]");
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      Reply update =
          OperatorHttp.call(
              base,
              "/api/v1",
              "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":"
                  + "[{\"role\":\"eng/a\",\"weight\":3.0}]}}");
      assertThat(update.status()).as(update.body()).isEqualTo(200);
      HttpResponse<String> bad = put(base, "/weights", "[{\"role\":\"ops\",\"weight\":0}]");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("weights must be positive");
    } finally {
      first.close();
    }

    MezzoProcess second = MezzoProcess.start("weights-2", "standalone", same);
    try {
      URI base = second.baseUrl();
      // The registry's weights are back, and win over mezzo.master.weights.
      Map<String, Double> expected = Map.of("eng", 2.0, "eng/a", 3.0, "ops", 1.0);
      assertThat(weights(base)).isEqualTo(expected);
      Reply legacy = OperatorHttp.get(base, "/master/weights");
      assertThat(legacy.body()).contains("{\"weight\":3.0,\"role\":\"eng/a\"}");

      Map<String, Integer> tasks =
          fill(
              base,
              List.of("eng/a", "eng/b", "ops"),
              () -> {
                // While the tasks run: /master/roles shows the same split of allocated cpus.
                JsonNode roles = OperatorHttp.get(base, "/master/roles").json();
                Map<String, Double> allocatedCpus = new TreeMap<>();
                for (JsonNode r : roles.path("roles")) {
                  allocatedCpus.put(r.path("name").asText(), r.at("/allocated/cpus").asDouble());
                }
                assertThat(allocatedCpus)
                    .as(roles.toString())
                    .containsEntry("eng/a", 6.0)
                    .containsEntry("eng/b", 2.0)
                    .containsEntry("ops", 4.0)
                    .containsEntry("eng", 0.0);
              });
      // Agent slice by slice, the lowest weighted share goes first: eng = (a + b) / 12 / 2
      // against ops = o / 12 at the top, then a / 12 / 3 against b / 12 inside eng. Filling 12
      // cpus one at a time ends at eng 8 (a 6, b 2) and ops 4; flat DRF with the same weights
      // would end at a 6, b 3, ops 3.
      assertThat(tasks).isEqualTo(Map.of("eng/a", 6, "eng/b", 2, "ops", 4));
    } finally {
      second.close();
    }
  }

  /** GET_WEIGHTS over the operator API, checked against the official protos. */
  private static Map<String, Double> weights(URI base) {
    Reply r = OperatorHttp.call(base, "/api/v1", "{\"type\":\"GET_WEIGHTS\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    ProtoOracle.check(MASTER_RESPONSE, r.body());
    Map<String, Double> out = new TreeMap<>();
    for (JsonNode w : r.json().at("/get_weights/weight_infos")) {
      out.put(w.path("role").asText(), w.path("weight").asDouble());
    }
    return out;
  }

  private static HttpResponse<String> put(URI base, String path, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /**
   * One framework per role, each launching a 1-cpu task from every offer with at least 1 cpu and
   * handing the rest straight back (refuse 0), declining smaller offers for long: returns how many
   * tasks each role ran once the agent's 12 cpus are all in use ({@code whileRunning} looks at the
   * master then, before the frameworks are torn down).
   */
  private static Map<String, Integer> fill(URI base, List<String> roles, Runnable whileRunning)
      throws Exception {
    List<V1SchedulerClient> clients = new ArrayList<>();
    Map<String, Integer> running = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(roles.size());
    try {
      // Everyone subscribes before anyone launches, so no role fills the agent alone.
      for (String role : roles) {
        clients.add(V1SchedulerClient.subscribe(base, frameworkInfo(role)));
      }
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < roles.size(); i++) {
        String role = roles.get(i);
        V1SchedulerClient c = clients.get(i);
        workers.add(pool.submit(() -> work(c, role, running, stop)));
      }
      await()
          .atMost(TIMEOUT)
          .until(() -> running.values().stream().mapToInt(Integer::intValue).sum() == 12);
      stop.set(true);
      for (Future<?> w : workers) {
        w.get(30, TimeUnit.SECONDS);
      }
      whileRunning.run();
      return new TreeMap<>(running);
    } finally {
      stop.set(true);
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
      for (V1SchedulerClient c : clients) {
        c.teardown();
        c.close();
      }
    }
  }

  private static void work(
      V1SchedulerClient c, String role, Map<String, Integer> running, AtomicBoolean stop) {
    int n = 0;
    while (!stop.get()) {
      JsonNode offer;
      try {
        offer = c.awaitOffer(o -> true, Duration.ofMillis(500));
      } catch (AssertionError none) {
        continue; // nothing offered in this half second; look again until told to stop
      }
      if (V1SchedulerClient.scalar(offer, "cpus") >= 1) {
        String id = role.replace('/', '-') + "-" + n++;
        c.accept(offer, 0.0, V1SchedulerClient.commandTask(id, 1, 32, "sleep 300"));
        c.awaitUpdate(id, "TASK_RUNNING", TIMEOUT);
        running.merge(role, 1, Integer::sum);
      } else {
        c.decline(3600.0, offer);
      }
    }
  }

  private static String frameworkInfo(String role) {
    return "{\"user\":\""
        + System.getProperty("user.name")
        + "\",\"name\":\"weights-"
        + role.replace('/', '-')
        + "\",\"role\":\""
        + role
        + "\",\"failover_timeout\":0.0}";
  }
}
