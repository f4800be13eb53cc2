package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.HttpProbe;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's lost-ZooKeeper case, broken on purpose: ZooKeeper is stopped for about 30 s, longer
 * than the session timeout, and started again on the same port. Meanwhile no master reports ready
 * and the running task is untouched; once ZooKeeper is back, exactly one master leads again within
 * seconds, every master having contended again by itself (none restarted by hand).
 */
class ZooKeeperOutageIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private final HttpProbe probe = new HttpProbe();

  private long ready(List<MezzoProcess> masters) {
    return masters.stream()
        .filter(m -> probe.status(m.baseUrl(), "/q/health/ready") == 200)
        .count();
  }

  @Test
  void afterAnOutageLongerThanTheSessionExactlyOneMasterLeadsAgainByItself() throws Exception {
    try (TestingServer zk = new TestingServer(MezzoProcess.freePort(), true)) {
      Map<String, String> ha =
          Map.of(
              "mezzo.zk",
              "zk://" + zk.getConnectString() + "/mezzo",
              "mezzo.zk-session-timeout",
              "4S");
      List<MezzoProcess> masters = new ArrayList<>();
      MezzoProcess agent = null;
      try {
        masters.add(MezzoProcess.start("outage-m1", "master", ha));
        masters.add(MezzoProcess.startUnready("outage-m2", "master", ha));
        masters.add(MezzoProcess.startUnready("outage-m3", "master", ha));
        agent =
            MezzoProcess.start(
                "outage-agent",
                "agent",
                Map.of(
                    "mezzo.master",
                        masters.get(0).baseUrl()
                            + ","
                            + masters.get(1).baseUrl()
                            + ","
                            + masters.get(2).baseUrl(),
                    "mezzo.agent.resources", "cpus:1;mem:256;disk:256;ports:[31000-31001]",
                    "mezzo.agent.registration-backoff-max", "1S",
                    "mezzo.agent.master-silence-timeout", "3S"));
        String info =
            "{\"user\":\""
                + System.getProperty("user.name")
                + "\",\"name\":\"outage\",\"failover_timeout\":600.0}";
        try (V1SchedulerClient f = V1SchedulerClient.subscribe(masters.get(0).baseUrl(), info)) {
          JsonNode offer = f.awaitOffer(o -> true, TIMEOUT);
          assertThat(
                  f.accept(offer, V1SchedulerClient.commandTask("sleeper", 0.1, 32, "sleep 600"))
                      .status())
              .isEqualTo(202);
          f.awaitUpdate("sleeper", "TASK_RUNNING", TIMEOUT);
        }

        zk.stop();
        await("no master is ready once its lease has run out")
            .atMost(TIMEOUT)
            .until(() -> ready(masters) == 0);
        // The rest of the ~30 s outage: still nobody ready, nobody exits.
        await()
            .during(Duration.ofSeconds(20))
            .atMost(TIMEOUT)
            .until(() -> ready(masters) == 0 && masters.stream().allMatch(MezzoProcess::isAlive));
        assertThat(probe.body(agent.baseUrl(), "/state")).contains("sleeper");

        zk.restart();
        await("exactly one master leads again by itself")
            .atMost(TIMEOUT)
            .until(() -> ready(masters) == 1);
        // And it stays exactly one (no second leader on a stale node of an expired session).
        await().during(Duration.ofSeconds(5)).atMost(TIMEOUT).until(() -> ready(masters) == 1);
        MezzoProcess leader =
            masters.stream()
                .filter(m -> probe.status(m.baseUrl(), "/q/health/ready") == 200)
                .findFirst()
                .orElseThrow();
        MezzoProcess runner = agent;
        await("the task ran on untouched and the new leader knows it running")
            .atMost(TIMEOUT)
            .ignoreExceptions()
            .until(
                () ->
                    probe.body(leader.baseUrl(), "/master/state").contains("sleeper")
                        && probe.body(runner.baseUrl(), "/state").contains("TASK_RUNNING"));
        assertThat(masters).allMatch(MezzoProcess::isAlive);
      } finally {
        if (agent != null) {
          agent.close();
        }
        for (int i = masters.size() - 1; i >= 0; i--) {
          masters.get(i).close();
        }
      }
    }
  }
}
