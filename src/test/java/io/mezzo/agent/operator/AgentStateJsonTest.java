package io.mezzo.agent.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.mezzo.agent.AgentConfig;
import io.mezzo.agent.AgentSnapshot;
import io.mezzo.agent.ContainerReport;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.VersionInfo;
import io.mezzo.core.resources.Resources;
import io.mezzo.testing.AgentStateFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's legacy {@code /slave(1)/state} has every top-level field Mesos 1.11's agent prints,
 * with Mesos's JSON types, and {@code /slave(1)/containers} selects as Mesos does.
 */
class AgentStateJsonTest {
  private static final AgentConfig CONFIG =
      AgentConfig.defaults().withEndpoint("host", "http://127.0.0.1:5051");
  private static final VersionInfo BUILD =
      new VersionInfo("1.11.0", "2026-12-02", 1.7649e9, "mezzo 1.0", "abc123", null, null);

  /** The base snapshot with some of its resources reserved to role "web". */
  private static AgentSnapshot reservedSnapshot() {
    AgentSnapshot s = AgentViewsTest.snapshot();
    return new AgentSnapshot(
        s.state(),
        s.agentId(),
        s.masterId(),
        s.hostname(),
        s.endpoint(),
        Resources.parse("cpus:2;mem:1024;cpus(web):1;ports:[31000-31100]"),
        Resources.parse("cpus:0.5;mem:64;cpus(web):0.25"),
        s.attributes(),
        s.frameworks(),
        s.completedTasks());
  }

  private static JsonNode state(AgentSnapshot s, String masterHostname, Map<String, String> flags) {
    return AgentStateJson.state(
        s, CONFIG, flags, Instant.ofEpochSecond(100), BUILD, masterHostname);
  }

  @Test
  void everyTopLevelFieldMesosPrintsIsThereWithItsType() {
    JsonNode st = state(reservedSnapshot(), "master.example", Map.of("log_dir", "/var/log/mezzo"));
    AgentStateFields.assertTyped(
        st,
        AgentStateFields.with(
            Map.of("git_sha", JsonNodeType.STRING, "log_dir", JsonNodeType.STRING)));
    assertThat(st.get("git_sha").asText()).isEqualTo("abc123");
    assertThat(st.get("build_date").asText()).isEqualTo("2026-12-02");
    assertThat(st.get("build_time").asDouble()).isEqualTo(1.7649e9);
    assertThat(st.get("build_user").asText()).isEqualTo("mezzo 1.0");
    assertThat(st.get("master_hostname").asText()).isEqualTo("master.example");
    assertThat(st.get("capabilities")).extracting(JsonNode::asText).contains("MULTI_ROLE");
  }

  @Test
  void mesosFieldsComeFirstInMesosOrderAndMezzosOwnAfter() {
    List<String> names = new ArrayList<>();
    Iterator<String> it = state(reservedSnapshot(), "m", Map.of()).fieldNames();
    it.forEachRemaining(names::add);
    assertThat(names)
        .containsSubsequence(
            "version",
            "build_date",
            "build_time",
            "build_user",
            "start_time",
            "id",
            "pid",
            "hostname",
            "capabilities",
            "resources",
            "reserved_resources",
            "unreserved_resources",
            "reserved_resources_full",
            "unreserved_resources_full",
            "reserved_resources_allocated",
            "unreserved_resources_allocated",
            "resource_providers",
            "attributes",
            "master_hostname",
            "flags",
            "frameworks",
            "completed_frameworks",
            "mezzo_version");
  }

