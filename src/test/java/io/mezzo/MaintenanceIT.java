package io.mezzo;

import static io.mezzo.testing.ProtoOracle.Schema.MASTER_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.OperatorHttp;
import io.mezzo.testing.OperatorHttp.Reply;
import io.mezzo.testing.ProtoOracle;
import io.mezzo.testing.V1SchedulerClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Maintenance on the packaged jar (a standalone node: master and its agent): a window for the
 * agent's machine sends the subscribed framework an inverse offer and makes its offers carry the
 * unavailability; the framework's ACCEPT shows in the maintenance status; {@code /machine/down}
 * takes the agent's resources out of the offers and the state, {@code /machine/up} brings them
 * back; and a schedule survives a restart of the node.
 */
class MaintenanceIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final long START = 2_000_000_000_000_000_000L;

  private static String window(String hostname) {
    return "{\"windows\":[{\"machine_ids\":[{\"hostname\":\""
        + hostname
        + "\"}],\"unavailability\":{\"start\":{\"nanoseconds\":"
        + START
        + "},\"duration\":{\"nanoseconds\":3600000000000}}}]}";
  }

  private static Reply post(MezzoProcess node, String path, String body) {
    return OperatorHttp.post(
        node.baseUrl(), path, body, Map.of("Content-Type", "application/json"));
  }

  private static JsonNode agent(MezzoProcess node) {
    Reply r = OperatorHttp.call(node.baseUrl(), "/api/v1", "{\"type\":\"GET_AGENTS\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().at("/get_agents/agents/0");
  }

  @Test
  void aMaintenanceWindowDrainsDownsAndBringsBackTheAgentsMachine() {
    MezzoProcess first = MezzoProcess.standalone("maintenance-1");
    Map<String, String> same =
        Map.of(
            "quarkus.http.port", Integer.toString(first.port()),
            "mezzo.work-dir", first.workDir().toAbsolutePath().toString(),
            "mezzo.agent.resources", MezzoProcess.AGENT_RESOURCES);
    String hostname;
    try (V1SchedulerClient fw =
        V1SchedulerClient.subscribe(first.baseUrl(), StandaloneIT.frameworkInfo("maint-it"))) {
      JsonNode before = fw.awaitOffer(TIMEOUT);
      assertThat(before.has("unavailability")).isFalse();
      hostname = before.path("hostname").asText();

      Reply scheduled = post(first, "/master/maintenance/schedule", window(hostname));
      assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
      JsonNode inverse =
          fw.awaitEvent("INVERSE_OFFERS", TIMEOUT).at("/inverse_offers/inverse_offers/0");
      assertThat(inverse.at("/agent_id/value").asText())
          .isEqualTo(before.at("/agent_id/value").asText());
      assertThat(inverse.at("/unavailability/start/nanoseconds").asLong()).isEqualTo(START);
      JsonNode during = fw.awaitOffer(o -> o.has("unavailability"), TIMEOUT);
      assertThat(during.at("/unavailability/start/nanoseconds").asLong()).isEqualTo(START);

      ObjectNode accept = fw.newCall("ACCEPT_INVERSE_OFFERS");
      accept
          .putObject("accept_inverse_offers")
          .putArray("inverse_offer_ids")
          .add(inverse.get("id"));
      assertThat(fw.call(accept.toString()).status()).isEqualTo(202);
      Reply status =
          OperatorHttp.call(first.baseUrl(), "/api/v1", "{\"type\":\"GET_MAINTENANCE_STATUS\"}");
      ProtoOracle.check(MASTER_RESPONSE, status.body());
      JsonNode answer = status.json().at("/get_maintenance_status/status/draining_machines/0");
      assertThat(answer.at("/id/hostname").asText()).isEqualTo(hostname);
      assertThat(answer.at("/statuses/0/status").asText()).isEqualTo("ACCEPT");
      assertThat(answer.at("/statuses/0/framework_id/value").asText()).isEqualTo(fw.frameworkId());

      String machines = "[{\"hostname\":\"" + hostname + "\"}]";
      assertThat(post(first, "/master/machine/down", machines).status()).isEqualTo(200);
      fw.awaitEvent("RESCIND", TIMEOUT);
      assertThat(agent(first).path("deactivated").asBoolean()).isTrue();
      assertThat(OperatorHttp.get(first.baseUrl(), "/master/maintenance/status").json())
          .isEqualTo(
              V1SchedulerClient.parse("{\"down_machines\":[{\"hostname\":\"" + hostname + "\"}]}"));

      assertThat(post(first, "/master/machine/up", machines).status()).isEqualTo(200);
      JsonNode back = fw.awaitOffer(o -> !o.has("unavailability"), TIMEOUT);
      assertThat(V1SchedulerClient.scalar(back, "cpus"))
          .isEqualTo(V1SchedulerClient.scalar(before, "cpus"));
      assertThat(agent(first).path("deactivated").asBoolean()).isFalse();

      assertThat(post(first, "/maintenance/schedule", window(hostname)).status()).isEqualTo(200);
    } finally {
      first.close();
    }

    MezzoProcess second = MezzoProcess.start("maintenance-2", "standalone", same);
    try {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(
                          OperatorHttp.get(second.baseUrl(), "/master/maintenance/schedule").json())
                      .isEqualTo(V1SchedulerClient.parse(window(hostname))));
    } finally {
      second.close();
    }
  }
}
