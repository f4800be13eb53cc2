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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Persistent volumes on the packaged jar, as a stateful framework uses them: role {@code eng}
 * reserves disk, creates a volume on it and runs a task that writes a file into it, all in one
 * ACCEPT; the task ends, the volume is offered back, and a second task finds the file. The agent is
 * killed and started again on its work dir: the volume (and its reservation) is still offered, its
 * data still there. DESTROY deletes the data. Every event the framework got parses strictly as
 * {@code mesos.v1.scheduler.Event}.
 */
class VolumeIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ENDED = Set.of("TASK_FINISHED", "TASK_FAILED", "TASK_ERROR");

  private static String frameworkInfo() {
    return "{\"user\":\""
        + System.getProperty("user.name")
        + "\",\"name\":\"volume-it\",\"role\":\"eng\",\"principal\":\"alice\","
        + "\"failover_timeout\":0.0,\"checkpoint\":true}";
  }

  private static ObjectNode reservedDisk(double mb, JsonNode allocation) {
    ObjectNode r = JSON.createObjectNode();
    r.put("name", "disk").put("type", "SCALAR").putObject("scalar").put("value", mb);
    r.put("role", "eng");
    r.putObject("reservation").put("principal", "alice");
    r.set("allocation_info", allocation);
    return r;
  }

  private static ObjectNode volume(JsonNode allocation) {
    ObjectNode v = reservedDisk(64, allocation);
    ObjectNode disk = v.putObject("disk");
    disk.putObject("persistence").put("id", "it-data").put("principal", "alice");
    disk.putObject("volume").put("mode", "RW").put("container_path", "data");
    return v;
  }

  private static boolean hasVolume(JsonNode offer) {
    for (JsonNode r : offer.path("resources")) {
      if ("it-data".equals(r.at("/disk/persistence/id").asText())) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode task(String id, String command, JsonNode offer) throws Exception {
    ObjectNode task =
        (ObjectNode) JSON.readTree(V1SchedulerClient.commandTask(id, 0.1, 32, command));
    task.set("agent_id", offer.get("agent_id"));
    for (JsonNode r : task.path("resources")) {
      ((ObjectNode) r).set("allocation_info", offer.get("allocation_info"));
    }
    ((ArrayNode) task.get("resources")).add(volume(offer.get("allocation_info")));
    return task;
  }

  private static ObjectNode accept(V1SchedulerClient f, JsonNode offer) {
    ObjectNode call = f.newCall("ACCEPT");
    ObjectNode accept = call.putObject("accept");
    accept.putArray("offer_ids").add(offer.get("id"));
    accept.putObject("filters").put("refuse_seconds", 0.0);
    return call;
  }

  private static void launch(V1SchedulerClient f, JsonNode offer, ObjectNode task) {
    ObjectNode call = accept(f, offer);
    ArrayNode ops = ((ObjectNode) call.get("accept")).putArray("operations");
    ops.addObject().put("type", "LAUNCH").putObject("launch").putArray("task_infos").add(task);
    assertThat(f.call(call.toString()).status()).isEqualTo(202);
  }

  private static void finished(V1SchedulerClient f, String taskId) {
    JsonNode status = f.awaitUpdate(taskId, ENDED, TIMEOUT);
    assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("TASK_FINISHED");
  }

  @Test
  void aVolumeKeepsATasksDataForTheNextTaskAndAcrossAnAgentRestart() throws Exception {
    try (MezzoProcess master = MezzoProcess.master("volume-master")) {
      MezzoProcess agent = MezzoProcess.agent("volume-agent-1", master.baseUrl());
      Path workDir = agent.workDir();
      Path data = workDir.resolve("agent/volumes/roles/eng/it-data");
      String agentId;
      try (V1SchedulerClient f = V1SchedulerClient.subscribe(master.baseUrl(), frameworkInfo())) {
        JsonNode offer = f.awaitOffer(o -> V1SchedulerClient.scalar(o, "disk") >= 64, TIMEOUT);
        agentId = offer.at("/agent_id/value").asText();
        JsonNode alloc = offer.get("allocation_info");
        ObjectNode call = accept(f, offer);
        ArrayNode ops = ((ObjectNode) call.get("accept")).putArray("operations");
        ops.addObject()
            .put("type", "RESERVE")
            .putObject("reserve")
            .putArray("resources")
            .add(reservedDisk(64, alloc));
        // With an id the framework is told the volume exists, and acknowledges it.
        ObjectNode create = ops.addObject().put("type", "CREATE");
        create.putObject("id").put("value", "create-it-data");
        create.putObject("create").putArray("volumes").add(volume(alloc));
        ObjectNode writer = task("writer", "echo hello > data/f", offer);
        ops.addObject()
            .put("type", "LAUNCH")
            .putObject("launch")
            .putArray("task_infos")
            .add(writer);
        assertThat(f.call(call.toString()).status()).isEqualTo(202);
        JsonNode created =
            f.awaitEvent("UPDATE_OPERATION_STATUS", TIMEOUT).at("/update_operation_status/status");
        assertThat(created.path("state").asText())
            .as(created.toString())
            .isEqualTo("OPERATION_FINISHED");
        assertThat(created.at("/operation_id/value").asText()).isEqualTo("create-it-data");
        ObjectNode ack = f.newCall("ACKNOWLEDGE_OPERATION_STATUS");
        ObjectNode body = ack.putObject("acknowledge_operation_status");
        body.set("agent_id", created.get("agent_id"));
        body.set("uuid", created.at("/uuid/value"));
        body.set("operation_id", created.get("operation_id"));
        assertThat(f.call(ack.toString()).status()).isEqualTo(202);
        finished(f, "writer");

        // The volume comes back to eng once the writer is done; the reader finds the file.
        JsonNode again = f.awaitOffer(VolumeIT::hasVolume, TIMEOUT);
        launch(f, again, task("reader", "test \"$(cat data/f)\" = hello", again));
        finished(f, "reader");
        assertThat(Files.readString(data.resolve("f")).trim()).isEqualTo("hello");
        f.awaitOffer(VolumeIT::hasVolume, TIMEOUT);
        for (String raw : f.allRawEvents()) {
          ProtoOracle.check(SCHEDULER_EVENT, raw);
        }
      }
      int port = agent.port();
      agent.crash();
      try (MezzoProcess restarted =
              MezzoProcess.start(
                  "volume-agent-2",
                  "agent",
                  Map.of(
                      "mezzo.master", master.baseUrl().toString(),
                      "mezzo.agent.resources", MezzoProcess.AGENT_RESOURCES,
                      "quarkus.http.port", Integer.toString(port),
                      "mezzo.work-dir", workDir.toAbsolutePath().toString()));
          V1SchedulerClient f = V1SchedulerClient.subscribe(master.baseUrl(), frameworkInfo())) {
        JsonNode offer = f.awaitOffer(VolumeIT::hasVolume, TIMEOUT);
        assertThat(offer.at("/agent_id/value").asText()).isEqualTo(agentId);
        launch(f, offer, task("after-restart", "test \"$(cat data/f)\" = hello", offer));
        finished(f, "after-restart");

        // DESTROY gives the disk back to the reservation and deletes the data.
        JsonNode last = f.awaitOffer(VolumeIT::hasVolume, TIMEOUT);
        ObjectNode destroy = accept(f, last);
        ((ObjectNode) destroy.get("accept"))
            .putArray("operations")
            .addObject()
            .put("type", "DESTROY")
            .putObject("destroy")
            .putArray("volumes")
            .add(volume(last.get("allocation_info")));
        assertThat(f.call(destroy.toString()).status()).isEqualTo(202);
        await("the agent deletes the destroyed volume's data")
            .atMost(TIMEOUT)
            .until(() -> !Files.exists(data));
        assertThat(restarted.isAlive()).isTrue();
        for (String raw : f.allRawEvents()) {
          ProtoOracle.check(SCHEDULER_EVENT, raw);
        }
      }
    }
  }
}
