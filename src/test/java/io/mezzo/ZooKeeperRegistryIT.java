package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import java.time.Duration;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * A master keeping its registry in a real ZooKeeper (Curator's TestingServer) is replaced by a new
 * master process with an empty work dir: the new one continues the registry — the agent keeps its
 * id and framework ids continue the stored counter.
 */
class ZooKeeperRegistryIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void registrySurvivesTheMasterProcess() throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      int port = MezzoProcess.freePort();
      Map<String, String> masterProps =
          Map.of(
              "mezzo.zk",
              "zk://" + zk.getConnectString() + "/mezzo",
              "mezzo.zk-session-timeout",
              "4S",
              "quarkus.http.port",
              Integer.toString(port));
      String agentId;
      int firstCounter;
      MezzoProcess agent = null;
      MezzoProcess master = MezzoProcess.start("zk-master-1", "master", masterProps);
      try {
        agent =
            MezzoProcess.start(
                "zk-agent",
                "agent",
                Map.of(
                    "mezzo.master", master.baseUrl().toString(),
                    "mezzo.agent.resources", "cpus:1;mem:256;disk:256;ports:[31000-31001]",
                    "mezzo.agent.registration-backoff-max", "1S"));
        try (V1SchedulerClient f =
            V1SchedulerClient.subscribe(master.baseUrl(), StandaloneIT.frameworkInfo("zk-1"))) {
          JsonNode offer = f.awaitOffer(o -> true, TIMEOUT);
          agentId = offer.at("/agent_id/value").asText();
          // The built-in services and jobs frameworks subscribe too, before or after this one.
          firstCounter = counter(f.frameworkId());
          assertThat(firstCounter).isBetween(0, 2);
        }
        master.close();

        master = MezzoProcess.start("zk-master-2", "master", masterProps);
        try (V1SchedulerClient f =
            V1SchedulerClient.subscribe(master.baseUrl(), StandaloneIT.frameworkInfo("zk-2"))) {
          JsonNode offer = f.awaitOffer(o -> true, TIMEOUT);
          assertThat(offer.at("/agent_id/value").asText()).isEqualTo(agentId);
          assertThat(counter(f.frameworkId()))
              .as("the framework counter came from ZooKeeper: %s", f.frameworkId())
              .isGreaterThan(firstCounter);
        }
      } finally {
        if (agent != null) {
          agent.close();
        }
        master.close();
      }
    }
  }

  /** The framework counter at the end of a master-assigned id ({@code <master id>-0001}). */
  private static int counter(String frameworkId) {
    return Integer.parseInt(frameworkId.substring(frameworkId.lastIndexOf('-') + 1));
  }
}
