package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.HttpProbe;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's split brain, broken on purpose: the leader is paused (SIGSTOP) past its ZooKeeper
 * session while a framework holding a stream on it fires ACCEPTs at it. A standby takes over;
 * resumed, the old leader launches nothing, offers nothing and answers nothing as leader (not even
 * the readiness probe queued while it was paused), turns its agents over to the new leader, and
 * rejoins as a standby without a restart, able to lead again. Both agents reach the new leader
 * while the old one is still paused: one follows the election in ZooKeeper, the other has the
 * masters' URLs and leaves the silent one after its bounded silence and call timeouts.
 */
class LeaderPauseIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String SESSION = "4S";
  private final HttpClient http = V1SchedulerClient.newHttpClient();
  private final HttpProbe probe = new HttpProbe();

  private Optional<MezzoProcess> leaderAmong(List<MezzoProcess> masters) {
    return masters.stream()
        .filter(m -> probe.status(m.baseUrl(), "/q/health/ready") == 200)
        .findFirst();
  }

  @Test
  void aPausedLeaderActsOnNothingWhenResumedAndRejoinsAsStandby() throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      Map<String, String> ha =
          Map.of(
              "mezzo.zk",
              "zk://" + zk.getConnectString() + "/mezzo",
              "mezzo.zk-session-timeout",
              SESSION);
      List<MezzoProcess> all = new ArrayList<>();
      try {
        MezzoProcess old = MezzoProcess.start("pause-m1", "master", ha);
        all.add(old);
        MezzoProcess m2 = MezzoProcess.startUnready("pause-m2", "master", ha);
        MezzoProcess m3 = MezzoProcess.startUnready("pause-m3", "master", ha);
        all.add(m2);
        all.add(m3);
        String masters = old.baseUrl() + "," + m2.baseUrl() + "," + m3.baseUrl();
        List<MezzoProcess> agents = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
          MezzoProcess agent =
              MezzoProcess.start(
                  "pause-agent-" + i,
                  "agent",
                  Map.of(
                      "mezzo.master", i == 1 ? "zk://" + zk.getConnectString() + "/mezzo" : masters,
                      "mezzo.agent.resources", "cpus:2;mem:512;disk:256;ports:[31000-31010]",
                      "mezzo.agent.registration-backoff-max", "1S",
                      "mezzo.agent.master-silence-timeout", "8S"));
          agents.add(agent);
          all.add(agent);
        }
        String info =
            "{\"user\":\""
                + System.getProperty("user.name")
                + "\",\"name\":\"pause\",\"failover_timeout\":600.0}";
        try (V1SchedulerClient f = V1SchedulerClient.subscribe(old.baseUrl(), info)) {
          JsonNode offer = f.awaitOffer(o -> true, TIMEOUT);
          assertThat(
                  f.accept(offer, V1SchedulerClient.commandTask("before", 0.1, 32, "sleep 600"))
                      .status())
              .isEqualTo(202);
          f.awaitUpdate("before", "TASK_RUNNING", TIMEOUT);
          JsonNode stale = f.awaitOffer(o -> true, TIMEOUT);
          int eventsBeforePause = f.allRawEvents().size();

          old.pause();
          // Queued while it is paused: a readiness probe and ACCEPTs that would launch tasks.
          CompletableFuture<Integer> queuedProbe =
              CompletableFuture.supplyAsync(() -> slowStatus(old.baseUrl(), "/q/health/ready"));
          List<CompletableFuture<Integer>> queuedAccepts = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            String task = V1SchedulerClient.commandTask("ghost-" + i, 0.1, 32, "sleep 600");
            queuedAccepts.add(
                CompletableFuture.supplyAsync(
                    () -> {
                      try {
                        return f.accept(stale, task).status();
                      } catch (RuntimeException e) {
                        return -1; // the connection broke: not accepted either
                      }
                    }));
          }

          MezzoProcess leader =
              await("a standby takes over while the leader is paused")
                  .atMost(TIMEOUT)
                  .until(() -> leaderAmong(List.of(m2, m3)), Optional::isPresent)
                  .orElseThrow();
          await("both agents reach the new leader while the old one is still paused")
              .atMost(TIMEOUT)
              .ignoreExceptions()
              .until(
                  () ->
                      V1SchedulerClient.parse(probe.body(leader.baseUrl(), "/metrics/snapshot"))
                              .path("master/slaves_active")
                              .asDouble()
                          == 2.0);
          old.resume();
          assertThat(queuedProbe.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
              .as("the readiness probe queued while paused")
              .isEqualTo(503);
          for (CompletableFuture<Integer> accept : queuedAccepts) {
            assertThat(accept.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .as("an ACCEPT queued while paused")
                .isNotEqualTo(202);
          }
          int answer =
              f.accept(stale, V1SchedulerClient.commandTask("ghost-late", 0.1, 32, "true"))
                  .status();
          assertThat(answer).as("the old leader answers no call as leader").isIn(307, 503, 403);
          assertThat(probe.status(old.baseUrl(), "/q/health/ready")).isEqualTo(503);
          assertThat(f.allRawEvents().stream().skip(eventsBeforePause))
              .as("the old leader offered nothing after the pause")
              .noneMatch(e -> e.contains("\"OFFERS\""));

          await("the old leader rejoins as a standby, without a restart")
              .atMost(TIMEOUT)
              .ignoreExceptions()
              .until(
                  () ->
                      V1SchedulerClient.parse(probe.body(old.baseUrl(), "/metrics/snapshot"))
                              .path("master/election/rejoined")
                              .asDouble()
                          >= 1.0);
          assertThat(old.isAlive()).isTrue();
          // Nothing the paused leader was asked to launch runs anywhere, nor is known.
          await()
              .pollDelay(Duration.ofSeconds(3))
              .atMost(TIMEOUT)
              .ignoreExceptions()
              .until(
                  () -> {
                    for (MezzoProcess agent : agents) {
                      if (probe.body(agent.baseUrl(), "/state").contains("ghost-")) {
                        throw new AssertionError(agent.name() + " ran a ghost task");
                      }
                    }
                    String state = probe.body(leader.baseUrl(), "/master/state");
                    assertThat(state).doesNotContain("ghost-").contains("before");
                    return true;
                  });

          // It can lead again: kill the new leader, and one of the other two leads.
          leader.crash();
          List<MezzoProcess> rest = new ArrayList<>(List.of(old, m2, m3));
          rest.remove(leader);
          await("a master leads again after the new leader dies")
              .atMost(TIMEOUT)
              .until(() -> leaderAmong(rest), Optional::isPresent);
        }
      } finally {
        for (MezzoProcess p : all) {
          try {
            p.resume();
          } catch (RuntimeException ignored) {
            // already gone
          }
        }
        for (int i = all.size() - 1; i >= 0; i--) {
          all.get(i).close();
        }
      }
    }
  }

  /** A probe that waits as long as a paused process needs (its answer comes after SIGCONT). */
  private int slowStatus(URI base, String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(90)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
