package io.mezzo;

import static io.mezzo.testing.ProtoOracle.Schema.SCHEDULER_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.ProtoOracle;
import io.mezzo.testing.V1SchedulerClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dynamic reservations on the packaged jar: a framework of role {@code eng} reserves cpus and mem
 * through ACCEPT and runs a task on them in the same call; the agent is killed and started again on
 * its work dir, and the reservation is still offered to the role (and checkpointed by the agent);
 * an operator reserves and unreserves through the legacy {@code /master/reserve} and {@code
 * /master/unreserve}. Every event the framework got parses strictly as {@code
 * mesos.v1.scheduler.Event}.
 */
class ReservationIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();

  private static String frameworkInfo() {
    return "{\"user\":\""
        + System.getProperty("user.name")
        + "\",\"name\":\"reservation-it\",\"role\":\"eng\",\"principal\":\"alice\","
        + "\"failover_timeout\":0.0,\"checkpoint\":true}";
  }

  /** A pre-refinement reserved scalar, as a framework without RESERVATION_REFINEMENT writes it. */
  private static ObjectNode reserved(String name, double value, JsonNode allocation) {
    ObjectNode r = JSON.createObjectNode();
    r.put("name", name).put("type", "SCALAR").putObject("scalar").put("value", value);
    r.put("role", "eng");
    r.putObject("reservation").put("principal", "alice");
    if (allocation != null) {
      r.set("allocation_info", allocation);
    }
    return r;
  }

  private static boolean hasReservation(JsonNode offer) {
    for (JsonNode r : offer.path("resources")) {
      if ("eng".equals(r.path("role").asText())
          && "alice".equals(r.at("/reservation/principal").asText())
          && "cpus".equals(r.path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aReservationMadeInAcceptRunsATaskAndSurvivesAnAgentRestart() throws Exception {
    try (MezzoProcess master = MezzoProcess.master("reservation-master")) {
      MezzoProcess agent = MezzoProcess.agent("reservation-agent-1", master.baseUrl());
      String agentId;
      try (V1SchedulerClient f = V1SchedulerClient.subscribe(master.baseUrl(), frameworkInfo())) {
        JsonNode offer = f.awaitOffer(o -> V1SchedulerClient.scalar(o, "cpus") >= 1, TIMEOUT);
        agentId = offer.at("/agent_id/value").asText();
        JsonNode alloc = offer.get("allocation_info");
        ObjectNode call = f.newCall("ACCEPT");
        ObjectNode accept = call.putObject("accept");
        accept.putArray("offer_ids").add(offer.get("id"));
        ArrayNode ops = accept.putArray("operations");
        ObjectNode reserve = ops.addObject().put("type", "RESERVE");
        ArrayNode toReserve = reserve.putObject("reserve").putArray("resources");
        toReserve.add(reserved("cpus", 1, alloc)).add(reserved("mem", 64, alloc));
        ObjectNode task =
            (ObjectNode)
                JSON.readTree(V1SchedulerClient.commandTask("on-reserved", 1, 64, "echo reserved"));
        task.set("agent_id", offer.get("agent_id"));
        task.set("resources", toReserve.deepCopy());
        ops.addObject().put("type", "LAUNCH").putObject("launch").putArray("task_infos").add(task);
        accept.putObject("filters").put("refuse_seconds", 0.0);
        assertThat(f.call(call.toString()).status()).isEqualTo(202);
        f.awaitUpdate("on-reserved", "TASK_FINISHED", TIMEOUT);
        f.awaitOffer(ReservationIT::hasReservation, TIMEOUT);
        for (String raw : f.allRawEvents()) {
          ProtoOracle.check(SCHEDULER_EVENT, raw);
        }
      }
      Path workDir = agent.workDir();
      int port = agent.port();
      agent.crash();
      Path checkpoint = workDir.resolve("agent/meta/slaves/" + agentId + "/resources.info");
      assertThat(Files.readString(checkpoint)).contains("alice").contains("DYNAMIC");
      try (MezzoProcess again =
              MezzoProcess.start(
                  "reservation-agent-2",
                  "agent",
                  Map.of(
                      "mezzo.master", master.baseUrl().toString(),
                      "mezzo.agent.resources", MezzoProcess.AGENT_RESOURCES,
                      "quarkus.http.port", Integer.toString(port),
                      "mezzo.work-dir", workDir.toAbsolutePath().toString()));
          V1SchedulerClient f = V1SchedulerClient.subscribe(master.baseUrl(), frameworkInfo())) {
        JsonNode offer = f.awaitOffer(ReservationIT::hasReservation, TIMEOUT);
        assertThat(offer.at("/agent_id/value").asText()).isEqualTo(agentId);
        assertThat(again.isAlive()).isTrue();
        for (String raw : f.allRawEvents()) {
          ProtoOracle.check(SCHEDULER_EVENT, raw);
        }
      }
    }
  }

  @Test
  void operatorsReserveAndUnreserveThroughTheLegacyEndpoints() throws Exception {
    try (MezzoProcess master = MezzoProcess.master("reservation-op-master");
        MezzoProcess agent = MezzoProcess.agent("reservation-op-agent", master.baseUrl())) {
      String agentId =
          await("the agent registers")
              .atMost(TIMEOUT)
              .until(() -> firstAgentId(master), id -> id != null);
      String resources =
          "[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":0.5},"
              + "\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"ops\"}]}]";
      HttpResponse<String> r = form(master.baseUrl(), "/master/reserve", agentId, resources);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      await("the reservation shows in /master/state")
          .atMost(TIMEOUT)
          .until(() -> slave(master).at("/reserved_resources/ops/cpus").asDouble() == 0.5);
      JsonNode full = slave(master).at("/reserved_resources_full/ops/0");
      assertThat(full.at("/reservations/0/type").asText()).isEqualTo("DYNAMIC");
      HttpResponse<String> u = form(master.baseUrl(), "/master/unreserve", agentId, resources);
      assertThat(u.statusCode()).as(u.body()).isEqualTo(202);
      await("the reservation is gone")
          .atMost(TIMEOUT)
          .until(() -> slave(master).path("reserved_resources").path("ops").isMissingNode());
      HttpResponse<String> bad = form(master.baseUrl(), "/master/unreserve", agentId, resources);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(agent.isAlive()).isTrue();
    }
  }

  private static String firstAgentId(MezzoProcess master) throws Exception {
    JsonNode slaves = get(master.baseUrl(), "/master/slaves").path("slaves");
    return slaves.size() == 0 ? null : slaves.get(0).path("id").asText();
  }

  private static JsonNode slave(MezzoProcess master) throws Exception {
    return get(master.baseUrl(), "/master/state").path("slaves").get(0);
  }

  private static JsonNode get(URI base, String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> form(URI base, String path, String agentId, String resources)
      throws Exception {
    String body =
        Stream.of(
                "slaveId=" + URLEncoder.encode(agentId, StandardCharsets.UTF_8),
                "resources=" + URLEncoder.encode(resources, StandardCharsets.UTF_8))
            .reduce((a, b) -> a + "&" + b)
            .orElseThrow();
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
