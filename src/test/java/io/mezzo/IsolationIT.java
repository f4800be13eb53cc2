package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.agent.cgroups.CgroupFs;
import io.mezzo.agent.cgroups.RealCgroups;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.ProtoOracle;
import io.mezzo.testing.V1SchedulerClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Isolation through the packaged jar and the v1 scheduler API: a standalone node with the cgroups
 * isolators on (its own cgroup root), a memory hog failing with the memory reason while its
 * neighbour runs on and is measured by {@code /monitor/statistics}; and an unknown isolator
 * stopping the node at start with a message that says so.
 */
class IsolationIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void aMemoryHogFailsWithTheMemoryReasonFromTheAgentWhileItsNeighbourRunsAndIsMeasured()
      throws Exception {
    CgroupFs fs = RealCgroups.require("cpu", "cpuacct", "memory", "pids");
    String root = RealCgroups.freshRoot();
    try (MezzoProcess mezzo =
            MezzoProcess.start(
                "isolation",
                "standalone",
                Map.of(
                    "mezzo.agent.resources",
                    MezzoProcess.AGENT_RESOURCES,
                    "mezzo.agent.isolation",
                    "cgroups/cpu,cgroups/mem,cgroups/pids,posix/cpu",
                    "mezzo.agent.cgroups-root",
                    root,
                    "mezzo.agent.cgroups-enable-cfs",
                    "true"));
        V1SchedulerClient framework =
            V1SchedulerClient.subscribe(
                mezzo.baseUrl(), StandaloneIT.frameworkInfo("isolation-it"))) {
      JsonNode offer = framework.awaitOffer(o -> V1SchedulerClient.scalar(o, "mem") >= 64, TIMEOUT);
      String neighbour = "neighbour-" + UUID.randomUUID();
      String hog = "hog-" + UUID.randomUUID();
      assertThat(
              framework
                  .accept(
                      offer,
                      V1SchedulerClient.commandTask(neighbour, 0.1, 32, "sleep 120"),
                      V1SchedulerClient.commandTask(
                          hog, 0.1, 32, "dd if=/dev/zero of=/dev/null bs=256M count=1"))
                  .status())
          .isEqualTo(202);

      JsonNode failed = framework.awaitUpdate(hog, "TASK_FAILED", TIMEOUT);

      assertThat(failed.path("reason").asText()).isEqualTo("REASON_CONTAINER_LIMITATION_MEMORY");
      assertThat(failed.path("source").asText()).isEqualTo("SOURCE_AGENT");
      assertThat(failed.path("message").asText())
          .startsWith("Memory limit exceeded: Requested: 32 MB");
      assertThat(failed.at("/limitation/resources/0/name").asText()).isEqualTo("mem");
      for (String raw : framework.allRawEvents()) {
        ProtoOracle.check(ProtoOracle.Schema.SCHEDULER_EVENT, raw);
      }
      framework.awaitUpdate(neighbour, "TASK_RUNNING", TIMEOUT);
      JsonNode stats =
          await()
              .atMost(TIMEOUT)
              .until(
                  () -> statistics(mezzo.baseUrl()),
                  s -> s.size() == 1 && s.get(0).at("/statistics/mem_total_bytes").asLong() > 0);
      assertThat(stats.get(0).path("executor_id").asText()).isEqualTo(neighbour);
      assertThat(stats.get(0).at("/statistics/mem_limit_bytes").asLong()).isEqualTo(32L << 20);
      assertThat(stats.get(0).at("/statistics/cpus_limit").asDouble()).isEqualTo(0.1);
      assertThat(stats.get(0).at("/statistics/processes").asInt()).isPositive();
      assertThat(stats.get(0).at("/statistics").has("cpus_user_time_secs")).isTrue();
      assertThat(framework.updatesFor(neighbour))
          .noneMatch(u -> u.path("state").asText().equals("TASK_FAILED"));

      assertThat(framework.teardown().status()).isEqualTo(202);
      await().atMost(TIMEOUT).until(() -> RealCgroups.leftovers(fs, root).isEmpty());
    } finally {
      RealCgroups.removeRoot(fs, root);
    }
  }

  @Test
  void anUnknownIsolatorStopsTheNodeAtStartSayingWhichAndWhatExists() {
    assertThatThrownBy(
            () ->
                MezzoProcess.start(
                        "bad-isolation",
                        "standalone",
                        Map.of("mezzo.agent.isolation", "posix/cpu,cgroups/bogus"))
                    .close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "Mezzo refuses to start: mezzo.agent.isolation=posix/cpu,cgroups/bogus: unknown isolator"
                + " 'cgroups/bogus'; expected some of cgroups/cpu, cgroups/mem, cgroups/pids,"
                + " disk/du, filesystem/linux, filesystem/posix, network/ports, posix/cpu, posix/mem");
  }

  private static JsonNode statistics(URI base) throws Exception {
    HttpResponse<String> r =
        V1SchedulerClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/monitor/statistics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assumeTrue(r.statusCode() == 200, "statistics answered " + r.statusCode());
    return V1SchedulerClient.parse(r.body());
  }
}
