package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Three masters as separate processes form an embedded ZooKeeper ensemble on loopback (distinct
 * ports, one {@code mezzo.zk-id} each) with no other ZooKeeper: one leads, the others are standbys
 * that redirect; after {@code kill -9} of the leader the two remaining peers keep a quorum, one of
 * them leads with the registry the first one wrote. The killed master, restarted on its work dir,
 * rejoins as peer and standby, and survives the second leader's death as the third leader.
 */
class EmbeddedZooKeeperIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String USER = System.getProperty("user.name");
  private final HttpClient http = V1SchedulerClient.newHttpClient();

  @Test
  void threeMastersElectOneLeaderAndItsRegistrySurvivesItsDeath() throws Exception {
    List<int[]> ports = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ports.add(
          new int[] {MezzoProcess.freePort(), MezzoProcess.freePort(), MezzoProcess.freePort()});
    }
    String ensemble =
        ports.stream()
            .map(p -> "127.0.0.1:" + p[0] + ":" + p[1] + ":" + p[2])
            .collect(Collectors.joining(","));
    List<MezzoProcess> masters = startAll(ensemble);
    try {
      await("exactly one leader, two standbys")
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .until(() -> leaders(masters).size() == 1 && standbys(masters).size() == 2);
      MezzoProcess leader = leaders(masters).get(0);
      MezzoProcess standby = standbys(masters).get(0);
      for (int i = 0; i < 3; i++) {
        // The peer's data lives in the master's work dir; its id is its position in the ensemble.
        var dir = masters.get(i).workDir().resolve("zookeeper");
        assertThat(Files.readString(dir.resolve("myid"), StandardCharsets.US_ASCII).strip())
            .isEqualTo(Integer.toString(i + 1));
        assertThat(dir.resolve("version-2")).isDirectory();
      }
      HttpResponse<String> redirect =
          http.send(
              HttpRequest.newBuilder(standby.baseUrl().resolve("/api/v1/scheduler"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(redirect.statusCode()).isEqualTo(307);
      assertThat(redirect.headers().firstValue("Location"))
          .hasValue("//127.0.0.1:" + leader.port() + "/api/v1/scheduler");

      String kept = info("kept");
      String keptId;
      try (V1SchedulerClient f = V1SchedulerClient.subscribe(leader.baseUrl(), kept)) {
        keptId = f.frameworkId();
      }
      String goneId;
      try (V1SchedulerClient f = V1SchedulerClient.subscribe(leader.baseUrl(), info("gone"))) {
        goneId = f.frameworkId();
        assertThat(f.teardown().status()).isEqualTo(202);
      }

      leader.crash();
      List<MezzoProcess> rest = new ArrayList<>(masters);
      rest.remove(leader);
      await("one of the two remaining masters leads")
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .until(() -> leaders(rest).size() == 1 && standbys(rest).size() == 1);
      MezzoProcess newLeader = leaders(rest).get(0);
      assertThat(newLeader.workDir().resolve("zookeeper").resolve("version-2")).isDirectory();
      try (V1SchedulerClient f =
          V1SchedulerClient.subscribe(newLeader.baseUrl(), withId(kept, keptId))) {
        assertThat(f.frameworkId()).as("the new leader knows the framework").isEqualTo(keptId);
      }
      assertThatThrownBy(
              () -> V1SchedulerClient.subscribe(newLeader.baseUrl(), withId(info("gone"), goneId)))
          .as("the registry came through: the torn-down framework stays removed")
          .hasMessageContaining("Framework has been removed");

      // The killed master, restarted on its work dir, rejoins as a peer and a standby; then the
      // second leader dies too and the third master leads, again with the same registry.
      int id = masters.indexOf(leader) + 1;
      MezzoProcess again =
          MezzoProcess.startUnready(
              "embzk-master-" + id + "-again", "master", withPinned(props(ensemble, id), leader));
      masters.add(again);
      rest.add(again);
      await("the restarted master is a standby")
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .until(() -> standbys(List.of(again)).size() == 1);
      newLeader.crash();
      rest.remove(newLeader);
      await("the third master leads")
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .until(() -> leaders(rest).size() == 1 && standbys(rest).size() == 1);
      try (V1SchedulerClient f =
          V1SchedulerClient.subscribe(leaders(rest).get(0).baseUrl(), withId(kept, keptId))) {
        assertThat(f.frameworkId()).isEqualTo(keptId);
      }

      // A standby stopped while the other two keep the quorum shuts its peer down cleanly (names
      // are embzk-master-<id>[-again]).
      MezzoProcess last = standbys(rest).get(0);
      last.close();
      assertThat(Files.readString(last.log(), StandardCharsets.UTF_8))
          .contains("embedded ZooKeeper peer " + last.name().split("-")[2] + " stopped");
    } finally {
      masters.forEach(MezzoProcess::close);
    }
  }

  private static Map<String, String> props(String ensemble, int id) {
    return Map.of(
        "mezzo.zk", "embedded",
        "mezzo.zk-ensemble", ensemble,
        "mezzo.zk-id", Integer.toString(id),
        "mezzo.zk-session-timeout", "4S",
        "mezzo.services.enabled", "false",
        "mezzo.jobs.enabled", "false");
  }

  /** {@code props} with the port and work dir of {@code before}, as a restart keeps them. */
  private static Map<String, String> withPinned(Map<String, String> props, MezzoProcess before) {
    Map<String, String> out = new java.util.HashMap<>(props);
    out.put("quarkus.http.port", Integer.toString(before.port()));
    out.put("mezzo.work-dir", before.workDir().toAbsolutePath().toString());
    return out;
  }

  /**
   * Starts the three masters at once: each waits for a quorum of peers before it serves HTTP, so
   * starting them one after another would never get past the first.
   */
  private static List<MezzoProcess> startAll(String ensemble) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<CompletableFuture<MezzoProcess>> starting = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        Map<String, String> props = props(ensemble, i);
        String name = "embzk-master-" + i;
        starting.add(
            CompletableFuture.supplyAsync(
                () -> MezzoProcess.startUnready(name, "master", props), pool));
      }
      List<MezzoProcess> started = new ArrayList<>();
      Exception failed = null;
      for (CompletableFuture<MezzoProcess> f : starting) {
        try {
          started.add(f.get());
        } catch (Exception e) {
          failed = e;
        }
      }
      if (failed != null) {
        started.forEach(MezzoProcess::close);
        throw failed;
      }
      return started;
    } finally {
      pool.shutdown();
    }
  }

  private List<MezzoProcess> leaders(List<MezzoProcess> masters) throws Exception {
    List<MezzoProcess> out = new ArrayList<>();
    for (MezzoProcess m : masters) {
      if (ready(m.baseUrl()).statusCode() == 200) {
        out.add(m);
      }
    }
    return out;
  }

  private List<MezzoProcess> standbys(List<MezzoProcess> masters) throws Exception {
    List<MezzoProcess> out = new ArrayList<>();
    for (MezzoProcess m : masters) {
      HttpResponse<String> r = ready(m.baseUrl());
      if (r.statusCode() == 503 && r.body().contains("standby; leader is master@127.0.0.1:")) {
        out.add(m);
      }
    }
    return out;
  }

  private HttpResponse<String> ready(URI base) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/q/health/ready"))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String info(String name) {
    return "{\"user\":\"" + USER + "\",\"name\":\"" + name + "\",\"failover_timeout\":600.0}";
  }

  private static String withId(String info, String id) {
    return "{\"id\":{\"value\":\"" + id + "\"}," + info.substring(1);
  }
}
