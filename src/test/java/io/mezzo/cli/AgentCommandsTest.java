package io.mezzo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentCommandsTest {
  static final String AGENTS =
      """
      {"type":"GET_AGENTS","get_agents":{"agents":[
        {"agent_info":{"id":{"value":"A2"},"hostname":"node-b"},"active":true,
         "registered_time":{"nanoseconds":1767340800000000000},
         "drain_info":{"state":"DRAINING"},
         "total_resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":4}},
                            {"name":"mem","type":"SCALAR","scalar":{"value":8192}}],
         "allocated_resources":[]},
        {"agent_info":{"id":{"value":"A1"},"hostname":"node-a"},"active":true,
         "registered_time":{"nanoseconds":1767344400000000000},
         "total_resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":2}},
                            {"name":"mem","type":"SCALAR","scalar":{"value":4096}},
                            {"name":"disk","type":"SCALAR","scalar":{"value":10000}}],
         "allocated_resources":[{"name":"cpus","role":"marathon","type":"SCALAR","scalar":{"value":0.5}},
                                {"name":"cpus","role":"*","type":"SCALAR","scalar":{"value":1}},
                                {"name":"mem","type":"SCALAR","scalar":{"value":128}}]}],
       "recovered_agents":[]}}""";

  StubMaster master;

  @BeforeEach
  void start() throws IOException {
    master = new StubMaster();
  }

  @AfterEach
  void stop() {
    master.close();
  }

  @Test
  void listShowsEachAgentWithUsedOverTotal() throws IOException {
    master.on("POST /api/v1", AGENTS);
    CliRun.Result r = CliRun.against(master, "agent", "list");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("ID").contains("HOSTNAME", "STATE", "CPUS", "MEM", "DISK");
    assertThat(lines.get(1))
        .startsWith("A1")
        .contains("node-a", "active", "1.5/2", "128/4096", "0/10000", "60m");
    assertThat(lines.get(2)).startsWith("A2").contains("node-b", "draining", "0/4", "2h");
    JsonNode call = MasterHttp.JSON.readTree(master.requests("POST /api/v1").get(0).body());
    assertThat(call.toString()).isEqualTo("{\"type\":\"GET_AGENTS\"}");
  }

  @Test
  void drainSendsDrainAgentWithItsOptions() throws IOException {
    master.on("POST /api/v1", r -> new StubMaster.Answer(200, "", Map.of()));
    CliRun.Result r =
        CliRun.against(master, "agent", "drain", "A1", "--grace-period", "2m", "--mark-gone");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Agent A1 is draining", "marked gone");
    JsonNode call = MasterHttp.JSON.readTree(master.requests("POST /api/v1").get(0).body());
    assertThat(call.path("type").asText()).isEqualTo("DRAIN_AGENT");
    assertThat(call.at("/drain_agent/agent_id/value").asText()).isEqualTo("A1");
    assertThat(call.at("/drain_agent/max_grace_period/seconds").asLong()).isEqualTo(120);
    assertThat(call.at("/drain_agent/mark_gone").asBoolean()).isTrue();
  }

  @Test
  void drainOfAnUnknownAgentPrintsTheMastersReason() {
    master.on(
        "POST /api/v1",
        r ->
            new StubMaster.Answer(
                400, "Agent 'nope' is not registered", Map.of("Content-Type", "text/plain")));
    CliRun.Result r = CliRun.against(master, "agent", "drain", "nope");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("refused (400): Agent 'nope' is not registered");
  }

  @Test
  void aStandbyMastersRedirectIsFollowedToTheLeader() throws IOException {
    try (StubMaster standby = new StubMaster()) {
      master.on("POST /api/v1", AGENTS);
      standby.on(
          "POST /api/v1",
          r -> new StubMaster.Answer(307, "", Map.of("Location", master.url() + "/api/v1")));
      CliRun.Result r = CliRun.against(standby, "agent", "list", "--json");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("node-a");
      assertThat(master.requests("POST /api/v1").get(0).body()).contains("GET_AGENTS");
    }
  }
}
