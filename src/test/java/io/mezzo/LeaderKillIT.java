package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.core.net.detect.ZkUrl;
import io.mezzo.core.net.detect.ZooKeeperMasterDetector;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.Test;

/**
 * Breaking it on purpose: 3 masters elect through a real ZooKeeper, 2 agents and a framework find
 * the leader through {@code zk://}, and the leader is killed with SIGKILL three times in a row
 * (each killed one restarted as a standby). Each time a new leader must serve within the session
 * timeout + 2 s, both agents re-register with it, the framework re-subscribes with its id and
 * reconciles, every task still runs, and no status update is lost or delivered again once
 * acknowledged.
 *
 * <p>The failover figures are printed (and quoted in the README).
 */
class LeaderKillIT {
  private static final Duration SESSION = Duration.ofSeconds(4);
  private static final Duration FAILOVER_BOUND = SESSION.plusSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int TASKS = 4;
  private static final int KILLS = 3;

  private final HttpClient http = V1SchedulerClient.newHttpClient();

  @Test
  void killingTheLeaderThreeTimesLosesNothing() throws Exception {
    // An external ensemble of three real ZooKeeper servers (Curator's TestingCluster); tickTime
    // 500 ms lets them grant a 4 s session (ZooKeeper's floor is 2 ticks, its cap 20).
    List<InstanceSpec> specs = new ArrayList<>();
    for (int id = 1; id <= 3; id++) {
      specs.add(
          new InstanceSpec(
              Files.createTempDirectory("leader-kill-zk").toFile(), -1, -1, -1, true, id, 500, -1));
    }
    List<MezzoProcess> masters = new ArrayList<>();
    List<MezzoProcess> agents = new ArrayList<>();
    ExecutorService pool = Executors.newCachedThreadPool();
    try (TestingCluster zk = new TestingCluster(specs)) {
      zk.start();
      String zkUrl = "zk://" + zk.getConnectString() + "/mezzo";
      Map<String, String> ha = Map.of("mezzo.zk", zkUrl, "mezzo.zk-session-timeout", "4S");
      masters.add(MezzoProcess.start("kill-m1", "master", ha));
      // The rest start side by side: on a loaded machine one JVM start takes 10-20 s.
      Map<String, String> agent =
          Map.of(
              "mezzo.master", zkUrl,
              "mezzo.agent.resources", "cpus:2;mem:512;disk:256;ports:[31000-31010]",
              "mezzo.agent.status-update-retry-min", "2S");
      List<CompletableFuture<MezzoProcess>> starting =
          List.of(
              CompletableFuture.supplyAsync(
                  () -> MezzoProcess.startUnready("kill-m2", "master", ha), pool),
              CompletableFuture.supplyAsync(
                  () -> MezzoProcess.startUnready("kill-m3", "master", ha), pool),
              CompletableFuture.supplyAsync(
                  () -> MezzoProcess.start("kill-agent-1", "agent", agent), pool),
              CompletableFuture.supplyAsync(
                  () -> MezzoProcess.start("kill-agent-2", "agent", agent), pool));
      try {
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new))
            .get(MezzoProcess.READY_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
      } finally {
        // Whatever did start is closed below, even if another one failed.
        for (int i = 0; i < starting.size(); i++) {
          CompletableFuture<MezzoProcess> f = starting.get(i);
          if (f.isDone() && !f.isCompletedExceptionally()) {
            (i < 2 ? masters : agents).add(f.join());
          }
        }
      }
      try (ZooKeeperMasterDetector detector =
          new ZooKeeperMasterDetector(
              ZkUrl.parse(zkUrl), "http", Duration.ofSeconds(2), Duration.ofSeconds(10))) {
        run(detector, masters, ha);
        cliFindsTheLeader(zkUrl);
      }
    } finally {
      List<MezzoProcess> all = new ArrayList<>(agents);
      all.addAll(masters);
      // Each close is bounded by MezzoProcess; together they take one bound, not five.
      CompletableFuture.allOf(
              all.stream()
                  .map(p -> CompletableFuture.runAsync(p::close, pool))
                  .toArray(CompletableFuture[]::new))
          .get(2, TimeUnit.MINUTES);
      pool.shutdownNow();
    }
  }

  private void run(
      ZooKeeperMasterDetector detector, List<MezzoProcess> masters, Map<String, String> ha)
      throws Exception {
    String info =
        "{\"user\":\""
            + System.getProperty("user.name")
            + "\",\"name\":\"leader-kill\",\"failover_timeout\":600.0}";
    Set<String> acked = new HashSet<>();
    Set<String> unacked = new HashSet<>();
    Map<String, String> taskAgents = new HashMap<>();
    V1SchedulerClient framework =
        V1SchedulerClient.subscribeToLeader(detector::leader, info, TIMEOUT);
    String frameworkId = framework.frameworkId();
    launch(framework, taskAgents);
    await("both agents registered")
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> activeAgents(detector.leader().orElseThrow()).size() == 2);
    Set<String> agentIds = activeAgents(detector.leader().orElseThrow());
    String again = "{\"id\":{\"value\":\"" + frameworkId + "\"}," + info.substring(1);
    List<String> figures = new ArrayList<>();

    for (int kill = 1; kill <= KILLS; kill++) {
      URI leaderUrl = detector.leader().orElseThrow();
      MezzoProcess leader =
          masters.stream().filter(m -> m.baseUrl().equals(leaderUrl)).findFirst().orElseThrow();
      List<MezzoProcess> others = masters.stream().filter(m -> m != leader).toList();

      long killed = System.nanoTime();
      leader.crash();
      await("a standby leads after kill " + kill)
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> others.stream().anyMatch(this::ready));
      Duration serving = Duration.ofNanos(System.nanoTime() - killed);
      MezzoProcess next = others.stream().filter(this::ready).findFirst().orElseThrow();
      await("both agents re-registered with " + next.name())
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(() -> activeAgents(next.baseUrl()).equals(agentIds));
      Duration agentsBack = Duration.ofNanos(System.nanoTime() - killed);

      account(framework, acked, unacked);
      framework.close();
      framework = V1SchedulerClient.subscribeToLeader(detector::leader, again, TIMEOUT);
      assertThat(framework.frameworkId()).isEqualTo(frameworkId);
      Duration frameworkBack = Duration.ofNanos(System.nanoTime() - killed);
      reconcileAllRunning(framework, taskAgents);
      figures.add(
          String.format(
              "kill %d of %s: new leader %s ready in %d ms, agents back in %d ms, framework in %d ms",
              kill,
              leader.name(),
              next.name(),
              serving.toMillis(),
              agentsBack.toMillis(),
              frameworkBack.toMillis()));
      System.out.println("LeaderKillIT " + figures.get(figures.size() - 1));
      assertThat(serving)
          .as("kill %d: a new leader serves within the session timeout + 2 s", kill)
          .isLessThanOrEqualTo(FAILOVER_BOUND);

      masters.remove(leader);
      leader.close();
      masters.add(MezzoProcess.startUnready(leader.name() + "-r" + kill, "master", ha));
    }
    account(framework, acked, unacked);
    unacked.removeAll(acked);
    assertThat(unacked).as("every update unacknowledged on a dead leader came again").isEmpty();
    framework.close();
    System.out.println("LeaderKillIT figures: " + figures);
  }

  /** bin/mezzo with --master zk://… lists the agents from whichever master leads now. */
  private static void cliFindsTheLeader(String zkUrl) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("bash", "bin/mezzo", "--master", zkUrl, "--json", "agent", "list");
    pb.environment().put("MEZZO_JAR", System.getProperty("mezzo.jar"));
    pb.environment().remove("MEZZO_MASTER");
    java.nio.file.Path out = Files.createTempFile("leader-kill-cli", ".txt");
    Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).as("the CLI ended").isTrue();
    String text = Files.readString(out);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("GET_AGENTS", "\"active\" : true");
  }

  private void launch(V1SchedulerClient framework, Map<String, String> taskAgents) {
    int launched = 0;
    while (launched < TASKS) {
      JsonNode offer = framework.awaitOffer(o -> V1SchedulerClient.scalar(o, "cpus") >= 1, TIMEOUT);
      List<String> tasks = new ArrayList<>();
      while (launched < TASKS && tasks.size() < 2) {
        String id = "sleeper-" + launched++;
        tasks.add(V1SchedulerClient.commandTask(id, 0.5, 32, "sleep 600"));
        taskAgents.put(id, offer.at("/agent_id/value").asText());
      }
      assertThat(framework.accept(offer, tasks.toArray(String[]::new)).status()).isEqualTo(202);
    }
    for (String id : taskAgents.keySet()) {
      framework.awaitUpdate(id, "TASK_RUNNING", TIMEOUT);
    }
  }

  /** Asks the master for every task until each has answered RUNNING (transient answers ignored). */
  private void reconcileAllRunning(V1SchedulerClient framework, Map<String, String> taskAgents) {
    for (Map.Entry<String, String> task : taskAgents.entrySet()) {
      await("reconciliation shows " + task.getKey() + " running")
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                framework.reconcile(task.getKey(), task.getValue());
                return framework.updatesFor(task.getKey()).stream()
                    .anyMatch(s -> s.path("state").asText().equals("TASK_RUNNING"));
              });
    }
  }

  /** Adds what one subscription saw: no update it acknowledged may come again on a later one. */
  private static void account(V1SchedulerClient framework, Set<String> acked, Set<String> unacked) {
    Set<String> now = framework.acknowledgedUpdates();
    for (String uuid : now) {
      assertThat(acked.add(uuid)).as("update %s acknowledged once, delivered again", uuid).isTrue();
    }
    unacked.addAll(framework.unacknowledgedUpdates());
  }

  private boolean ready(MezzoProcess master) {
    try {
      return http.send(
                  HttpRequest.newBuilder(master.baseUrl().resolve("/q/health/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (Exception e) {
      return false;
    }
  }

  /** Ids of the agents the master at {@code base} lists as active. */
  private Set<String> activeAgents(URI base) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/master/slaves"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Set<String> out = new HashSet<>();
    if (r.statusCode() != 200) {
      return out;
    }
    for (JsonNode a : V1SchedulerClient.parse(r.body()).path("slaves")) {
      if (a.path("active").asBoolean(false)) {
        out.add(a.path("id").asText());
      }
    }
    return out;
  }
}