  @Test
  void reservedAndAllocatedResourcesAreSplitByRole() {
    JsonNode st = state(reservedSnapshot(), null, Map.of());
    assertThat(st.get("reserved_resources").get("web").get("cpus").asDouble()).isEqualTo(1.0);
    assertThat(st.get("unreserved_resources").get("cpus").asDouble()).isEqualTo(2.0);
    JsonNode full = st.get("reserved_resources_full").get("web");
    assertThat(full).hasSize(1);
    assertThat(full.get(0).get("name").asText()).isEqualTo("cpus");
    assertThat(full.get(0).get("scalar").get("value").asDouble()).isEqualTo(1.0);
    assertThat(st.get("unreserved_resources_full"))
        .extracting(r -> r.get("name").asText())
        .containsExactlyInAnyOrder("cpus", "mem", "ports");
    assertThat(st.get("reserved_resources_allocated").get("web").get("cpus").asDouble())
        .isEqualTo(0.25);
    assertThat(st.get("unreserved_resources_allocated").get("cpus").asDouble()).isEqualTo(0.5);
    assertThat(st.get("unreserved_resources_allocated").get("mem").asDouble()).isEqualTo(64.0);
  }

  @Test
  void whatIsNotKnownIsLeftOutAsMesosLeavesItOut() {
    VersionInfo bare = new VersionInfo("1.11.0", null, null, "mezzo", null, null, null);
    JsonNode st =
        AgentStateJson.state(
            AgentViewsTest.snapshot(), CONFIG, Map.of(), Instant.EPOCH, bare, null);
    assertThat(st.has("git_sha")).isFalse();
    assertThat(st.has("git_branch")).isFalse();
    assertThat(st.has("master_hostname")).isFalse();
    assertThat(st.has("log_dir")).isFalse();
    assertThat(st.get("build_date").asText()).isEmpty();
    assertThat(st.get("build_time").isNumber()).isTrue();
  }

  @Test
  void noMasterHostnameBeforeTheAgentRegisters() {
    AgentSnapshot s = AgentViewsTest.snapshot();
    AgentSnapshot unregistered =
        new AgentSnapshot(
            s.state(),
            s.agentId(),
            null,
            s.hostname(),
            s.endpoint(),
            s.resources(),
            s.used(),
            s.attributes(),
            s.frameworks(),
            s.completedTasks());
    assertThat(state(unregistered, "master.example", Map.of()).has("master_hostname")).isFalse();
  }

  private static ContainerReport report(String fw, String executor, String container) {
    return new ContainerReport(
        FrameworkId.of(fw),
        ExecutorId.of(executor),
        "Command Executor (Task: " + executor + ")",
        ContainerId.of(container),
        new TaskStatus.ContainerStatus(ContainerId.of(container), null, 42),
        new ContainerUsage(2.0, 0.5, 0.1, 0.05, 64L * 1024 * 1024, 1024L, 2));
  }

  @Test
  void containersAreSelectedAsMesosSelectsThem() {
    List<ContainerReport> all =
        List.of(report("F1", "e1", "c1"), report("F1", "e2", "c2"), report("F2", "e1", "c3"));
    assertThat(AgentStateJson.containers(all, null, null, null)).hasSize(3);
    assertThat(AgentStateJson.containers(all, "c2", null, null))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.get("executor_id").asText()).isEqualTo("e2");
              assertThat(c.get("status").get("container_id").get("value").asText()).isEqualTo("c2");
              assertThat(c.get("statistics").get("mem_rss_bytes").asLong()).isEqualTo(1024L);
            });
    assertThat(AgentStateJson.containers(all, null, "F1", null)).hasSize(2);
    assertThat(AgentStateJson.containers(all, null, "F2", "e1"))
        .singleElement()
        .satisfies(c -> assertThat(c.get("container_id").asText()).isEqualTo("c3"));
  }

  @Test
  void containersRefuseTheSelectionsMesosRefuses() {
    List<ContainerReport> all = List.of(report("F1", "e1", "c1"));
    assertThatThrownBy(() -> AgentStateJson.containers(all, "c1", "F1", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("container_id only");
    assertThatThrownBy(() -> AgentStateJson.containers(all, null, null, "e1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("executor_id and framework_id only");
  }
}
