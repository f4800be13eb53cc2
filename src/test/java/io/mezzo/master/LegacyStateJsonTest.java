package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
import static io.mezzo.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskState;
import io.mezzo.master.operator.LegacyStateJson;
import io.mezzo.master.operator.LegacySummaryJson;
import io.mezzo.master.operator.MasterMetricsSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The master's legacy JSON has Mesos's shapes (MESOS-API.md §4.3): the keys the Mesos web UI and
 * old tools read are present with the right JSON types, and resources are flat models.
 */
class LegacyStateJsonTest {
  private final MasterHarness h = new MasterHarness();
  private MasterHarness.Fw fw;
  private MasterHarness.Ag agent;

  @BeforeEach
  void busyCluster() {
    agent = h.registerAgent("cpus:4;mem:1024;disk:1000;ports:[31000-32000]");
    fw = h.subscribe("legacy");
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("done", offer, 0.5, 64), task("running", offer, 1, 128));
    agent.update(fw, "running", TaskState.TASK_RUNNING);
    fw.acknowledge(fw.lastUpdate());
    agent.update(fw, "done", TaskState.TASK_FINISHED);
    fw.acknowledge(fw.lastUpdate());
    h.advance(Duration.ofSeconds(6));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private ObjectNode read(Function<MasterState, ObjectNode> f) {
    return get(h.master.inspect(f));
  }

  @Test
  void stateHasTheTopLevelKeysOfMesos() {
    ObjectNode state = read(s -> LegacyStateJson.state(s, Map.of("port", "5050")));
    assertThat(state.get("version").isTextual()).isTrue();
    assertThat(state.get("start_time").isNumber()).isTrue();
    assertThat(state.get("elected_time").isNumber()).isTrue();
    assertThat(state.get("id").asText()).isEqualTo("m1");
    assertThat(state.get("pid").asText()).isEqualTo("master@127.0.0.1:5050");
    assertThat(state.get("leader").asText()).isEqualTo(state.get("pid").asText());
    assertThat(state.get("leader_info").get("port").isInt()).isTrue();
    assertThat(state.get("activated_slaves").asInt()).isEqualTo(1);
    assertThat(state.get("deactivated_slaves").asInt()).isZero();
    assertThat(state.get("flags").get("port").asText()).isEqualTo("5050");
    for (String list :
        List.of(
            "slaves",
            "recovered_slaves",
            "frameworks",
            "completed_frameworks",
            "orphan_tasks",
            "unregistered_frameworks",
            "capabilities")) {
      assertThat(state.get(list).isArray()).as(list).isTrue();
    }
  }

  @Test
  void slaveEntriesUseSlaveNamingAndFlatResourceModels() {
    JsonNode slave = read(s -> LegacyStateJson.state(s, Map.of())).get("slaves").get(0);
    assertThat(slave.get("id").asText()).isEqualTo(agent.id.value());
    assertThat(slave.get("pid").asText()).isEqualTo("slave(1)@127.0.0.1:5051");
    assertThat(slave.get("port").asInt()).isEqualTo(5051);
    JsonNode resources = slave.get("resources");
    assertThat(resources.get("cpus").asDouble()).isEqualTo(4.0);
    assertThat(resources.get("gpus").asDouble()).isZero();
    assertThat(resources.get("mem").asDouble()).isEqualTo(1024.0);
    assertThat(resources.get("disk").asDouble()).isEqualTo(1000.0);
    assertThat(resources.get("ports").asText()).isEqualTo("[31000-32000]");
    assertThat(slave.get("used_resources").get("cpus").asDouble()).isEqualTo(1.0);
    assertThat(slave.get("offered_resources").get("cpus").asDouble()).isEqualTo(3.0);
    assertThat(slave.get("active").asBoolean()).isTrue();
    assertThat(slave.get("registered_time").isNumber()).isTrue();
    for (String key :
        List.of(
            "attributes",
            "reserved_resources",
            "unreserved_resources",
            "reserved_resources_full",
            "unreserved_resources_full",
            "used_resources_full",
            "offered_resources_full",
            "version",
            "capabilities")) {
      assertThat(slave.has(key)).as(key).isTrue();
    }
  }

  @Test
  void frameworkEntriesCarryTheirTasksOffersAndExecutors() {
    JsonNode f = read(s -> LegacyStateJson.frameworks(s, null)).get("frameworks").get(0);
    assertThat(f.get("id").asText()).isEqualTo(fw.id.value());
    assertThat(f.get("name").asText()).isEqualTo("legacy");
    assertThat(f.get("active").asBoolean()).isTrue();
    assertThat(f.get("role").asText()).isEqualTo("*");
    assertThat(f.get("used_resources").get("cpus").asDouble()).isEqualTo(1.0);
    assertThat(f.get("tasks")).hasSize(1);
    assertThat(f.get("completed_tasks")).hasSize(1);
    assertThat(f.get("unreachable_tasks")).isEmpty();
    assertThat(f.get("offers")).hasSize(1);
    assertThat(f.get("offers").get(0).get("slave_id").asText()).isEqualTo(agent.id.value());
    assertThat(f.get("executors").isArray()).isTrue();
    for (String key :
        List.of(
            "capabilities",
            "hostname",
            "webui_url",
            "connected",
            "recovered",
            "user",
            "failover_timeout",
            "checkpoint",
            "registered_time",
            "unregistered_time",
            "resources",
            "offered_resources",
            "roles",
            "labels")) {
      assertThat(f.has(key)).as(key).isTrue();
    }
    JsonNode task = f.get("tasks").get(0);
    assertThat(task.get("id").asText()).isEqualTo("running");
    assertThat(task.get("slave_id").asText()).isEqualTo(agent.id.value());
    assertThat(task.get("framework_id").asText()).isEqualTo(fw.id.value());
    assertThat(task.get("executor_id").asText()).isEmpty();
    assertThat(task.get("state").asText()).isEqualTo("TASK_RUNNING");
    assertThat(task.get("resources").get("mem").asDouble()).isEqualTo(128.0);
    assertThat(task.get("statuses").get(0).get("state").asText()).isEqualTo("TASK_RUNNING");
    assertThat(task.get("statuses").get(0).get("timestamp").isNumber()).isTrue();
    assertThat(read(s -> LegacyStateJson.frameworks(s, "other")).get("frameworks")).isEmpty();
  }

  @Test
  void stateSummaryCountsTasksPerAgentAndFramework() {
    ObjectNode summary = read(LegacySummaryJson::stateSummary);
    JsonNode slave = summary.get("slaves").get(0);
    assertThat(slave.get("TASK_RUNNING").asInt()).isEqualTo(1);
    assertThat(slave.get("TASK_FINISHED").asInt()).isEqualTo(1);
    assertThat(slave.get("TASK_STAGING").asInt()).isZero();
    assertThat(slave.get("framework_ids").get(0).asText()).isEqualTo(fw.id.value());
    JsonNode framework = summary.get("frameworks").get(0);
    assertThat(framework.get("TASK_RUNNING").asInt()).isEqualTo(1);
    assertThat(framework.get("slave_ids").get(0).asText()).isEqualTo(agent.id.value());
    assertThat(framework.has("tasks")).as("the summary leaves tasks out").isFalse();
  }

  @Test
  void tasksArePagedAndOrdered() {
    var all = LegacySummaryJson.Query.parse(null, null, "asc", null, null);
    assertThat(read(s -> LegacySummaryJson.tasks(s, all)).get("tasks")).hasSize(2);
    var one = LegacySummaryJson.Query.parse("1", "1", "asc", null, null);
    assertThat(read(s -> LegacySummaryJson.tasks(s, one)).get("tasks")).hasSize(1);
    var byId = LegacySummaryJson.Query.parse(null, null, null, fw.id.value(), "done");
    assertThat(
            read(s -> LegacySummaryJson.tasks(s, byId)).get("tasks").get(0).get("state").asText())
        .isEqualTo("TASK_FINISHED");
    assertThatThrownBy(() -> LegacySummaryJson.Query.parse("-1", null, null, null, null))
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> LegacySummaryJson.Query.parse(null, "x", null, null, null))
        .hasMessageContaining("offset");
    assertThatThrownBy(() -> LegacySummaryJson.Query.parse(null, null, "up", null, null))
        .hasMessageContaining("order");
  }

  @Test
  void rolesHaveWeightsFrameworksAndResources() {
    JsonNode role = read(LegacySummaryJson::roles).get("roles").get(0);
    assertThat(role.get("name").asText()).isEqualTo("*");
    assertThat(role.get("weight").asDouble()).isEqualTo(1.0);
    assertThat(role.get("frameworks").get(0).asText()).isEqualTo(fw.id.value());
    assertThat(role.get("allocated").get("cpus").asDouble()).isEqualTo(1.0);
    assertThat(role.get("offered").get("cpus").asDouble()).isEqualTo(3.0);
    assertThat(role.get("quota").get("role").asText()).isEqualTo("*");
  }

  @Test
  void metricsUseMesosNames() {
    Map<String, Double> m = get(h.master.inspect(s -> MasterMetricsSnapshot.of(s, 0)));
    assertThat(m)
        .containsEntry("master/elected", 1.0)
        .containsEntry("master/cpus_total", 4.0)
        .containsEntry("master/cpus_used", 1.0)
        .containsEntry("master/tasks_running", 1.0)
        .containsEntry("master/tasks_finished", 1.0)
        .containsEntry("master/slaves_active", 1.0)
        .containsEntry("master/frameworks_active", 1.0)
        .containsEntry("master/outstanding_offers", 1.0)
        .containsKeys(
            "master/mem_total",
            "master/disk_used",
            "master/tasks_staging",
            "master/tasks_unreachable",
            "master/slaves_unreachable",
            "master/uptime_secs",
            "allocator/mesos/allocation_runs",
            "allocator/mesos/allocation_run_ms",
            "master/slave_registrations",
            "master/valid_status_updates");
  }
}
